import { describe, expect, it } from 'vitest';
import { InputError } from '@palisade/core';
import { FakeS3Client, s3Error } from '../test/fake-s3-client.ts';
import { S3PartStore } from './s3-part-store.ts';

describe('the S3 part store', () => {
  it('puts a part as <prefix>/<key>.json, JSON encrypted with KMS, and reads it back', async () => {
    const client = new FakeS3Client();
    const store = new S3PartStore({ client, bucket: 'parts', prefix: 'palisade/scans/' });
    await store.put('scan-1/111111111111/global', { header: true, regions: [] });

    expect(client.sent).toEqual([
      {
        name: 'PutObjectCommand',
        input: {
          Bucket: 'parts',
          Key: 'palisade/scans/scan-1/111111111111/global.json',
          Body: '{"header":true,"regions":[]}',
          ContentType: 'application/json',
        },
      },
    ]);
    expect(await store.get('scan-1/111111111111/global')).toEqual({ header: true, regions: [] });
    expect(client.sent[1]).toEqual({ name: 'GetObjectCommand', input: { Bucket: 'parts', Key: 'palisade/scans/scan-1/111111111111/global.json' } });
  });

  it('names the KMS key when one is given, and keys objects at the bucket root without a prefix', async () => {
    const client = new FakeS3Client();
    const store = new S3PartStore({ client, bucket: 'parts', kmsKeyId: 'alias/palisade-parts' });
    await store.put('scan-1/111111111111/eu-west-1', { regions: ['eu-west-1'] });
    expect(client.buckets.get('parts')!.get('scan-1/111111111111/eu-west-1.json')).toEqual({
      body: '{"regions":["eu-west-1"]}',
      contentType: 'application/json',
      serverSideEncryption: 'aws:kms',
      kmsKeyId: 'alias/palisade-parts',
    });
    expect(await store.list('scan-1')).toEqual(['scan-1/111111111111/eu-west-1']);
  });

  it('answers undefined for a missing part, and names the code and object of any other failure', async () => {
    const client = new FakeS3Client();
    const store = new S3PartStore({ client, bucket: 'parts', prefix: 'p' });
    expect(await store.get('scan/none')).toBeUndefined();

    client.failNext.set('GetObjectCommand', s3Error('AccessDenied', 403, 'Access Denied'));
    await expect(store.get('scan/none')).rejects.toThrow('S3 GetObject of s3://parts/p/scan/none.json failed: AccessDenied: Access Denied');
    client.failNext.set('PutObjectCommand', s3Error('KMS.DisabledException', 400, 'key is disabled'));
    await expect(store.put('scan/a', {})).rejects.toThrow('S3 PutObject of s3://parts/p/scan/a.json failed: KMS.DisabledException: key is disabled');
    client.failNext.set('ListObjectsV2Command', s3Error('SlowDown', 503, 'Please reduce your request rate.'));
    await expect(store.list('scan')).rejects.toThrow('S3 ListObjectsV2 of s3://parts/p/scan failed: SlowDown: Please reduce your request rate.');
    await expect(new S3PartStore({ client, bucket: 'missing' }).get('scan/a')).rejects.toThrow('failed: NoSuchBucket: The specified bucket does not exist');
    // The SDK's error stays reachable.
    await store.put('scan/a', {});
    client.failNext.set('GetObjectCommand', s3Error('InternalError', 500));
    await expect(store.get('scan/a')).rejects.toMatchObject({ cause: { name: 'InternalError', $metadata: { httpStatusCode: 500 } } });
  });

  it('names the object of a damaged part', async () => {
    const client = new FakeS3Client();
    const store = new S3PartStore({ client, bucket: 'parts', prefix: 'p' });
    await store.put('scan/111111111111/global', { a: 1 });
    client.buckets.get('parts')!.set('p/scan/111111111111/global.json', { body: '{"a": 1', contentType: 'application/json', serverSideEncryption: 'aws:kms', kmsKeyId: undefined });
    const failure = store.get('scan/111111111111/global');
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID', location: { file: 's3://parts/p/scan/111111111111/global.json' } });
  });

  it('lists page after page: keys under the prefix, sorted, without the suffix, whole segments only', async () => {
    const client = new FakeS3Client(['parts'], 2);
    const store = new S3PartStore({ client, bucket: 'parts', prefix: 'p' });
    for (const key of ['scan-1/222222222222/global', 'scan-1/111111111111/us-east-1', 'scan-1/111111111111/eu-west-1', 'scan-1/111111111111/global', 'scan-10/111111111111/global', 'scan-1']) {
      await store.put(key, { key });
    }
    // Objects the store did not write: not a part (no .json), and outside the prefix.
    client.buckets.get('parts')!.set('p/scan-1/111111111111/notes.txt', { body: '', contentType: 'text/plain', serverSideEncryption: undefined, kmsKeyId: undefined });
    client.buckets.get('parts')!.set('other/scan-1/111111111111/global.json', { body: '{}', contentType: 'application/json', serverSideEncryption: undefined, kmsKeyId: undefined });
    client.sent.length = 0;

    expect(await store.list('scan-1')).toEqual(['scan-1', 'scan-1/111111111111/eu-west-1', 'scan-1/111111111111/global', 'scan-1/111111111111/us-east-1', 'scan-1/222222222222/global']);
    // Seven objects start with p/scan-1: four pages of two.
    const pages = client.sent.filter((command) => command.name === 'ListObjectsV2Command');
    expect(pages.map((page) => page.input['Prefix'])).toEqual(['p/scan-1', 'p/scan-1', 'p/scan-1', 'p/scan-1']);
    expect(pages[0]!.input['ContinuationToken']).toBeUndefined();
    expect(pages[1]!.input['ContinuationToken']).toEqual(expect.any(String));
    expect(await store.list('scan-1/')).toEqual(['scan-1/111111111111/eu-west-1', 'scan-1/111111111111/global', 'scan-1/111111111111/us-east-1', 'scan-1/222222222222/global']);
    expect(await store.list('scan-1/111111111111/global')).toEqual(['scan-1/111111111111/global']);
    expect(await store.list('scan-1/11111111111')).toEqual([]);
    await expect(store.list('../p')).rejects.toThrow(InputError);
  });

  it('deletes a prefix in batches of 1,000, and the part the prefix names, leaving the rest', async () => {
    const client = new FakeS3Client();
    const store = new S3PartStore({ client, bucket: 'parts', prefix: 'p' });
    const regions = Array.from({ length: 1_200 }, (_, index) => `region-${String(index).padStart(4, '0')}`);
    for (const region of regions) await store.put(`scan/111111111111/${region}`, { region });
    await store.put('scan/111111111111', { header: true });
    await store.put('scan/1111111111112/global', { other: 'account' });
    client.sent.length = 0;

    await store.delete('scan/111111111111');
    const batches = client.sent.filter((command) => command.name === 'DeleteObjectsCommand').map((command) => (command.input['Delete'] as { Objects: { Key: string }[]; Quiet: boolean }));
    expect(batches.map((batch) => batch.Objects.length)).toEqual([1_000, 201]);
    expect(batches.every((batch) => batch.Quiet)).toBe(true);
    expect(batches[1]!.Objects.at(-1)).toEqual({ Key: 'p/scan/111111111111.json' });
    expect(client.keys()).toEqual(['p/scan/1111111111112/global.json']);
    expect(await store.list('scan')).toEqual(['scan/1111111111112/global']);
    // Deleting what is not there is no error.
    await store.delete('scan/111111111111/');
  });

  it('fails a delete that S3 answered with undeleted keys, naming the first and its code', async () => {
    const client = new FakeS3Client();
    const store = new S3PartStore({ client, bucket: 'parts', prefix: 'p' });
    for (const key of ['scan/a', 'scan/b', 'scan/c']) await store.put(key, {});
    client.undeletable.add('p/scan/a.json');
    client.undeletable.add('p/scan/b.json');
    await expect(store.delete('scan')).rejects.toThrow('S3 DeleteObjects of s3://parts/p/scan/a.json failed: AccessDenied: Access Denied (and 1 more)');
    expect(client.keys()).toEqual(['p/scan/a.json', 'p/scan/b.json']);
  });
});
