/**
 * What the shared implementation (tenant-store.ts, system-store.ts, findings.ts) needs from a
 * dialect: how to run work confined to a tenant or as a system operation, and the few SQL pieces
 * that are spelled differently. sqlite.ts and postgres.ts provide it.
 */
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DialectName } from './migrations.ts';
import type { Database } from './schema.ts';
import { StoreError } from './types.ts';

export type Db = Kysely<Database>;

export interface Runtime {
  readonly dialect: DialectName;
  /**
   * Runs `work` for one tenant. PostgreSQL: in a transaction whose `app.tenant_id` is the tenant, so
   * row-level security holds whatever the queries say. SQLite: in an immediate (write-locked)
   * transaction when `write`, else on the connection as it is.
   */
  tenant<T>(tenantId: string, work: (db: Db) => Promise<T>, write?: boolean): Promise<T>;
  /** Runs a cross-tenant system operation (PostgreSQL: a transaction with `app.system = 'on'`). */
  system<T>(work: (db: Db) => Promise<T>, write?: boolean): Promise<T>;
  /** After a bulk change (a completed scan): lets the planner learn the tables' new shape, where the database does not on its own. */
  refreshStatistics?(): Promise<void>;
}

/** A flag's value as a bound parameter: booleans on PostgreSQL, 0/1 on SQLite (which binds no booleans). */
export function flag(runtime: Runtime, value: boolean): boolean | number {
  return runtime.dialect === 'postgres' ? value : value ? 1 : 0;
}

/**
 * `column = true` written as a literal, so that the planners see that a query implies the
 * `WHERE is_latest = true` of a partial index (SQLite does not look into bound parameters).
 */
export function flagIs(runtime: Runtime, ref: string, value: boolean): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(ref)} = ${sql.lit(flag(runtime, value))}`;
}

/** Whether `haystack` contains `needle` as a plain substring (no pattern characters). */
export function contains(runtime: Runtime, ref: string, needle: string): Expression<SqlBool> {
  return runtime.dialect === 'postgres' ? sql<SqlBool>`strpos(${sql.ref(ref)}, ${needle}) > 0` : sql<SqlBool>`instr(${sql.ref(ref)}, ${needle}) > 0`;
}

export function least(runtime: Runtime, a: Expression<unknown>, b: Expression<unknown>): RawBuilder<string> {
  return runtime.dialect === 'postgres' ? sql<string>`LEAST(${a}, ${b})` : sql<string>`min(${a}, ${b})`;
}

export function greatest(runtime: Runtime, a: Expression<unknown>, b: Expression<unknown>): RawBuilder<string> {
  return runtime.dialect === 'postgres' ? sql<string>`GREATEST(${a}, ${b})` : sql<string>`max(${a}, ${b})`;
}

/** A bound value with its PostgreSQL type spelled out, where no column gives it one (a SELECT list). */
export function typed(runtime: Runtime, value: string, postgresType: 'uuid' | 'timestamptz'): RawBuilder<string> {
  return runtime.dialect === 'postgres' ? sql<string>`CAST(${value} AS ${sql.raw(postgresType)})` : sql<string>`${value}`;
}

/**
 * A top-level field of a JSON column, still JSON (`->` on both databases): PostgreSQL answers jsonb,
 * which arrives parsed; SQLite answers JSON text. `field` must be a plain identifier.
 */
export function jsonField(runtime: Runtime, ref: string, field: string): RawBuilder<unknown> {
  return runtime.dialect === 'postgres' ? sql<unknown>`${sql.ref(ref)} -> CAST(${field} AS text)` : sql<unknown>`${sql.ref(ref)} -> ${`$.${field}`}`;
}

/** Splits `values` into chunks small enough for one statement's parameters on both databases. */
export function chunks<T>(values: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < values.length; start += size) result.push(values.slice(start, start + size));
  return result;
}

type Violation = 'unique' | 'foreignKey';

/** A unique or foreign-key violation, as better-sqlite3 and pg report it. */
function violationOf(error: unknown): Violation | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'unique';
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'foreignKey';
  return undefined;
}

/**
 * Runs `work` and reports a constraint violation as the `StoreError` the caller can act on: a
 * duplicate as `Conflict`, a reference to a row that does not exist (or is another tenant's) as
 * `NotFound`. Other errors pass unchanged.
 */
export async function mapViolations<T>(
  work: () => Promise<T>,
  on: { readonly unique?: readonly [field: string, message: string]; readonly foreignKey?: readonly [field: string, message: string] },
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const violation = violationOf(error);
    const mapped = violation === 'unique' ? on.unique : violation === 'foreignKey' ? on.foreignKey : undefined;
    if (!mapped || !violation) throw error;
    throw new StoreError(violation === 'unique' ? 'Conflict' : 'NotFound', mapped[1], mapped[0]);
  }
}
