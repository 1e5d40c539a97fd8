/**
 * The master key (key-encryption key) of sealed secrets: 32 bytes from `PALISADE_MASTER_KEY`
 * (base64 or hex), from a key file (`PALISADE_MASTER_KEY_FILE` or the `keyFile` option), or
 * `<dataDir>/master.key`, generated on first start with mode 0600. The key is never logged: the
 * messages name its source and its fingerprint (`kekId`) only.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SecretError } from './errors.ts';
import { masterKeyId } from './sealed-secrets.ts';

export const MASTER_KEY_ENV = 'PALISADE_MASTER_KEY';
export const MASTER_KEY_FILE_ENV = 'PALISADE_MASTER_KEY_FILE';
export const MASTER_KEY_FILE_NAME = 'master.key';

export interface LoadedMasterKey {
  readonly key: Buffer;
  readonly kekId: string;
  /** `env`: PALISADE_MASTER_KEY; `file`: a key file; `created`: generated now at `path`. */
  readonly source: 'env' | 'file' | 'created';
  readonly path?: string;
  readonly created: boolean;
  /** What to tell the operator (never the key). */
  readonly message: string;
  /** A key file readable by group or others. */
  readonly warnings: readonly string[];
}

export interface MasterKeyOptions {
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A key file to read; overrides PALISADE_MASTER_KEY_FILE. */
  readonly keyFile?: string;
}

/**
 * 32 bytes written as 64 hex characters or as base64 (44 characters, or 43 unpadded base64url).
 * `source` names where the text came from in the error, which never repeats the text.
 */
export function parseMasterKey(text: string, source: string): Buffer {
  const value = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/]+={0,2}$/.test(value) || /^[A-Za-z0-9_-]+$/.test(value)) key = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
  if (key?.length === 32) return key;
  const found = value === '' ? 'it is empty' : key ? `it has ${value.length} characters that decode to ${key.length} bytes` : `it has ${value.length} characters that are neither hex nor base64`;
  throw new SecretError('MasterKeyInvalid', `${source}: the master key must be 32 bytes written as 64 hex characters or 44 base64 characters (generate one with: openssl rand -base64 32); ${found}.`);
}

/** The master key from PALISADE_MASTER_KEY or a key file, or undefined when neither is set. */
export async function loadMasterKey(options: MasterKeyOptions = {}): Promise<LoadedMasterKey | undefined> {
  const env = options.env ?? process.env;
  const fromEnv = env[MASTER_KEY_ENV];
  const keyFile = options.keyFile ?? nonEmpty(env[MASTER_KEY_FILE_ENV]);
  if (nonEmpty(fromEnv) !== undefined && keyFile !== undefined) {
    throw new SecretError('MasterKeyInvalid', `${MASTER_KEY_ENV} and a key file (${keyFile}) are both set: set one.`);
  }
  if (fromEnv !== undefined && fromEnv !== '') {
    const key = parseMasterKey(fromEnv, MASTER_KEY_ENV);
    const kekId = masterKeyId(key);
    return { key, kekId, source: 'env', created: false, message: `Master key from ${MASTER_KEY_ENV} (kekId ${kekId}).`, warnings: [] };
  }
  if (keyFile !== undefined) return readKeyFile(keyFile, { missingOk: false });
  return undefined;
}

/**
 * PALISADE_MASTER_KEY or a key file when set; otherwise `<dataDir>/master.key`, generated (mode
 * 0600, in a directory created with mode 0700) when it does not exist. Two processes starting
 * together end with one key: the file is written aside and linked into place, which fails for
 * the second, and that one reads the first one's key.
 */
export async function loadOrCreateMasterKey(dataDir: string, options: MasterKeyOptions = {}): Promise<LoadedMasterKey> {
  const configured = await loadMasterKey(options);
  if (configured) return configured;
  const path = join(dataDir, MASTER_KEY_FILE_NAME);
  const existing = await readKeyFile(path, { missingOk: true });
  if (existing) return existing;

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${key.toString('base64')}\n`, 'utf8');
    await handle.chmod(0o600);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(path, { missingOk: false });
    throw error;
  } finally {
    await unlink(temporary);
  }
  const kekId = masterKeyId(key);
  return {
    key,
    kekId,
    source: 'created',
    path,
    created: true,
    message:
      `Generated a new master key in ${path} (mode 0600, kekId ${kekId}). Back it up apart from the database: ` +
      `without it the stored cloud credentials cannot be opened. To supply your own, set ${MASTER_KEY_ENV} or ${MASTER_KEY_FILE_ENV}.`,
    warnings: [],
  };
}

async function readKeyFile(path: string, options: { readonly missingOk: true }): Promise<LoadedMasterKey | undefined>;
async function readKeyFile(path: string, options: { readonly missingOk: false }): Promise<LoadedMasterKey>;
async function readKeyFile(path: string, options: { readonly missingOk: boolean }): Promise<LoadedMasterKey | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && options.missingOk) return undefined;
    throw new SecretError('MasterKeyInvalid', `${path}: the master key file cannot be read (${code ?? String(error)}).`, { cause: error });
  }
  const key = parseMasterKey(text, path);
  const kekId = masterKeyId(key);
  const warnings: string[] = [];
  if (process.platform !== 'win32') {
    const mode = (await stat(path)).mode & 0o777;
    if ((mode & 0o077) !== 0) warnings.push(`${path} is readable by others than its owner (mode 0${mode.toString(8)}): chmod 600 it.`);
  }
  return { key, kekId, source: 'file', path, created: false, message: `Master key from ${path} (kekId ${kekId}).`, warnings };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
