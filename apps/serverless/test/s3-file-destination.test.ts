/**
 * The report files of the finalize function written straight into S3: multipart uploads whose parts
 * are sent as they fill (5 MiB or more but the last), a PutObject for a file under one part, the
 * upload aborted when the file is given up or a part fails, and the file sinks' names kept as keys
 * under `reports/<tenant>/<scan>/`. Against an in-memory bucket shaped like the SDK's client.
 */
import { describe, expect, it } from 'vitest';
import type { Finding, FindingCheck } from '@palisade/core';
import { createFileSinks } from '@palisade/outputs';
import { reportBucket } from '../src/handlers/context.ts';
import { S3FileDestination, S3RequestError, S3_MIN_PART_BYTES } from '../src/s3-file-destination.ts';
import { FakeS3MultipartClient, s3Error } from './fake-s3-multipart-client.ts';

const MiB = 2 ** 20;
const PREFIX = 'reports/tenant-1/scan-1/';

/** `bytes` bytes of a repeating pattern, so that a part out of place would change the object. */
function pattern(bytes: number, seed: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  for (let index = 0; index < bytes; index++) buffer[index] = (index * 31 + seed) % 251;
  return buffer;
}

function destination(client: FakeS3MultipartClient, partBytes = S3_MIN_PART_BYTES) {
  return new S3FileDestination({ client, bucket: 'reports', prefix: PREFIX, partBytes });
}

describe('S3FileDestination', () => {
  it('sends a file of several parts as a multipart upload, parts of the part size but the last, with their checksums', async () => {
    const client = new FakeS3MultipartClient();
    const file = await destination(client).open('palisade.ocsf.json');
    // Appends of uneven sizes from one reused buffer, as the writers hand them over.
    const written: Buffer[] = [];
    const reused = Buffer.alloc(700 * 1024);
    for (let index = 0; index < 18; index++) {
      const chunk = pattern(reused.length - index * 1024, index);
      chunk.copy(reused);
      written.push(chunk);
      await file.append([reused.subarray(0, chunk.length), Buffer.from(`,${index}\n`)]);
      written.push(Buffer.from(`,${index}\n`));
    }
    await file.close();

    const expected = Buffer.concat(written);
    expect(expected.length).toBeGreaterThan(2 * S3_MIN_PART_BYTES);
    expect(client.objects.get(`${PREFIX}palisade.ocsf.json`)?.body.equals(expected)).toBe(true);
    expect(client.objects.get(`${PREFIX}palisade.ocsf.json`)?.contentType).toBe('application/json');
    expect(client.names()).toEqual(['CreateMultipartUploadCommand', 'UploadPartCommand', 'UploadPartCommand', 'UploadPartCommand', 'CompleteMultipartUploadCommand']);
    const [create, ...rest] = client.sent;
    expect(create!.input).toEqual({ Bucket: 'reports', Key: `${PREFIX}palisade.ocsf.json`, ContentType: 'application/json', ChecksumAlgorithm: 'CRC32' });
    const parts = rest.filter((command) => command.name === 'UploadPartCommand').map((command) => [command.input['PartNumber'], (command.input['Body'] as Buffer).length]);
    expect(parts).toEqual([
      [1, S3_MIN_PART_BYTES],
      [2, S3_MIN_PART_BYTES],
      [3, expected.length - 2 * S3_MIN_PART_BYTES],
    ]);
    const completed = rest.at(-1)!.input['MultipartUpload'] as { Parts: { PartNumber: number; ETag: string; ChecksumCRC32?: string }[] };
    expect(completed.Parts.map((part) => part.PartNumber)).toEqual([1, 2, 3]);
    expect(completed.Parts.every((part) => part.ETag.startsWith('"') && part.ChecksumCRC32)).toBe(true);
    expect(client.uploads.size).toBe(0);
  });

  it('puts a file that never fills a part as one object, and the status reports whole', async () => {
    const client = new FakeS3MultipartClient();
    const reports = destination(client);
    const file = await reports.open('palisade.csv');
    await file.append([Buffer.from('a,b\n'), Buffer.from('1,2\n')]);
    await file.close();
    await reports.put('compliance/palisade_cis-aws-3.0.json', '{}\n');
    expect(client.names()).toEqual(['PutObjectCommand', 'PutObjectCommand']);
    expect(client.objects.get(`${PREFIX}palisade.csv`)).toEqual({ body: Buffer.from('a,b\n1,2\n'), contentType: 'text/csv; charset=utf-8' });
    expect(client.objects.get(`${PREFIX}compliance/palisade_cis-aws-3.0.json`)?.body.toString()).toBe('{}\n');
    expect(reports.locate('palisade.csv')).toBe(`s3://reports/${PREFIX}palisade.csv`);
  });

  it('keeps at most the parts in flight it is given, and no more than one part being filled', async () => {
    const client = new FakeS3MultipartClient();
    let inFlight = 0;
    let most = 0;
    const counting = {
      send: async (command: object) => {
        const part = command.constructor.name === 'UploadPartCommand';
        if (part) most = Math.max(most, ++inFlight);
        try {
          return await client.send(command);
        } finally {
          if (part) inFlight--;
        }
      },
    };
    const file = await new S3FileDestination({ client: counting, bucket: 'reports', prefix: PREFIX, partBytes: S3_MIN_PART_BYTES, partsInFlight: 2 }).open('palisade.html');
    await file.append([pattern(6 * S3_MIN_PART_BYTES + 10, 1)]);
    await file.close();
    expect(client.names().filter((name) => name === 'UploadPartCommand')).toHaveLength(7);
    expect(most).toBe(2);
  });

  it('aborts the upload when the file is given up, leaving no object and no parts', async () => {
    const client = new FakeS3MultipartClient();
    const file = await destination(client).open('palisade.html');
    await file.append([pattern(2 * S3_MIN_PART_BYTES + MiB, 2)]);
    await file.abort();
    await file.abort();
    expect(client.names()).toEqual(['CreateMultipartUploadCommand', 'UploadPartCommand', 'UploadPartCommand', 'AbortMultipartUploadCommand']);
    expect(client.sent.at(-1)!.input).toEqual({ Bucket: 'reports', Key: `${PREFIX}palisade.html`, UploadId: 'upload-1' });
    expect(client.objects.size).toBe(0);
    expect(client.uploads.size).toBe(0);
  });

  it('reports a part S3 refused with the action and its code, and aborts the upload when given up', async () => {
    const client = new FakeS3MultipartClient();
    client.failNext.set('UploadPartCommand', s3Error('SlowDown', 503, 'Please reduce your request rate.'));
    const file = await destination(client).open('palisade.ocsf.json');
    await file.append([pattern(S3_MIN_PART_BYTES, 3)]);
    const failure = await file.close().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(S3RequestError);
    expect(failure).toMatchObject({ action: 'UploadPart', code: 'SlowDown', message: 'UploadPart: SlowDown (Please reduce your request rate.)' });
    await file.abort();
    expect(client.names()).toEqual(['CreateMultipartUploadCommand', 'UploadPartCommand', 'AbortMultipartUploadCommand']);
    expect(client.objects.size).toBe(0);
    expect(client.uploads.size).toBe(0);
  });

  it('refuses a part size under S3 minimum', () => {
    expect(() => destination(new FakeS3MultipartClient(), S3_MIN_PART_BYTES - 1)).toThrow(RangeError);
  });
});

