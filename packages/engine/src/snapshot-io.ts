/**
 * Snapshot files: gzip-compressed JSON lines. Line 1 is a header naming the provider; every further
 * line holds one scope's snapshot (`{"account": {...}}`; for AWS an account, for Azure a subscription
 * or the tenant). The file handling is
 * the same for every provider; each provider validates its own scopes (`SnapshotFormat`). Both directions stream one account at a time, so a large organization's
 * inventory never has to sit in memory at once. Written to a temporary file and renamed on
 * completion, so an interrupted run never leaves a truncated snapshot behind.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import type { Gzip } from 'node:zlib';
import { InputError, PalisadeError } from '@palisade/core';
import { AWS_GLOBAL_SERVICES, AWS_REGIONAL_SERVICES } from '@palisade/core/aws';
import { AZURE_CLOUDS, AZURE_SUBSCRIPTION_SERVICES, AZURE_TENANT_SERVICES } from '@palisade/core/azure';
import type { ScopeSnapshot } from '@palisade/core';
import type { AwsAccountSnapshot } from '@palisade/core/aws';
import type { AzureScopeSnapshot } from '@palisade/core/azure';

export const SNAPSHOT_FORMAT = 'palisade-snapshot';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotHeader {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  /** The provider whose scopes the file holds, e.g. `aws`. */
  readonly provider: string;
  readonly createdAt: string;
  readonly producer: string;
}

export class SnapshotWriter {
  private readonly temp: string;
  private readonly gzip: Gzip;
  private readonly done: Promise<void>;
  private finished = false;

  private constructor(readonly path: string) {
    this.temp = `${path}.partial-${process.pid}`;
    this.gzip = createGzip();
    const out = createWriteStream(this.temp);
    this.done = new Promise((resolve, reject) => {
      out.on('finish', resolve);
      out.on('error', reject);
      this.gzip.on('error', reject);
    });
    this.gzip.pipe(out);
  }

  /** `provider` goes in the header; readers accept only their own provider's files. */
  static async open(path: string, producer: string, provider = 'aws'): Promise<SnapshotWriter> {
    try {
      await createDirectory(dirname(path));
    } catch (cause) {
      throw new PalisadeError('OUTPUT', `the snapshot ${path} cannot be created: ${(cause as Error).message}`, { cause });
    }
    const writer = new SnapshotWriter(path);
    const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, provider, createdAt: new Date().toISOString(), producer };
    await writer.line(header);
    return writer;
  }

  async add(account: ScopeSnapshot): Promise<void> {
    await this.line({ account });
  }

  /** Completes the file and moves it into place. */
  async commit(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.gzip.end();
    await this.done;
    await rename(this.temp, this.path);
  }

  /** Drops the partial file (interrupted scan): the previous snapshot at `path`, if any, stays intact. */
  async discard(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.gzip.end();
    await this.done.catch(() => undefined);
    await rm(this.temp, { force: true });
  }

  private line(value: unknown): Promise<void> {
    return new Promise((resolve, reject) => {
      const ok = this.gzip.write(`${JSON.stringify(value)}\n`, (error) => (error ? reject(error) : undefined));
      if (ok) resolve();
      else this.gzip.once('drain', resolve);
    });
  }
}

/**
 * `mkdir -p` one level at a time. Node's recursive mkdir never returns for a path whose parent
 * exists but refuses children with ENOENT (`/proc/x`): it retries the parent forever.
 */
