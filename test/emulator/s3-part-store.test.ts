/**
 * The S3 part store against the AWS emulator, through the SDK's own client: parts written
 * encrypted with a KMS key, read back, listed page after page and deleted in batches.
 */
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { S3PartStore } from '@palisade/engine';
import { REGION, credentialsFor, randomAccountId } from './seed.ts';

const emulator = inject('awsEmulator');
const endpoint = 'url' in emulator ? emulator.url : undefined;
const skipped = 'skipped' in emulator ? ` (SKIPPED: ${emulator.skipped})` : '';

describe.skipIf(!endpoint)(`the S3 part store against the AWS emulator${skipped}`, () => {
  const bucket = `parts-${Math.random().toString(16).slice(2, 10)}`;
  let s3: S3Client;
  let keyArn: string;

  beforeAll(async () => {
    const credentials = await credentialsFor(endpoint!, randomAccountId());
    s3 = new S3Client({ endpoint: endpoint!, region: REGION, credentials, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const kms = new KMSClient({ endpoint: endpoint!, region: REGION, credentials });
    keyArn = (await kms.send(new CreateKeyCommand({ Description: 'palisade parts' }))).KeyMetadata!.Arn!;
    kms.destroy();
  });

  afterAll(() => s3?.destroy());

  it('puts, gets, lists and deletes parts under a prefix, encrypted with the given KMS key', async () => {
    const store = new S3PartStore({ client: s3, bucket, prefix: 'palisade/parts', kmsKeyId: keyArn });
    const part = { accountId: '111111111111', regions: ['eu-west-1'], data: { buckets: [{ name: 'logs', public: false }] } };
    await store.put('scan-1/111111111111/eu-west-1', part);
    await store.put('scan-1/111111111111/global', { header: true });
    await store.put('scan-1/222222222222/global', { header: true });
    await store.put('scan-10/111111111111/global', { other: 'scan' });

    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'palisade/parts/scan-1/111111111111/eu-west-1.json' }));
    expect(head.ContentType).toBe('application/json');
    expect(head.ServerSideEncryption).toBe('aws:kms');
    expect(head.SSEKMSKeyId).toBe(keyArn);

    expect(await store.get('scan-1/111111111111/eu-west-1')).toEqual(part);
    expect(await store.get('scan-1/111111111111/us-east-1')).toBeUndefined();
    expect(await store.list('scan-1')).toEqual(['scan-1/111111111111/eu-west-1', 'scan-1/111111111111/global', 'scan-1/222222222222/global']);
    expect(await store.list('scan-1/111111111111/')).toEqual(['scan-1/111111111111/eu-west-1', 'scan-1/111111111111/global']);

    await store.delete('scan-1/111111111111');
    expect(await store.get('scan-1/111111111111/global')).toBeUndefined();
    expect(await store.list('scan-1')).toEqual(['scan-1/222222222222/global']);
    expect(await store.get('scan-10/111111111111/global')).toEqual({ other: 'scan' });
  });

  it('lists past a page of 1,000 objects and deletes 1,200 parts in two batches', async () => {
    // The SDK's client, counting the commands the store sends through it.
    const sent: string[] = [];
    const client = { send: (command: Parameters<S3Client['send']>[0]) => (sent.push(command.constructor.name), s3.send(command)) };
    const store = new S3PartStore({ client, bucket, prefix: 'bulk' });
    const regions = Array.from({ length: 1_200 }, (_, index) => `region-${String(index).padStart(4, '0')}`);
    // Written with the SDK directly, eight at a time: the store's own put is covered above.
    for (let start = 0; start < regions.length; start += 8) {
      await Promise.all(
        regions.slice(start, start + 8).map((region) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: `bulk/scan/111111111111/${region}.json`, Body: JSON.stringify({ region }), ContentType: 'application/json' }))),
      );
    }
    await store.put('scan/111111111111', { header: true });
    await store.put('scan/333333333333/global', { other: 'account' });

    sent.length = 0;
    const listed = await store.list('scan/111111111111');
    expect(sent).toEqual(['ListObjectsV2Command', 'ListObjectsV2Command']);
    expect(listed).toHaveLength(1_201);
    expect(listed[0]).toBe('scan/111111111111');
    expect(listed[1_200]).toBe('scan/111111111111/region-1199');
    expect(await store.get('scan/111111111111/region-0999')).toEqual({ region: 'region-0999' });

    sent.length = 0;
    await store.delete('scan/111111111111');
    expect(sent).toEqual(['ListObjectsV2Command', 'ListObjectsV2Command', 'DeleteObjectsCommand', 'DeleteObjectsCommand']);
    expect(await store.list('scan')).toEqual(['scan/333333333333/global']);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'bulk/' }));
    expect(left.Contents?.map((object) => object.Key)).toEqual(['bulk/scan/333333333333/global.json']);
  });
});
