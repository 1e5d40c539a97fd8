/**
 * The finalize function's report files against the AWS emulator, through the SDK's own client: a
 * file over 5 MiB written as a multipart upload of several parts (with their CRC32 checksums) and
 * read back whole; a small file as one object; a file given up leaves neither an object nor an
 * upload in progress.
 */
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { S3FileDestination, S3_MIN_PART_BYTES } from '@palisade/serverless/s3-file-destination';
import { REGION, credentialsFor, randomAccountId } from './seed.ts';

const emulator = inject('awsEmulator');
const endpoint = 'url' in emulator ? emulator.url : undefined;
const skipped = 'skipped' in emulator ? ` (SKIPPED: ${emulator.skipped})` : '';

/** `bytes` bytes of a repeating pattern, so that a part out of place would change the object. */
function pattern(bytes: number, seed: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  for (let index = 0; index < bytes; index++) buffer[index] = (index * 31 + seed) % 251;
  return buffer;
}

describe.skipIf(!endpoint)(`report files written to S3 against the AWS emulator${skipped}`, () => {
  const bucket = `reports-${Math.random().toString(16).slice(2, 10)}`;
  let s3: S3Client;
  const sent: string[] = [];

  beforeAll(async () => {
    const credentials = await credentialsFor(endpoint!, randomAccountId());
    s3 = new S3Client({ endpoint: endpoint!, region: REGION, credentials, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  afterAll(() => s3?.destroy());

  const destination = () =>
    new S3FileDestination({
      client: { send: (command: Parameters<S3Client['send']>[0]) => (sent.push(command.constructor.name), s3.send(command)) },
      bucket,
      prefix: 'reports/tenant/scan/',
      partBytes: S3_MIN_PART_BYTES,
    });

  it('writes a file over 5 MiB in several parts and reads it back whole', async () => {
    sent.length = 0;
    const file = await destination().open('palisade.ocsf.json');
    const chunks = Array.from({ length: 12 }, (_, index) => pattern(1_000_000 + index * 7, index));
    for (const chunk of chunks) await file.append([chunk]);
    await file.close();

    const expected = Buffer.concat(chunks);
    expect(expected.length).toBeGreaterThan(2 * S3_MIN_PART_BYTES);
    expect(sent).toEqual(['CreateMultipartUploadCommand', 'UploadPartCommand', 'UploadPartCommand', 'UploadPartCommand', 'CompleteMultipartUploadCommand']);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'reports/tenant/scan/palisade.ocsf.json' }));
    expect(object.ContentType).toBe('application/json');
    expect(object.ContentLength).toBe(expected.length);
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(expected)).toBe(true);
  });

  it('puts a file under one part as one object', async () => {
    sent.length = 0;
    const file = await destination().open('palisade.csv');
    await file.append([Buffer.from('a,b\n'), Buffer.from('1,2\n')]);
    await file.close();
    expect(sent).toEqual(['PutObjectCommand']);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'reports/tenant/scan/palisade.csv' }));
    expect(await object.Body!.transformToString()).toBe('a,b\n1,2\n');
  });

  it('leaves no object and no upload in progress for a file given up', async () => {
    const file = await destination().open('palisade.html');
    await file.append([pattern(S3_MIN_PART_BYTES + 1_000, 7)]);
    await file.abort();
    await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'reports/tenant/scan/palisade.html' }))).rejects.toMatchObject({ name: 'NotFound' });
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'reports/tenant/scan/' }));
    expect(uploads.Uploads ?? []).toEqual([]);
  });
});
