import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '@palisade/core';
import { accountSnapshot } from '@palisade/checks/testing';
import { SnapshotWriter, readSnapshot } from './snapshot-io.ts';

const dir = mkdtempSync(join(tmpdir(), 'palisade-snapshot-'));

async function readAll(path: string) {
  const out = [];
  for await (const account of readSnapshot(path)) out.push(account);
  return out;
}

async function readError(path: string): Promise<InputError> {
  try {
    await readAll(path);
  } catch (error) {
    return error as InputError;
  }
  throw new Error('expected the read to fail');
}

const gz = (name: string, lines: unknown[]) => {
  const path = join(dir, name);
  writeFileSync(path, gzipSync(lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')));
  return path;
};
const header = { format: 'palisade-snapshot', version: 1, provider: 'aws', createdAt: '2026-01-01T00:00:00Z', producer: 'test' };

describe('snapshot files', () => {
  it('round-trips accounts through gzip JSON lines', async () => {
    const path = join(dir, 'round.json.gz');
    const writer = await SnapshotWriter.open(path, 'test');
    const first = accountSnapshot({ accountId: '111111111111', regions: ['us-east-1', 'eu-west-1'] });
    const second = accountSnapshot({ accountId: '222222222222' });
    await writer.add(first);
    await writer.add(second);
    await writer.commit();
    expect(await readAll(path)).toEqual([first, second]);
  });

  it('leaves nothing behind when discarded (interrupted scan)', async () => {
    const sub = mkdtempSync(join(dir, 'discard-'));
    const path = join(sub, 'partial.json.gz');
    const writer = await SnapshotWriter.open(path, 'test');
    await writer.add(accountSnapshot());
    await writer.discard();
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(sub)).toEqual([]);
  });

  it.each([
    ['not gzip', () => { const p = join(dir, 'plain.json'); writeFileSync(p, '{"format":"x"}'); return p; }, /plain\.json: not a gzip snapshot/],
    ['wrong format', () => gz('wrong.json.gz', [{ format: 'other' }]), /wrong\.json\.gz:1 \(format\): not a snapshot file/],
    ['bad JSON line', () => gz('badline.json.gz', [header, '{"account": ']), /badline\.json\.gz:2: invalid JSON/],
    ['bad account id', () => gz('badid.json.gz', [header, { account: { ...accountSnapshot(), accountId: 'abc' } }]), /badid\.json\.gz:2 \(account\.accountId\): must be a 12-digit/],
    ['unknown service', () => gz('badsvc.json.gz', [header, { account: { ...accountSnapshot(), global: { iamx: {} } } }]), /\(account\.global\.iamx\): unknown global service/],
    ['bad fetched value', () => gz('badval.json.gz', [header, { account: { ...accountSnapshot(), global: { iam: { users: { error: { code: 'X' } } } } } }]), /\(account\.global\.iam\.users\.error\): an error needs "api" and "code"/],
    ['missing file', () => join(dir, 'absent.json.gz'), /absent\.json\.gz: file not found/],
  ])('rejects %s naming file, line and field', async (_name, make, message) => {
    const error = await readError(make());
    expect(error).toBeInstanceOf(InputError);
    expect(error.code).toBe('SNAPSHOT_INVALID');
    expect(error.message).toMatch(message);
  });
});
