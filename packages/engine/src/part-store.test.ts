import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '@palisade/core';
import { FakeS3Client } from '../test/fake-s3-client.ts';
import { DirectoryPartStore, MemoryPartStore } from './part-store.ts';
import type { PartStore } from './part-store.ts';
import { S3PartStore } from './s3-part-store.ts';

const stores: [string, () => PartStore][] = [
  ['memory', () => new MemoryPartStore()],
  ['directory', () => new DirectoryPartStore(mkdtempSync(join(tmpdir(), 'palisade-parts-')))],
  // Pages of two objects, so listing and deleting follow continuation tokens.
  ['S3', () => new S3PartStore({ client: new FakeS3Client(['parts'], 2), bucket: 'parts', prefix: 'palisade/parts' })],
];

describe.each(stores)('the %s part store', (_name, create) => {
  it('gives back a copy of what was put, lists keys under a prefix in order, and deletes a prefix', async () => {
    const store = create();
    const part = { accountId: '111111111111', regions: ['eu-west-1'], data: { buckets: [{ name: 'logs', public: false }] } };
    await store.put('scan-1/111111111111/eu-west-1', part);
    await store.put('scan-1/111111111111/global', { header: true });
    await store.put('scan-1/222222222222/global', { header: true });
    await store.put('scan-2/111111111111/global', { other: 'scan' });

    const read = (await store.get('scan-1/111111111111/eu-west-1')) as typeof part;
    expect(read).toEqual(part);
    expect(read).not.toBe(part);
    // The stored value is a serialized copy: changing what was put or what was read changes nothing stored.
    part.data.buckets[0]!.public = true;
    read.regions.push('us-east-1');
    expect(await store.get('scan-1/111111111111/eu-west-1')).toEqual({ accountId: '111111111111', regions: ['eu-west-1'], data: { buckets: [{ name: 'logs', public: false }] } });

    expect(await store.list('scan-1')).toEqual(['scan-1/111111111111/eu-west-1', 'scan-1/111111111111/global', 'scan-1/222222222222/global']);
    expect(await store.list('scan-1/111111111111/')).toEqual(['scan-1/111111111111/eu-west-1', 'scan-1/111111111111/global']);
    expect(await store.list('scan-1/111111111111/global')).toEqual(['scan-1/111111111111/global']);
    // A prefix matches whole segments only.
    expect(await store.list('scan-1/11111111111')).toEqual([]);

    await store.delete('scan-1/111111111111');
    expect(await store.get('scan-1/111111111111/global')).toBeUndefined();
    expect(await store.list('scan-1')).toEqual(['scan-1/222222222222/global']);
    expect(await store.get('scan-2/111111111111/global')).toEqual({ other: 'scan' });
  });

  it('answers undefined for a key never put, and replaces a value put twice', async () => {
    const store = create();
    expect(await store.get('scan/none')).toBeUndefined();
    expect(await store.list('scan')).toEqual([]);
    await store.put('scan/a', { version: 1 });
    await store.put('scan/a', { version: 2 });
    expect(await store.get('scan/a')).toEqual({ version: 2 });
  });

  it('rejects keys that could leave the store, naming the key', async () => {
    const store = create();
    for (const key of ['../escape', 'scan/../../etc', '/absolute', 'scan//double', '', 'scan/with space']) {
      await expect(store.put(key, {})).rejects.toThrow(InputError);
      await expect(store.put(key, {})).rejects.toThrow(`invalid part key "${key}"`);
    }
  });
});

describe('the directory part store', () => {
  it('writes each part whole (no temporary file left) and names the file of a damaged part', async () => {
    const root = mkdtempSync(join(tmpdir(), 'palisade-parts-'));
    const store = new DirectoryPartStore(root);
    await store.put('scan/111111111111/global', { a: 1 });
    expect(readdirSync(join(root, 'scan', '111111111111'))).toEqual(['global.json']);

    writeFileSync(join(root, 'scan', '111111111111', 'global.json'), '{"a": 1');
    await expect(store.get('scan/111111111111/global')).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID', location: { file: join(root, 'scan', '111111111111', 'global.json') } });
  });

  it('is shared by two instances over the same directory (another process reading the parts)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'palisade-parts-'));
    await new DirectoryPartStore(root).put('scan/222222222222/eu-west-1', { regions: ['eu-west-1'] });
    expect(await new DirectoryPartStore(root).get('scan/222222222222/eu-west-1')).toEqual({ regions: ['eu-west-1'] });
  });
});
