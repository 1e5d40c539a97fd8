import { createHash, randomBytes } from 'node:crypto';
import type { PageRequest, SealedSecret, StoredSecret, SystemStore } from '@palisade/store';
import { describe, expect, it } from 'vitest';
import { SecretError } from './errors.ts';
import { createSecretSealer, masterKeyId, rewrapAllSecrets, type SecretSealer } from './sealed-secrets.ts';

const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG', sessionToken: 'token-é' };
const context = { tenantId: 'tenant-a', purpose: 'provider-credentials' };
const masterKey = Buffer.alloc(32, 7);
const sealer = createSecretSealer({ masterKey });

function failure(run: () => unknown): SecretError {
  try {
    run();
  } catch (error) {
    if (error instanceof SecretError) return error;
    throw error;
  }
  throw new Error('expected a SecretError');
}

/** The same base64 field with one bit of its `index`-th byte flipped. */
function flipByte(value: string, index = 0): string {
  const bytes = Buffer.from(value, 'base64');
  bytes[index % bytes.length]! ^= 0x01;
  return bytes.toString('base64');
}

describe('seal / open', () => {
  it('round-trips an object and a string', () => {
    expect(sealer.open(sealer.seal(credentials, context), context)).toEqual(credentials);
    expect(sealer.open(sealer.seal('just a string', context), context)).toBe('just a string');
  });

  it('names the master key by the first 16 hex characters of its SHA-256', () => {
    const expected = createHash('sha256').update(masterKey).digest('hex').slice(0, 16);
    expect(sealer.kekId).toBe(expected);
    expect(masterKeyId(masterKey)).toBe(expected);
    expect(sealer.seal('x', context).kekId).toBe(expected);
  });

  it('has the documented layout, with a fresh data key and IVs for every secret', () => {
    const first = sealer.seal(credentials, context);
    const second = sealer.seal(credentials, context);
    const bytes = (value: string) => Buffer.from(value, 'base64').length;
    expect(bytes(first.iv)).toBe(12);
    expect(bytes(first.authTag)).toBe(16);
    expect(bytes(first.wrappedKey)).toBe(32);
    expect(bytes(first.wrapIv)).toBe(12);
    expect(bytes(first.wrapAuthTag)).toBe(16);
    expect(bytes(first.ciphertext)).toBe(Buffer.byteLength(JSON.stringify(credentials)));
    for (const name of ['ciphertext', 'iv', 'authTag', 'wrappedKey', 'wrapIv', 'wrapAuthTag'] as const) expect(second[name]).not.toBe(first[name]);
    expect(JSON.stringify(first)).not.toContain('AKIAEXAMPLE');
  });

  it('fails to open for another tenant or another purpose', () => {
    const sealed = sealer.seal(credentials, context);
    for (const other of [{ ...context, tenantId: 'tenant-b' }, { ...context, purpose: 'integration-webhook' }]) {
      expect(failure(() => sealer.open(sealed, other))).toMatchObject({
        code: 'SecretTampered',
        message: 'The sealed secret failed authentication: its ciphertext, IV or tag was modified, or it is opened for another tenant or purpose than it was sealed for.',
      });
    }
    expect(failure(() => sealer.open(sealed, { ...context, tenantId: '' }))).toMatchObject({ code: 'SecretMalformed', message: "tenantId: the secret's context needs a non-empty tenantId." });
  });

  it('detects a modified byte anywhere in any field', () => {
    const sealed = sealer.seal(credentials, context);
    let tried = 0;
    for (const name of ['ciphertext', 'iv', 'authTag', 'wrappedKey', 'wrapIv', 'wrapAuthTag'] as const) {
      const what = name.startsWith('wrap') ? 'data key' : 'secret';
      for (let index = 0; index < Buffer.from(sealed[name], 'base64').length; index++) {
        const error = failure(() => sealer.open({ ...sealed, [name]: flipByte(sealed[name], index) }, context));
        expect(error.code).toBe('SecretTampered');
        expect(error.message.startsWith(`The sealed ${what} failed authentication`)).toBe(true);
        tried++;
      }
    }
    expect(tried).toBe(Buffer.byteLength(JSON.stringify(credentials)) + 12 + 16 + 32 + 12 + 16);
    expect(failure(() => sealer.open({ ...sealed, kekId: '0000000000000000' }, context)).code).toBe('SecretKeyMismatch');
  });

  it('says which field is malformed', () => {
    const sealed = sealer.seal(credentials, context);
    expect(failure(() => sealer.open({ ...sealed, iv: 'not base64!' }, context))).toMatchObject({ code: 'SecretMalformed', message: "iv: the sealed secret's iv is missing or not base64." });
    expect(failure(() => sealer.open({ ...sealed, authTag: Buffer.alloc(12).toString('base64') }, context))).toMatchObject({ code: 'SecretMalformed', message: 'authTag: must be 16 bytes; it has 12.' });
    const { wrappedKey: _dropped, ...withoutKey } = sealed;
    expect(failure(() => sealer.open(withoutKey as SealedSecret, context)).message).toBe("wrappedKey: the sealed secret's wrappedKey is missing or not base64.");
    expect(failure(() => sealer.seal(42 as unknown as string, context)).message).toBe('plaintext: must be a string or an object.');
  });

  it('refuses another master key, naming both kekIds', () => {
    const sealed = sealer.seal(credentials, context);
    const other = createSecretSealer({ masterKey: randomBytes(32) });
    expect(failure(() => other.open(sealed, context))).toMatchObject({
      code: 'SecretKeyMismatch',
      message: `The secret was sealed under master key ${sealer.kekId}, but the master key given is ${other.kekId}.`,
    });
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(failure(() => createSecretSealer({ masterKey: randomBytes(16) }))).toMatchObject({ code: 'MasterKeyInvalid', message: 'masterKey: must be 32 bytes; it has 16.' });
  });
});

