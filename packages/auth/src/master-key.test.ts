import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretError } from './errors.ts';
import { loadMasterKey, loadOrCreateMasterKey, parseMasterKey } from './master-key.ts';
import { masterKeyId } from './sealed-secrets.ts';

const key = randomBytes(32);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palisade-master-key-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function failure(run: () => unknown): SecretError {
  try {
    run();
  } catch (error) {
    if (error instanceof SecretError) return error;
    throw error;
  }
  throw new Error('expected a SecretError');
}

describe('parseMasterKey', () => {
  it('reads 32 bytes written as hex, base64 or base64url, with surrounding whitespace', () => {
    expect(parseMasterKey(key.toString('hex'), 'x')).toEqual(key);
    expect(parseMasterKey(key.toString('hex').toUpperCase(), 'x')).toEqual(key);
    expect(parseMasterKey(` ${key.toString('base64')}\n`, 'x')).toEqual(key);
    expect(parseMasterKey(key.toString('base64url'), 'x')).toEqual(key);
  });

  it('says what is wrong without repeating the value', () => {
    const short = randomBytes(16).toString('base64');
    const error = failure(() => parseMasterKey(short, 'PALISADE_MASTER_KEY'));
    expect(error).toMatchObject({
      code: 'MasterKeyInvalid',
      message:
        'PALISADE_MASTER_KEY: the master key must be 32 bytes written as 64 hex characters or 44 base64 characters (generate one with: openssl rand -base64 32); it has 24 characters that decode to 16 bytes.',
    });
    expect(error.message).not.toContain(short);
    expect(failure(() => parseMasterKey('', 'k')).message).toMatch(/; it is empty\.$/);
    expect(failure(() => parseMasterKey('not a key!', 'k')).message).toMatch(/; it has 10 characters that are neither hex nor base64\.$/);
    expect(failure(() => parseMasterKey(randomBytes(33).toString('hex'), 'k')).message).toMatch(/decode to 49 bytes\.$/);
  });
});

describe('loadMasterKey', () => {
  it('prefers PALISADE_MASTER_KEY and reports its fingerprint, not the key', async () => {
    const loaded = await loadMasterKey({ env: { PALISADE_MASTER_KEY: key.toString('base64') } });
    expect(loaded).toMatchObject({ key, kekId: masterKeyId(key), source: 'env', created: false, message: `Master key from PALISADE_MASTER_KEY (kekId ${masterKeyId(key)}).`, warnings: [] });
    expect(loaded!.message).not.toContain(key.toString('base64'));
  });

  it('reads a key file named by PALISADE_MASTER_KEY_FILE or the keyFile option, warning when others may read it', async () => {
    const path = join(dir, 'kek');
    await writeFile(path, `${key.toString('hex')}\n`, { mode: 0o600 });
    await chmod(path, 0o600);
    expect(await loadMasterKey({ env: { PALISADE_MASTER_KEY_FILE: path } })).toMatchObject({ key, source: 'file', path, warnings: [] });
    await chmod(path, 0o644);
    expect((await loadMasterKey({ env: {}, keyFile: path }))!.warnings).toEqual([`${path} is readable by others than its owner (mode 0644): chmod 600 it.`]);
  });

  it('is undefined with neither, and refuses both at once or an unreadable file', async () => {
    expect(await loadMasterKey({ env: { PALISADE_MASTER_KEY: '' } })).toBeUndefined();
    await expect(loadMasterKey({ env: { PALISADE_MASTER_KEY: key.toString('hex'), PALISADE_MASTER_KEY_FILE: '/etc/kek' } })).rejects.toThrow(
      new SecretError('MasterKeyInvalid', 'PALISADE_MASTER_KEY and a key file (/etc/kek) are both set: set one.'),
    );
    const missing = join(dir, 'missing.key');
    await expect(loadMasterKey({ env: {}, keyFile: missing })).rejects.toThrow(`${missing}: the master key file cannot be read (ENOENT).`);
    await expect(loadMasterKey({ env: { PALISADE_MASTER_KEY: 'abc' } })).rejects.toThrow(/^PALISADE_MASTER_KEY: the master key must be 32 bytes/);
  });
});

describe('loadOrCreateMasterKey', () => {
  it('generates <dataDir>/master.key with mode 0600 once, says so, and reads it afterwards', async () => {
    const dataDir = join(dir, 'data');
    const created = await loadOrCreateMasterKey(dataDir, { env: {} });
    const path = join(dataDir, 'master.key');
    expect(created).toMatchObject({ source: 'created', created: true, path, kekId: masterKeyId(created.key) });
    expect(created.key).toHaveLength(32);
    expect(created.message).toContain(`Generated a new master key in ${path} (mode 0600, kekId ${created.kekId}).`);
    expect(created.message).not.toContain(created.key.toString('base64'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect(await readFile(path, 'utf8')).toBe(`${created.key.toString('base64')}\n`);
    expect(await readdir(dataDir)).toEqual(['master.key']);

    const again = await loadOrCreateMasterKey(dataDir, { env: {} });
    expect(again).toMatchObject({ source: 'file', created: false, path, kekId: created.kekId, warnings: [] });
    expect(again.key).toEqual(created.key);
  });

  it('gives two concurrent first starts one key', async () => {
    const [first, second] = await Promise.all([loadOrCreateMasterKey(dir, { env: {} }), loadOrCreateMasterKey(dir, { env: {} })]);
    expect(first.key).toEqual(second.key);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(await readdir(dir)).toEqual(['master.key']);
  });

  it('uses PALISADE_MASTER_KEY when set and creates no file', async () => {
    const loaded = await loadOrCreateMasterKey(dir, { env: { PALISADE_MASTER_KEY: key.toString('base64') } });
    expect(loaded).toMatchObject({ source: 'env', created: false });
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a damaged key file instead of replacing it', async () => {
    await writeFile(join(dir, 'master.key'), 'truncated', { mode: 0o600 });
    await expect(loadOrCreateMasterKey(dir, { env: {} })).rejects.toThrow(`${join(dir, 'master.key')}: the master key must be 32 bytes`);
  });
});