async function createDirectory(path: string): Promise<void> {
  try {
    await mkdir(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = dirname(path);
    if (code !== 'ENOENT' || parent === path) throw error;
    await createDirectory(parent);
    await mkdir(path).catch((retry: NodeJS.ErrnoException) => {
      if (retry.code !== 'EEXIST') throw retry;
    });
  }
}

/** Opens a snapshot and validates its header and first account: a cheap check before any output is created. */
export async function checkSnapshotReadable(path: string, read: (path: string) => AsyncGenerator<unknown, void, undefined> = readSnapshot): Promise<void> {
  const accounts = read(path);
  try {
    await accounts.next();
  } finally {
    await accounts.return(undefined);
  }
}

/** How far a snapshot has been read, for progress reports. */
export interface SnapshotReadPosition {
  /** Compressed bytes read from the file so far. */
  readonly bytesRead: number;
  readonly fileBytes: number;
}

export interface ReadSnapshotOptions {
  /** Called after each account is read. */
  readonly onPosition?: (position: SnapshotReadPosition) => void;
}

/** A provider's snapshot lines: which header they need and how one scope is validated. */
export interface SnapshotFormat<S extends ScopeSnapshot> {
  readonly provider: string;
  /** Throws an `InputError` (SNAPSHOT_INVALID) naming the field when `value` is not a valid scope. */
  validateScope(value: unknown, file: string, line: number): asserts value is S;
}

/** AWS snapshot lines: an account with its partition, regions, and global and regional services. */
export const AWS_SNAPSHOT_FORMAT: SnapshotFormat<AwsAccountSnapshot> = { provider: 'aws', validateScope: validateAccount };

/** Azure snapshot lines: a subscription or the tenant, with its cloud, locations and services. */
export const AZURE_SNAPSHOT_FORMAT: SnapshotFormat<AzureScopeSnapshot> = { provider: 'azure', validateScope: validateAzureScope };

/**
 * Reads an AWS snapshot file account by account, validating the header and each account's shape. A
 * file that breaks off (an interrupted copy) or holds a damaged line is an `InputError` that says
 * how far the file was readable; the accounts before it have already been yielded.
 */
export function readSnapshot(path: string, options: ReadSnapshotOptions = {}): AsyncGenerator<AwsAccountSnapshot, void, undefined> {
  return readScopeSnapshots(path, AWS_SNAPSHOT_FORMAT, options);
}

/** Reads any provider's snapshot file scope by scope (see `readSnapshot`). */
export async function* readScopeSnapshots<S extends ScopeSnapshot>(
  path: string,
  format: SnapshotFormat<S>,
  options: ReadSnapshotOptions = {},
): AsyncGenerator<S, void, undefined> {
  let fileBytes: number;
  try {
    fileBytes = (await stat(path)).size;
  } catch (error) {
    throw unreadableFile(path, error as NodeJS.ErrnoException);
  }
  const input = createReadStream(path);
  const gunzip = createGunzip();
  const lines = new LineReader(input.pipe(gunzip));
  // A file error stops the pipe without ending it, so it is passed on by hand.
  input.on('error', (error: NodeJS.ErrnoException) => lines.fail(unreadableFile(path, error)));
  let lineNumber = 0;
  let accounts = 0;
  let lastAccountId: string | undefined;
  let sawHeader = false;
  try {
    for (;;) {
      let next: string | undefined;
      try {
        next = await lines.next();
      } catch (error) {
        if (error instanceof InputError) throw error;
        throw damagedGzip(path, error as Error, { lineNumber, accounts, lastAccountId, offset: gunzip.bytesWritten, fileBytes });
      }
      if (next === undefined) break;
      lineNumber += 1;
      const text = next;
      if (!text.trim()) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (cause) {
        const readable = sawHeader ? `; readable up to line ${lineNumber - 1} (${accountsRead(accounts, lastAccountId)})` : '';
        throw new InputError('SNAPSHOT_INVALID', `invalid JSON (${(cause as Error).message})${readable}`, { file: path, line: lineNumber });
      }
      if (!sawHeader) {
        validateHeader(parsed, path, format.provider);
        sawHeader = true;
        continue;
      }
      const account = (parsed as { account?: unknown })?.account;
      format.validateScope(account, path, lineNumber);
      accounts += 1;
      lastAccountId = account.accountId;
      options.onPosition?.({ bytesRead: input.bytesRead, fileBytes });
      yield account;
    }
    if (!sawHeader) throw new InputError('SNAPSHOT_INVALID', 'empty file: no snapshot header', { file: path });
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

/**
 * Splits a stream into lines, pausing it while decoded lines wait: the file is read only as fast
 * as accounts are evaluated, so memory holds about one account and the read position is a true
 * measure of progress. A stream error is thrown after the lines decoded before it.
 */
class LineReader {
  private readonly lines: string[] = [];
  private partial: Buffer[] = [];
  private ended = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly stream: Readable) {
    stream.on('data', (chunk: Buffer) => {
      let start = 0;
      for (let end = chunk.indexOf(0x0a, start); end !== -1; end = chunk.indexOf(0x0a, start)) {
        this.partial.push(chunk.subarray(start, end));
        this.lines.push(Buffer.concat(this.partial).toString('utf8'));
        this.partial = [];
        start = end + 1;
      }
      if (start < chunk.length) this.partial.push(chunk.subarray(start));
      if (this.lines.length > 0) stream.pause();
      this.notify();
    });
    stream.on('end', () => {
      if (this.partial.length) this.lines.push(Buffer.concat(this.partial).toString('utf8'));
      this.partial = [];
      this.ended = true;
      this.notify();
    });
    stream.on('error', (error: Error) => this.fail(error));
  }

  fail(error: Error): void {
    this.error ??= error;
    this.notify();
  }

  /** The next line, or undefined at the end of the stream. */
  async next(): Promise<string | undefined> {
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) return line;
      if (this.error) throw this.error;
      if (this.ended) return undefined;
      const woken = new Promise<void>((resolve) => (this.wake = resolve));
      this.stream.resume();
      await woken;
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

function unreadableFile(path: string, error: NodeJS.ErrnoException): InputError {
  return new InputError('SNAPSHOT_INVALID', error.code === 'ENOENT' ? 'file not found' : `cannot read file (${error.code ?? error.message})`, { file: path });
}

interface ReadPoint {
  readonly lineNumber: number;
  readonly accounts: number;
  readonly lastAccountId: string | undefined;
  /** Compressed bytes that reached the decompressor. */
  readonly offset: number;
  readonly fileBytes: number;
}

function damagedGzip(path: string, error: Error, at: ReadPoint): InputError {
  if (at.lineNumber === 0) return new InputError('SNAPSHOT_INVALID', `not a gzip snapshot or truncated before its first line (${error.message})`, { file: path });
  const what = (error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' ? 'truncated: the gzip data ends early' : 'damaged gzip data';
  return new InputError(
    'SNAPSHOT_INVALID',
    `${what} (${error.message}) at byte ${at.offset.toLocaleString('en-US')} of ${at.fileBytes.toLocaleString('en-US')}; readable up to line ${at.lineNumber} (${accountsRead(at.accounts, at.lastAccountId)})`,
    { file: path },
  );
}

function accountsRead(accounts: number, lastAccountId: string | undefined): string {
  if (accounts === 0) return 'the header, no account';
  return `the header and ${accounts} account${accounts === 1 ? '' : 's'}, the last ${lastAccountId}`;
}

function validateHeader(value: unknown, file: string, provider: string): void {
  const header = value as Partial<SnapshotHeader> | null;
  if (header?.format !== SNAPSHOT_FORMAT) {
    throw new InputError('SNAPSHOT_INVALID', `not a snapshot file (expected "format": "${SNAPSHOT_FORMAT}")`, { file, line: 1, field: 'format' });
  }
  if (header.version !== SNAPSHOT_VERSION) {
    throw new InputError('SNAPSHOT_INVALID', `unsupported snapshot version ${String(header.version)} (this build reads ${SNAPSHOT_VERSION})`, { file, line: 1, field: 'version' });
  }
  if (header.provider !== provider) throw new InputError('SNAPSHOT_INVALID', `unsupported provider ${String(header.provider)}`, { file, line: 1, field: 'provider' });
}

function validateAccount(value: unknown, file: string, line: number): asserts value is AwsAccountSnapshot {
  const fail = (field: string, message: string): never => {
    throw new InputError('SNAPSHOT_INVALID', message, { file, line, field });
  };
  if (typeof value !== 'object' || value === null) fail('account', 'each line after the header must be {"account": {...}}');
  const account = value as Record<string, unknown>;
  if (typeof account['accountId'] !== 'string' || !/^\d{12}$/.test(account['accountId'])) fail('account.accountId', 'must be a 12-digit account id');
  if (!['aws', 'aws-cn', 'aws-us-gov'].includes(account['partition'] as string)) fail('account.partition', 'must be aws, aws-cn or aws-us-gov');
  const regions = account['regions'];
  if (!Array.isArray(regions) || !regions.every((region) => typeof region === 'string')) fail('account.regions', 'must be a list of region names');
  if (!Array.isArray(account['errors'])) fail('account.errors', 'must be a list');
  const global = account['global'];
  if (typeof global !== 'object' || global === null) fail('account.global', 'must be an object');
  for (const [service, data] of Object.entries(global as Record<string, unknown>)) {
    if (!(AWS_GLOBAL_SERVICES as readonly string[]).includes(service)) fail(`account.global.${service}`, `unknown global service "${service}"`);
    validateServiceData(data, `account.global.${service}`, fail);
  }
  const regional = account['regional'];
  if (typeof regional !== 'object' || regional === null) fail('account.regional', 'must be an object');
  for (const [region, services] of Object.entries(regional as Record<string, unknown>)) {
    if (!(regions as string[]).includes(region)) fail(`account.regional.${region}`, `region "${region}" is not listed in account.regions`);
    if (typeof services !== 'object' || services === null) fail(`account.regional.${region}`, 'must be an object');
    for (const [service, data] of Object.entries(services as Record<string, unknown>)) {
      if (!(AWS_REGIONAL_SERVICES as readonly string[]).includes(service)) fail(`account.regional.${region}.${service}`, `unknown regional service "${service}"`);
      validateServiceData(data, `account.regional.${region}.${service}`, fail);
    }
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validateAzureScope(value: unknown, file: string, line: number): asserts value is AzureScopeSnapshot {
  const fail = (field: string, message: string): never => {
    throw new InputError('SNAPSHOT_INVALID', message, { file, line, field });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('account', 'each line after the header must be {"account": {...}}');
  const scope = value as Record<string, unknown>;
  const kind = scope['kind'];
  if (kind !== 'subscription' && kind !== 'tenant') fail('account.kind', 'must be "subscription" or "tenant"');
  if (typeof scope['accountId'] !== 'string' || !GUID.test(scope['accountId'])) fail('account.accountId', `must be the ${kind === 'tenant' ? 'tenant' : 'subscription'} id (a GUID)`);
  if (typeof scope['tenantId'] !== 'string' || !GUID.test(scope['tenantId'])) fail('account.tenantId', 'must be the Microsoft Entra tenant id (a GUID)');
  if (kind === 'tenant' && (scope['tenantId'] as string).toLowerCase() !== (scope['accountId'] as string).toLowerCase()) fail('account.tenantId', 'a tenant scope’s tenantId must equal its accountId');
  if (!(AZURE_CLOUDS as readonly unknown[]).includes(scope['cloud'])) fail('account.cloud', `must be one of ${AZURE_CLOUDS.join(', ')}`);
  if (scope['displayName'] !== undefined && typeof scope['displayName'] !== 'string') fail('account.displayName', 'must be a string');
  if (typeof scope['collectedAt'] !== 'string' || Number.isNaN(Date.parse(scope['collectedAt']))) fail('account.collectedAt', 'must be an ISO time');
  const regions = scope['regions'];
  if (!Array.isArray(regions) || !regions.every((region) => typeof region === 'string')) fail('account.regions', 'must be a list of location names');
  if (!Array.isArray(scope['errors'])) fail('account.errors', 'must be a list');
  const services = scope['services'];
  if (typeof services !== 'object' || services === null || Array.isArray(services)) fail('account.services', 'must be an object');
  const allowed: readonly string[] = kind === 'tenant' ? AZURE_TENANT_SERVICES : AZURE_SUBSCRIPTION_SERVICES;
  const other: readonly string[] = kind === 'tenant' ? AZURE_SUBSCRIPTION_SERVICES : AZURE_TENANT_SERVICES;
  for (const [service, data] of Object.entries(services as Record<string, unknown>)) {
    if (!allowed.includes(service)) {
      fail(`account.services.${service}`, other.includes(service) ? `"${service}" belongs to ${kind === 'tenant' ? 'a subscription' : 'the tenant'} scope, not a ${kind} scope` : `unknown service "${service}"`);
    }
    validateServiceData(data, `account.services.${service}`, fail);
  }
}

/** Every field of a service's data is a fetched value ({value} or {error: {api, code}}), possibly nested in plain groups. */
function validateServiceData(data: unknown, field: string, fail: (field: string, message: string) => never): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail(field, 'must be an object');
  for (const [key, entry] of Object.entries(data as Record<string, unknown>)) {
    const path = `${field}.${key}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(path, 'must be {"value": ...} or {"error": {...}}');
    const record = entry as Record<string, unknown>;
    if ('value' in record) continue;
    if ('error' in record) {
      const error = record['error'] as Record<string, unknown> | null;
      if (typeof error?.['api'] !== 'string' || typeof error['code'] !== 'string') fail(`${path}.error`, 'an error needs "api" and "code" strings');
      continue;
    }
    validateServiceData(entry, path, fail);
  }
}
