/**
 * Envelope encryption of stored secrets (cloud credentials).
 *
 * Each secret gets a fresh random 32-byte data key. The plaintext (JSON) is encrypted with
 * AES-256-GCM under the data key with a random 12-byte IV; the additional authenticated data binds
 * the tenant id and the secret's purpose, so a sealed secret copied to another tenant's row, or
 * used for another purpose, fails to open. The data key is itself encrypted ("wrapped") with
 * AES-256-GCM under the master key (the key-encryption key), with its own IV and tag, and the
 * master key's fingerprint (`kekId`, the first 16 hex characters of its SHA-256) is stored beside
 * it. Rotating the master key re-wraps each data key and leaves the ciphertext alone.
 *
 * Layout (all base64): ciphertext · iv (12) · authTag (16) · wrappedKey (32) · wrapIv (12) ·
 * wrapAuthTag (16) · kekId.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SealedSecret, SystemStore } from '@palisade/store';
import { SecretError } from './errors.ts';

/** Which tenant a secret belongs to and what it is for (`provider-credentials`); both are authenticated. */
export interface SecretContext {
  readonly tenantId: string;
  readonly purpose: string;
}

export type SecretValue = string | { readonly [key: string]: unknown };

export interface SecretSealer {
  /** The master key's fingerprint. */
  readonly kekId: string;
  seal(plaintext: SecretValue, context: SecretContext): SealedSecret;
  /** Throws `SecretKeyMismatch` (another master key), `SecretTampered` or `SecretMalformed`. */
  open(sealed: SealedSecret, context: SecretContext): SecretValue;
  /** The same secret with its data key wrapped under `newSealer`'s master key; ciphertext, IV and tag unchanged. */
  rewrap(sealed: SealedSecret, newSealer: SecretSealer): SealedSecret;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DATA_AAD_VERSION = 'palisade-secret-v1';
const WRAP_AAD_VERSION = 'palisade-data-key-v1';

/** Master keys of the sealers made here; kept out of the sealer object so that it cannot be read from it. */
const masterKeys = new WeakMap<SecretSealer, Buffer>();

/** The first 16 hex characters of the key's SHA-256: names a key without revealing it. */
export function masterKeyId(masterKey: Uint8Array): string {
  return createHash('sha256').update(masterKey).digest('hex').slice(0, 16);
}

export function createSecretSealer(options: { readonly masterKey: Uint8Array }): SecretSealer {
  if (!(options.masterKey instanceof Uint8Array) || options.masterKey.byteLength !== KEY_BYTES) {
    throw new SecretError('MasterKeyInvalid', `masterKey: must be ${KEY_BYTES} bytes; it has ${options.masterKey?.byteLength ?? 0}.`);
  }
  const masterKey = Buffer.from(options.masterKey);
  const kekId = masterKeyId(masterKey);

  const unwrap = (sealed: SealedSecret): Buffer => {
    if (sealed.kekId !== kekId) {
      throw new SecretError('SecretKeyMismatch', `The secret was sealed under master key ${String(sealed.kekId)}, but the master key given is ${kekId}.`);
    }
    return decrypt(masterKey, field(sealed, 'wrapIv', IV_BYTES), field(sealed, 'wrapAuthTag', TAG_BYTES), field(sealed, 'wrappedKey', KEY_BYTES), wrapAad(kekId), 'data key');
  };

  const sealer: SecretSealer = {
    kekId,
    seal(plaintext, context) {
      const dataKey = randomBytes(KEY_BYTES);
      try {
        const data = encrypt(dataKey, Buffer.from(encodeValue(plaintext), 'utf8'), dataAad(context));
        return { ciphertext: data.ciphertext, iv: data.iv, authTag: data.authTag, ...wrapWith(masterKey, kekId, dataKey) };
      } finally {
        dataKey.fill(0);
      }
    },
    open(sealed, context) {
      const aad = dataAad(context);
      const dataKey = unwrap(sealed);
      try {
        const plaintext = decrypt(dataKey, field(sealed, 'iv', IV_BYTES), field(sealed, 'authTag', TAG_BYTES), field(sealed, 'ciphertext'), aad, 'secret');
        return decodeValue(plaintext);
      } finally {
        dataKey.fill(0);
      }
    },
    rewrap(sealed, newSealer) {
      const newMasterKey = masterKeys.get(newSealer);
      if (!newMasterKey) throw new SecretError('MasterKeyInvalid', 'newSealer: must be made by createSecretSealer.');
      const dataKey = unwrap(sealed);
      try {
        return { ciphertext: sealed.ciphertext, iv: sealed.iv, authTag: sealed.authTag, ...wrapWith(newMasterKey, newSealer.kekId, dataKey) };
      } finally {
        dataKey.fill(0);
      }
    },
  };
  masterKeys.set(sealer, masterKey);
  return sealer;
}

export interface RewrapReport {
  readonly rewrapped: number;
  /** Already under the new master key (a rotation that was interrupted and run again). */
  readonly alreadyCurrent: number;
  /** Under a master key none of the old sealers has, or failing to open: left as they were. */
  readonly failed: readonly { readonly tenantId: string; readonly id: string; readonly kekId: string; readonly code: string; readonly message: string }[];
}

/**
 * Master key rotation: re-wraps every stored secret's data key under `to`, page by page. Secrets
 * already under `to` are skipped, so an interrupted rotation can be run again.
 */
export async function rewrapAllSecrets(
  store: Pick<SystemStore, 'listSecrets' | 'rewrapSecret'>,
  sealers: { readonly from: readonly SecretSealer[]; readonly to: SecretSealer },
): Promise<RewrapReport> {
  let rewrapped = 0;
  let alreadyCurrent = 0;
  const failed: RewrapReport['failed'][number][] = [];
  const byKekId = new Map(sealers.from.map((sealer) => [sealer.kekId, sealer]));
  let cursor: string | undefined;
  do {
    const page = await store.listSecrets(cursor === undefined ? { limit: 100 } : { limit: 100, cursor });
    for (const secret of page.items) {
      if (secret.kekId === sealers.to.kekId) {
        alreadyCurrent++;
        continue;
      }
      const from = byKekId.get(secret.kekId);
      try {
        if (!from) throw new SecretError('SecretKeyMismatch', `No old master key given has the kekId ${secret.kekId}.`);
        const { wrappedKey, wrapIv, wrapAuthTag, kekId } = from.rewrap(secret, sealers.to);
        await store.rewrapSecret(secret.tenantId, secret.id, { wrappedKey, wrapIv, wrapAuthTag, kekId });
        rewrapped++;
      } catch (error) {
        if (!(error instanceof SecretError)) throw error;
        failed.push({ tenantId: secret.tenantId, id: secret.id, kekId: secret.kekId, code: error.code, message: error.message });
      }
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return { rewrapped, alreadyCurrent, failed };
}

function wrapWith(masterKey: Buffer, kekId: string, dataKey: Buffer): Pick<SealedSecret, 'wrappedKey' | 'wrapIv' | 'wrapAuthTag' | 'kekId'> {
  const wrapped = encrypt(masterKey, dataKey, wrapAad(kekId));
  return { wrappedKey: wrapped.ciphertext, wrapIv: wrapped.iv, wrapAuthTag: wrapped.authTag, kekId };
}

function encrypt(key: Buffer, plaintext: Buffer, aad: Buffer): { ciphertext: string; iv: string; authTag: string } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext: ciphertext.toString('base64'), iv: iv.toString('base64'), authTag: cipher.getAuthTag().toString('base64') };
}

function decrypt(key: Buffer, iv: Buffer, authTag: Buffer, ciphertext: Buffer, aad: Buffer, what: 'secret' | 'data key'): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(authTag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (error) {
    const hint = what === 'secret' ? 'its ciphertext, IV or tag was modified, or it is opened for another tenant or purpose than it was sealed for' : 'its wrapped key, wrap IV or wrap tag was modified';
    throw new SecretError('SecretTampered', `The sealed ${what} failed authentication: ${hint}.`, { cause: error });
  }
}

function dataAad(context: SecretContext): Buffer {
  for (const name of ['tenantId', 'purpose'] as const) {
    if (typeof context?.[name] !== 'string' || context[name] === '') throw new SecretError('SecretMalformed', `${name}: the secret's context needs a non-empty ${name}.`);
  }
  // JSON of an array: unambiguous whatever characters the ids hold.
  return Buffer.from(JSON.stringify([DATA_AAD_VERSION, context.tenantId, context.purpose]), 'utf8');
}

function wrapAad(kekId: string): Buffer {
  return Buffer.from(`${WRAP_AAD_VERSION}:${kekId}`, 'utf8');
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function field(sealed: SealedSecret, name: keyof SealedSecret, length?: number): Buffer {
  const value = sealed?.[name];
  if (typeof value !== 'string' || !BASE64.test(value)) throw new SecretError('SecretMalformed', `${name}: the sealed secret's ${name} is missing or not base64.`);
  const bytes = Buffer.from(value, 'base64');
  if (length !== undefined && bytes.length !== length) throw new SecretError('SecretMalformed', `${name}: must be ${length} bytes; it has ${bytes.length}.`);
  return bytes;
}

function encodeValue(value: SecretValue): string {
  if (typeof value !== 'string' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new SecretError('SecretMalformed', 'plaintext: must be a string or an object.');
  }
  return JSON.stringify(value);
}

function decodeValue(plaintext: Buffer): SecretValue {
  try {
    return JSON.parse(plaintext.toString('utf8')) as SecretValue;
  } finally {
    plaintext.fill(0);
  }
}
