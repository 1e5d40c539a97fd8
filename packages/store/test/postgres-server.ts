/**
 * PostgreSQL for the store's tests.
 *
 * 1. `PALISADE_TEST_DATABASE_URL` names an administrator's connection (a role with CREATEDB and
 *    CREATEROLE, such as the one scripts/postgres.sh creates; CI sets it in .ci/run). It must answer.
 * 2. Otherwise scripts/postgres.sh starts a throwaway cluster, stopped again by `stop()`.
 * 3. When that fails, the PostgreSQL tests are skipped and say why — except under CI=true, where the
 *    run fails instead.
 *
 * Each test run creates an application role of its own (LOGIN, no BYPASSRLS, owning nothing) and each
 * fresh store a database of its own, owned by the administrator; all are dropped at the end.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const scripts = fileURLToPath(new URL('../../../scripts/', import.meta.url));

export type PostgresServer = { readonly adminUrl: string; stop(): Promise<void> } | { readonly skipped: string };

export async function findPostgres(): Promise<PostgresServer> {
  const given = process.env['PALISADE_TEST_DATABASE_URL'];
  if (given) {
    await query(given, 'SELECT 1').catch((error: unknown) => {
      throw new Error(`PALISADE_TEST_DATABASE_URL does not answer: ${(error as Error).message}`);
    });
    return { adminUrl: given, stop: async () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'palisade-postgres-'));
  try {
    // May install PostgreSQL's Debian packages first.
    const { stdout } = await run('bash', [join(scripts, 'postgres.sh'), dir], { timeout: 600_000 });
    const adminUrl = stdout.trim().split('\n').pop() ?? '';
    if (!adminUrl.startsWith('postgres://')) throw new Error(`scripts/postgres.sh printed no URL: ${stdout}`);
    return { adminUrl, stop: async () => void (await run('bash', [join(scripts, 'postgres-stop.sh'), dir])) };
  } catch (error) {
    await run('bash', [join(scripts, 'postgres-stop.sh'), dir]).catch(() => undefined);
    const reason = `scripts/postgres.sh failed: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`;
    if (process.env['CI'] === 'true') throw new Error(reason);
    console.warn(`\n[store] SKIPPING the PostgreSQL tests: ${reason}\n`);
    return { skipped: reason };
  }
}

async function query(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string, user?: { name: string; password: string }): string {
  const result = new URL(url);
  result.pathname = `/${database}`;
  if (user) {
    result.username = user.name;
    result.password = user.password;
  }
  return result.toString();
}

export interface TestDatabase {
  /** The administrator (owner) on this database. */
  readonly adminUrl: string;
  /** The run's application role on this database. */
  readonly appUrl: string;
  drop(): Promise<void>;
}

/** Databases and the application role of one test run. */
export class TestDatabases {
  private readonly created = new Set<string>();
  private count = 0;

  private constructor(
    private readonly adminUrl: string,
    private readonly run: string,
    private readonly app: { name: string; password: string },
  ) {}

  static async create(adminUrl: string): Promise<TestDatabases> {
    const run = randomBytes(4).toString('hex');
    const app = { name: `palisade_app_${run}`, password: randomBytes(16).toString('hex') };
    await query(adminUrl, `CREATE ROLE ${app.name} LOGIN PASSWORD '${app.password}' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE`);
    return new TestDatabases(adminUrl, run, app);
  }

  get appRole(): string {
    return this.app.name;
  }

  async fresh(): Promise<TestDatabase> {
    const name = `palisade_test_${this.run}_${++this.count}`;
    await query(this.adminUrl, `CREATE DATABASE ${name}`);
    this.created.add(name);
    return {
      adminUrl: withDatabase(this.adminUrl, name),
      appUrl: withDatabase(this.adminUrl, name, this.app),
      drop: () => this.drop(name),
    };
  }

  private async drop(name: string): Promise<void> {
    if (!this.created.delete(name)) return;
    await query(this.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }

  async dispose(): Promise<void> {
    for (const name of [...this.created]) await this.drop(name);
    await query(this.adminUrl, `DROP ROLE IF EXISTS ${this.app.name}`);
  }
}
