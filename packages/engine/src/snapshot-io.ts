/**
 * Snapshot files: gzip-compressed JSON lines. Line 1 is a header; every further line holds one
 * account's snapshot. Both directions stream one account at a time, so a large organization's
 * inventory never has to sit in memory at once. Written to a temporary file and renamed on
 * completion, so an interrupted run never leaves a truncated snapshot behind.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import type { Gzip } from 'node:zlib';
import { AWS_GLOBAL_SERVICES, AWS_REGIONAL_SERVICES, InputError } from '@palisade/core';
import type { AwsAccountSnapshot } from '@palisade/core';

export const SNAPSHOT_FORMAT = 'palisade-snapshot';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotHeader {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  readonly provider: 'aws';
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

  static async open(path: string, producer: string): Promise<SnapshotWriter> {
    await mkdir(dirname(path), { recursive: true });
    const writer = new SnapshotWriter(path);
    const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, provider: 'aws', createdAt: new Date().toISOString(), producer };
    await writer.line(header);
    return writer;
  }

  async add(account: AwsAccountSnapshot): Promise<void> {
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

/** Opens a snapshot and validates its header only: a cheap check before any output is created. */
export async function checkSnapshotReadable(path: string): Promise<void> {
  const accounts = readSnapshot(path);
  try {
    await accounts.next();
  } finally {
    await accounts.return(undefined);
  }
}

/** Reads a snapshot file account by account, validating the header and each account's shape. */
export async function* readSnapshot(path: string): AsyncGenerator<AwsAccountSnapshot, void, undefined> {
  const input = createReadStream(path);
  const gunzip = createGunzip();
  const failure = new Promise<never>((_, reject) => {
    input.on('error', (error: NodeJS.ErrnoException) =>
      reject(new InputError('SNAPSHOT_INVALID', error.code === 'ENOENT' ? 'file not found' : `cannot read file (${error.code ?? error.message})`, { file: path })),
    );
    gunzip.on('error', (error) => reject(new InputError('SNAPSHOT_INVALID', `not a gzip snapshot or truncated (${error.message})`, { file: path })));
  });
  failure.catch(() => undefined);
  const lines = createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  let lineNumber = 0;
  let sawHeader = false;
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), failure]);
      if (next.done) break;
      lineNumber += 1;
      const text = next.value;
      if (!text.trim()) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (cause) {
        throw new InputError('SNAPSHOT_INVALID', `invalid JSON (${(cause as Error).message})`, { file: path, line: lineNumber });
      }
      if (!sawHeader) {
        validateHeader(parsed, path);
        sawHeader = true;
        continue;
      }
      const account = (parsed as { account?: unknown })?.account;
      validateAccount(account, path, lineNumber);
      yield account as AwsAccountSnapshot;
    }
    if (!sawHeader) throw new InputError('SNAPSHOT_INVALID', 'empty file: no snapshot header', { file: path });
  } finally {
    lines.close();
    input.destroy();
  }
}

function validateHeader(value: unknown, file: string): void {
  const header = value as Partial<SnapshotHeader> | null;
  if (header?.format !== SNAPSHOT_FORMAT) {
    throw new InputError('SNAPSHOT_INVALID', `not a snapshot file (expected "format": "${SNAPSHOT_FORMAT}")`, { file, line: 1, field: 'format' });
  }
  if (header.version !== SNAPSHOT_VERSION) {
    throw new InputError('SNAPSHOT_INVALID', `unsupported snapshot version ${String(header.version)} (this build reads ${SNAPSHOT_VERSION})`, { file, line: 1, field: 'version' });
  }
  if (header.provider !== 'aws') throw new InputError('SNAPSHOT_INVALID', `unsupported provider ${String(header.provider)}`, { file, line: 1, field: 'provider' });
}

function validateAccount(value: unknown, file: string, line: number): void {
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
