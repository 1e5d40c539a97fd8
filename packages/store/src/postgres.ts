/**
 * The server store: PostgreSQL through a pg pool, with row-level security under the store's own
 * tenant conditions.
 *
 * Two roles, two connections:
 *
 * * **Owner** (`adminConnectionString`): runs `migrate()` — creates the tables, so owns them — and
 *   grants the application role what it may do (APP_PRIVILEGES in migrations.ts: no DDL, an
 *   append-only audit log; and `palisade_refresh_statistics()`, which ANALYZEs the findings tables as
 *   their owner after a completed scan). Migrations are serialized by Kysely's advisory lock and the grants by
 *   one of their own, so processes may migrate at the same time.
 * * **Application** (`connectionString`): every query. It must be neither superuser nor BYPASSRLS and
 *   own none of the tables, since either would exempt it from the policies; the store checks that
 *   before its first query and refuses to run otherwise.
 *
 * Every tenant operation is one transaction that starts with
 * `SELECT set_config('app.tenant_id', <tenant>, true)`; the `tenant_isolation` policy on each tenant
 * table (ENABLE + FORCE ROW LEVEL SECURITY) admits only rows whose tenant column equals it, for
 * reading and for writing, so a query that lost its tenant condition still sees one tenant, and no
 * tenant outside a transaction that set one. System operations (system-store.ts) set
 * `app.system = 'on'` instead, which the narrower `system_*` policies admit for the few tables and
 * commands they need. This guards against mistakes in the application's queries, not against code
 * that can send arbitrary SQL as the application role (it could set either variable itself).
 *
 * Times are timestamptz, read back as ISO strings; ids are uuid; JSON is jsonb.
 */
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { APP_PRIVILEGES, migrationProvider } from './migrations.ts';
import type { Database } from './schema.ts';
import type { Db, Runtime } from './runtime.ts';
import { SqlStore } from './sql-store.ts';
import type { Store } from './types.ts';

export interface PostgresStoreOptions {
  /** The application role's connection: not superuser, not BYPASSRLS, owner of no table (checked). */
  readonly connectionString: string;
  /**
   * The owner role's connection, used by `migrate()` only. Without it `migrate()` applies nothing
   * and fails when a migration is pending (another process or a deployment step migrates).
   */
  readonly adminConnectionString?: string;
  /** Size of the application's connection pool (default 10). */
  readonly maxConnections?: number;
}

const TIMESTAMPTZ = pg.types.builtins.TIMESTAMPTZ;
const parseTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ);

/** timestamptz as the ISO strings the interface speaks; every other type as pg parses it. */
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ && format !== 'binary'
      ? (value: string) => (parseTimestamptz(value) as Date).toISOString()
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

function pool(connectionString: string, max: number): pg.Pool {
  const created = new pg.Pool({ connectionString, max, types: typeParsers });
  // An idle connection dropped by the server is removed from the pool; the next query reports it.
  created.on('error', () => undefined);
  return created;
}

export function createPostgresStore(options: PostgresStoreOptions): Store {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool(options.connectionString, options.maxConnections ?? 10) }) });
  let roleChecked: Promise<void> | undefined;
  const ready = (): Promise<void> =>
    (roleChecked ??= checkApplicationRole(db).catch((error: unknown) => {
      roleChecked = undefined;
      throw error;
    }));

  const inTransaction = async <T>(name: 'app.tenant_id' | 'app.system', value: string, work: (db: Db) => Promise<T>): Promise<T> => {
    await ready();
    return db.transaction().execute(async (transaction) => {
      await sql`SELECT set_config(${name}, ${value}, true)`.execute(transaction);
      return work(transaction);
    });
  };
  const runtime: Runtime = {
    dialect: 'postgres',
    tenant: (tenantId, work) => inTransaction('app.tenant_id', tenantId, work),
    system: (work) => inTransaction('app.system', 'on', work),
    refreshStatistics: async () => {
      await ready();
      await sql`SELECT palisade_refresh_statistics()`.execute(db);
    },
  };

  return new SqlStore(runtime, {
    async migrate() {
      if (options.adminConnectionString === undefined) {
        await assertMigrated(db);
      } else {
        await migrateAsOwner(options.adminConnectionString, db);
      }
      // Checked again: the tables exist now, and their owner is known.
      roleChecked = undefined;
      await ready();
    },
    close: () => db.destroy(),
  });
}

async function migrateAsOwner(adminConnectionString: string, app: Kysely<Database>): Promise<void> {
  const admin = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: pool(adminConnectionString, 2) }) });
  try {
    const { error } = await new Migrator({ db: admin, provider: migrationProvider('postgres') }).migrateToLatest();
    if (error) throw error;
    const { rows } = await sql<{ name: string }>`SELECT current_user AS name`.execute(app);
    const role = sql.id(rows[0]?.name ?? '');
    await admin.transaction().execute(async (transaction) => {
      // Concurrent GRANTs on one table fail ("tuple concurrently updated"): one process at a time.
      await sql`SELECT pg_advisory_xact_lock(hashtext('palisade.store.grants'))`.execute(transaction);
      await sql`GRANT USAGE ON SCHEMA ${sql.id(await currentSchema(transaction))} TO ${role}`.execute(transaction);
      for (const [table, privileges] of Object.entries(APP_PRIVILEGES)) {
        await sql`GRANT ${sql.raw(privileges)} ON TABLE ${sql.id(table)} TO ${role}`.execute(transaction);
      }
      await sql`GRANT SELECT ON TABLE kysely_migration TO ${role}`.execute(transaction);
      await sql`GRANT EXECUTE ON FUNCTION palisade_refresh_statistics() TO ${role}`.execute(transaction);
    });
  } finally {
    await admin.destroy();
  }
}

async function currentSchema(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  return rows[0]?.schema ?? 'public';
}

/** Without the owner's connection: the schema must be current already. */
async function assertMigrated(db: Kysely<Database>): Promise<void> {
  const known = Object.keys(await migrationProvider('postgres').getMigrations());
  let applied: string[] = [];
  try {
    applied = (await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db)).rows.map((row) => row.name);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P01') throw error;
  }
  const pending = known.filter((name) => !applied.includes(name));
  if (pending.length > 0) {
    throw new Error(`the database lacks migrations ${pending.join(', ')}: migrate with adminConnectionString (the tables' owner)`);
  }
}

/** Row-level security binds the application role only if it is no superuser, has no BYPASSRLS and owns no table. */
async function checkApplicationRole(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ name: string; superuser: boolean; bypass: boolean; owned: string[] | null }>`
    SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
      (SELECT array_agg(t.tablename::text) FROM pg_tables t
        WHERE t.schemaname = current_schema() AND t.tableowner = current_user AND t.tablename = ANY(${Object.keys(APP_PRIVILEGES)})) AS owned
    FROM pg_roles r WHERE r.rolname = current_user`.execute(db);
  const role = rows[0];
  if (!role) throw new Error('cannot read the application role from pg_roles');
  const reasons = [
    ...(role.superuser ? ['is a superuser'] : []),
    ...(role.bypass ? ['has BYPASSRLS'] : []),
    ...(role.owned?.length ? [`owns ${role.owned.join(', ')}`] : []),
  ];
  if (reasons.length > 0) {
    throw new Error(
      `the application role ${role.name} ${reasons.join(' and ')}, so row-level security would not confine it: ` +
        'connect the store as a role without those rights and pass the owner as adminConnectionString',
    );
  }
}
