import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '@palisade/core';
import { accountSnapshot, iamUser, ok } from '@palisade/checks/testing';
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

describe('damaged snapshot files', () => {
  /** Three accounts with enough users that each line spans several gzip blocks. */
  async function threeAccounts(name: string): Promise<{ path: string; ids: string[] }> {
    const path = join(dir, name);
    const writer = await SnapshotWriter.open(path, 'test');
    const ids = ['111111111111', '222222222222', '333333333333'];
    for (const accountId of ids) {
      const users = Array.from({ length: 400 }, (_, index) => iamUser({ name: `user-${accountId}-${index}-${Math.random().toString(36).slice(2)}` }));
      await writer.add(accountSnapshot({ accountId, global: { iam: { users: ok(users) } } }));
    }
    await writer.commit();
    return { path, ids };
  }

  /** Reads slowly, as a scan does while it evaluates each account, and keeps what was read before a failure. */
  async function readSlowly(path: string): Promise<{ read: string[]; error: unknown }> {
    const read: string[] = [];
    try {
      for await (const account of readSnapshot(path)) {
        read.push(account.accountId);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } catch (error) {
      return { read, error };
    }
    return { read, error: undefined };
  }

  it('names the file and how far it was readable when the gzip data breaks off (an interrupted copy)', async () => {
    const { path: whole, ids } = await threeAccounts('whole.json.gz');
    const bytes = readFileSync(whole);
    const cut = join(dir, 'cut.json.gz');
    // The cut falls inside the third account's line.
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.85)));
    const { read, error } = await readSlowly(cut);
    expect(read).toEqual(ids.slice(0, 2));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('SNAPSHOT_INVALID');
    expect((error as InputError).message).toMatch(
      new RegExp(`^${cut.replaceAll('.', '\\.')}: truncated: the gzip data ends early \\(unexpected end of file\\) at byte [\\d,]+ of [\\d,]+; readable up to line 3 \\(the header and 2 accounts, the last 222222222222\\)$`),
    );
  });

  it('reports a damaged JSON line with the accounts read before it', async () => {
    const path = gz('damaged-line.json.gz', [header, { account: accountSnapshot({ accountId: '111111111111' }) }, '{"account": {"accountId": "2222']);
    const { read, error } = await readSlowly(path);
    expect(read).toEqual(['111111111111']);
    expect((error as InputError).code).toBe('SNAPSHOT_INVALID');
    expect((error as InputError).message).toMatch(/damaged-line\.json\.gz:3: invalid JSON \(.*\); readable up to line 2 \(the header and 1 account, the last 111111111111\)$/);
  });

  it('reports how far it has read, for progress', async () => {
    const { path } = await threeAccounts('position.json.gz');
    const positions: { bytesRead: number; fileBytes: number }[] = [];
    for await (const _account of readSnapshot(path, { onPosition: (position) => positions.push(position) })) {
      // read everything
    }
    expect(positions).toHaveLength(3);
    expect(positions.every((position) => position.fileBytes === readFileSync(path).length)).toBe(true);
    expect(positions.at(-1)?.bytesRead).toBe(readFileSync(path).length);
  });

  it('fails at once for a snapshot path that cannot be created (no endless retry)', async () => {
    const started = Date.now();
    const error = await SnapshotWriter.open('/proc/palisade-no-such-dir/snap.json.gz', 'test').catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((error as { code?: string }).code).toBe('OUTPUT');
    expect((error as Error).message).toMatch(/\/proc\/palisade-no-such-dir\/snap\.json\.gz cannot be created: ENOENT/);
  });
});