describe('rewrap', () => {
  it('re-wraps the data key under the new master key and leaves the ciphertext as it was', () => {
    const sealed = sealer.seal(credentials, context);
    const next = createSecretSealer({ masterKey: randomBytes(32) });
    const rewrapped = sealer.rewrap(sealed, next);
    expect(rewrapped).toMatchObject({ ciphertext: sealed.ciphertext, iv: sealed.iv, authTag: sealed.authTag, kekId: next.kekId });
    expect(rewrapped.wrappedKey).not.toBe(sealed.wrappedKey);
    expect(next.open(rewrapped, context)).toEqual(credentials);
    expect(failure(() => sealer.open(rewrapped, context)).code).toBe('SecretKeyMismatch');
    // The tenant binding survives rotation.
    expect(failure(() => next.open(rewrapped, { ...context, tenantId: 'tenant-b' })).code).toBe('SecretTampered');
  });

  it('refuses a secret the old key did not wrap, and a sealer not made here', () => {
    const next = createSecretSealer({ masterKey: randomBytes(32) });
    const sealed = next.seal('x', context);
    expect(failure(() => sealer.rewrap(sealed, next)).code).toBe('SecretKeyMismatch');
    expect(failure(() => sealer.rewrap(sealer.seal('x', context), { ...next }))).toMatchObject({ code: 'MasterKeyInvalid', message: 'newSealer: must be made by createSecretSealer.' });
  });
});

describe('rewrapAllSecrets', () => {
  /** listSecrets (paged by id) and rewrapSecret over an array. */
  function memoryStore(secrets: StoredSecret[]): Pick<SystemStore, 'listSecrets' | 'rewrapSecret'> & { readonly secrets: StoredSecret[]; pages: number } {
    const fake = {
      secrets,
      pages: 0,
      async listSecrets(page: PageRequest = {}) {
        fake.pages++;
        const start = page.cursor === undefined ? 0 : Number(page.cursor);
        const limit = page.limit ?? 100;
        const items = secrets.slice(start, start + limit);
        return start + limit < secrets.length ? { items, nextCursor: String(start + limit) } : { items };
      },
      async rewrapSecret(tenantId: string, id: string, wrap: Pick<SealedSecret, 'wrappedKey' | 'wrapIv' | 'wrapAuthTag' | 'kekId'>) {
        const index = secrets.findIndex((secret) => secret.id === id && secret.tenantId === tenantId);
        secrets[index] = { ...secrets[index]!, ...wrap };
      },
    };
    return fake;
  }
  const stored = (sealed: SealedSecret, index: number, tenantId = 'tenant-a'): StoredSecret => ({ ...sealed, id: `secret-${String(index).padStart(3, '0')}`, tenantId, createdAt: '2026-01-01T00:00:00.000Z' });

  it('moves every secret to the new key across pages, keeps unknown ones, and can run again', async () => {
    const older = createSecretSealer({ masterKey: randomBytes(32) });
    const next = createSecretSealer({ masterKey: randomBytes(32) });
    const stranger: SecretSealer = createSecretSealer({ masterKey: randomBytes(32) });
    const secrets = Array.from({ length: 230 }, (_, index) => stored((index % 2 ? sealer : older).seal({ index }, { ...context, tenantId: `tenant-${index % 3}` }), index, `tenant-${index % 3}`));
    secrets.push(stored(next.seal('already', context), 230), stored(stranger.seal('lost', context), 231));
    const fake = memoryStore(secrets);
    const original = secrets.map((secret) => secret.ciphertext);

    const report = await rewrapAllSecrets(fake, { from: [sealer, older], to: next });
    expect(report.rewrapped).toBe(230);
    expect(report.alreadyCurrent).toBe(1);
    expect(report.failed).toEqual([{ tenantId: 'tenant-a', id: 'secret-231', kekId: stranger.kekId, code: 'SecretKeyMismatch', message: `No old master key given has the kekId ${stranger.kekId}.` }]);
    expect(fake.pages).toBe(3);
    expect(fake.secrets.map((secret) => secret.ciphertext)).toEqual(original);
    expect(fake.secrets.slice(0, 231).every((secret) => secret.kekId === next.kekId)).toBe(true);
    expect(next.open(fake.secrets[7]!, { ...context, tenantId: 'tenant-1' })).toEqual({ index: 7 });

    const again = await rewrapAllSecrets(fake, { from: [sealer, older], to: next });
    expect(again).toMatchObject({ rewrapped: 0, alreadyCurrent: 231 });
  });
});