describe('the reports bucket of the serverless deployment', () => {
  const scan = { scanId: 'scan-1', startedAt: '2026-01-01T00:00:00.000Z', productVersion: 'test' };
  const check: FindingCheck = {
    id: 'aws/s3-bucket-default-encryption',
    provider: 'aws',
    service: 's3',
    resourceType: 'AwsS3Bucket',
    severity: 'medium',
    title: 'S3 buckets encrypt objects by default',
    description: 'Default encryption is set on the bucket.',
    risk: 'Objects stored without encryption at rest.',
    remediation: { summary: 'Set default encryption.' },
    references: [],
    categories: ['encryption'],
  };
  /** Findings enough for an OCSF file of several parts. */
  const findings: Finding[] = Array.from({ length: 12_000 }, (_, index) => ({
    uid: `palisade-aws-123456789012-s3-bucket-default-encryption-bucket-${index}`,
    scanId: scan.scanId,
    check,
    status: index % 4 === 0 ? 'PASS' : 'FAIL',
    message: `Bucket bucket-${index} ${index % 4 === 0 ? 'encrypts' : 'does not encrypt'} objects by default.`,
    severity: 'medium',
    provider: 'aws',
    partition: 'aws',
    accountId: '123456789012',
    accountName: 'production',
    region: 'eu-west-1',
    resource: { uid: `arn:aws:s3:::bucket-${index}`, type: 'AwsS3Bucket', name: `bucket-${index}`, region: 'eu-west-1' },
    time: '2026-01-01T00:05:00.000Z',
    compliance: ['cis-aws-3.0:2.1.1'],
  }));

  it('receives the file sinks under reports/<tenant>/<scan>/, the OCSF file in parts, and gives the export every file', async () => {
    const client = new FakeS3MultipartClient();
    const bucket = reportBucket(client, 'reports', (tenantId, scanId) => `reports/${tenantId}/${scanId}/`, async () => 'https://example.test/');
    const files = await createFileSinks({ baseName: 'palisade', formats: ['json-ocsf', 'csv', 'html'], frameworks: ['cis-aws-3.0'], scan, destination: bucket.destination('tenant-1', 'scan-1') });
    for (let start = 0; start < findings.length; start += 1_000) for (const sink of files.sinks) await sink.write(findings.slice(start, start + 1_000));
    await files.complete();

    expect([...client.objects.keys()].sort()).toEqual(
      [
        'palisade.ocsf.json',
        'palisade.csv',
        'palisade.html',
        'compliance/palisade_cis-aws-3.0.findings.csv',
        'compliance/palisade_cis-aws-3.0.findings.jsonl',
        'compliance/palisade_cis-aws-3.0.json',
        'compliance/palisade_cis-aws-3.0.csv',
      ]
        .map((name) => `${PREFIX}${name}`)
        .sort(),
    );
    expect(files.files[0]).toBe(`s3://reports/${PREFIX}palisade.ocsf.json`);
    const ocsf = client.objects.get(`${PREFIX}palisade.ocsf.json`)!.body;
    expect(ocsf.length).toBeGreaterThan(S3_MIN_PART_BYTES * 2);
    expect((JSON.parse(ocsf.toString('utf8')) as unknown[]).length).toBe(findings.length);
    expect(client.sent.filter((command) => command.name === 'UploadPartCommand' && command.input['Key'] === `${PREFIX}palisade.ocsf.json`).length).toBe(Math.ceil(ocsf.length / (8 * MiB)));
    expect(client.uploads.size).toBe(0);

    const exported = await bucket.files('tenant-1', 'scan-1');
    expect(exported.map((file) => [file.keySuffix, file.contentType])).toEqual([
      ['compliance/palisade_cis-aws-3.0.csv', 'text/csv; charset=utf-8'],
      ['compliance/palisade_cis-aws-3.0.findings.csv', 'text/csv; charset=utf-8'],
      ['compliance/palisade_cis-aws-3.0.findings.jsonl', 'application/x-ndjson'],
      ['compliance/palisade_cis-aws-3.0.json', 'application/json'],
      ['palisade.csv', 'text/csv; charset=utf-8'],
      ['palisade.html', 'text/html; charset=utf-8'],
      ['palisade.ocsf.json', 'application/json'],
    ]);
    expect(Buffer.from(exported.at(-1)!.body).equals(ocsf)).toBe(true);
  });

  it('aborts every upload under way and deletes what was completed when the scan fails', async () => {
    const client = new FakeS3MultipartClient();
    const bucket = reportBucket(client, 'reports', (tenantId, scanId) => `reports/${tenantId}/${scanId}/`, async () => 'https://example.test/');
    const files = await createFileSinks({ baseName: 'palisade', formats: ['json-ocsf', 'csv'], frameworks: [], scan, destination: bucket.destination('tenant-1', 'scan-1') });
    for (let start = 0; start < findings.length; start += 1_000) for (const sink of files.sinks) await sink.write(findings.slice(start, start + 1_000));
    for (const sink of files.sinks) await sink.fail?.();
    expect(client.names().filter((name) => name === 'AbortMultipartUploadCommand')).toHaveLength(1);
    expect(client.names()).not.toContain('CompleteMultipartUploadCommand');
    expect(client.names().filter((name) => name === 'DeleteObjectCommand')).toHaveLength(2);
    expect(client.objects.size).toBe(0);
    expect(client.uploads.size).toBe(0);
  });

  it('names the file and S3 error code when a part fails, as an output error', async () => {
    const client = new FakeS3MultipartClient();
    const bucket = reportBucket(client, 'reports', (tenantId, scanId) => `reports/${tenantId}/${scanId}/`, async () => 'https://example.test/');
    const files = await createFileSinks({ baseName: 'palisade', formats: ['json-ocsf'], frameworks: [], scan, destination: bucket.destination('tenant-1', 'scan-1') });
    client.failNext.set('UploadPartCommand', s3Error('AccessDenied', 403, 'Access Denied'));
    let failure: unknown;
    for (let start = 0; start < findings.length && !failure; start += 1_000) {
      for (const sink of files.sinks) await sink.write(findings.slice(start, start + 1_000)).catch((error: unknown) => (failure ??= error));
    }
    failure ??= await files.complete().catch((error: unknown) => error);
    // Met by a later append or, when none came after the part failed, by the completion.
    expect(failure).toMatchObject({ code: 'OUTPUT', message: expect.stringMatching(/^Output file s3:\/\/reports\/reports\/tenant-1\/scan-1\/palisade\.ocsf\.json could not be (written|completed): UploadPart: AccessDenied \(Access Denied\)$/) });
    await files.discard();
    expect(client.names()).toContain('AbortMultipartUploadCommand');
    expect(client.uploads.size).toBe(0);
    expect(client.objects.size).toBe(0);
  });
});
