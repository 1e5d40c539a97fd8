/**
 * The API suites that run on SQLite and on PostgreSQL: the two store kinds (PostgreSQL skipped with
 * the reason when no server can be found or started), a platform opened on a fresh data directory
 * and, for PostgreSQL, a fresh database, and the clean-up after the suite. Register
 * `afterAll(disposeStores)` once per test file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPlatform } from '../src/index.ts';
import type { Platform, PlatformOptions } from '../src/index.ts';
import { TestDatabases, findPostgres } from '../../../packages/store/test/postgres-server.ts';

export type StoreKind = 'sqlite' | 'postgres';

const postgres = await findPostgres();
let databases: TestDatabases | undefined;

export const STORES: readonly { readonly kind: StoreKind; readonly skip: string | undefined }[] = [
  { kind: 'sqlite', skip: undefined },
  { kind: 'postgres', skip: 'skipped' in postgres ? postgres.skipped : undefined },
];

/** A platform on `kind`, in a new temporary data directory named after `name`, with a random master key. */
export async function openPlatformOn(kind: StoreKind, name: string, options: Partial<PlatformOptions> = {}): Promise<Platform> {
  let database: { appUrl: string; adminUrl: string } | undefined;
  if (kind === 'postgres') {
    if ('skipped' in postgres) throw new Error(postgres.skipped);
    databases ??= await TestDatabases.create(postgres.adminUrl);
    database = await databases.fresh();
  }
  return openPlatform({
    dataDir: mkdtempSync(join(tmpdir(), `palisade-${name}-`)),
    ...(database ? { databaseUrl: database.appUrl, databaseAdminUrl: database.adminUrl } : {}),
    productVersion: 'test',
    env: { PALISADE_MASTER_KEY: randomBytes(32).toString('base64') },
    ...options,
  });
}

/** Drops the test databases and stops a PostgreSQL server the suite started. */
export async function disposeStores(): Promise<void> {
  await databases?.dispose();
  if (!('skipped' in postgres)) await postgres.stop();
}
