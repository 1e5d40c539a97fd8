/**
 * The embedded store: SQLite through better-sqlite3, one file `<dataDir>/palisade.db` (or
 * `:memory:` for tests), in WAL mode with foreign keys on and a busy timeout, so that several
 * processes can share the file.
 *
 * Every Kysely transaction here begins IMMEDIATE: it takes the write lock at BEGIN, so a
 * read-then-write transaction never fails halfway because another connection wrote meanwhile.
 * Waiting for the lock is done here, asynchronously (SQLite's own busy handler would block the event
 * loop, and with it another connection of the same process that holds the lock): an operation that
 * meets SQLITE_BUSY — at BEGIN or at a single statement, before it changed anything — is retried with
 * back-off until the busy timeout. Migrations run in one such transaction (SQLite's DDL is
 * transactional), which makes `migrate()` safe when two processes start together. Tenancy rests on
 * the store's tenant condition alone (tenant-scope.ts): SQLite has no row-level security.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type SqliteStatement,
} from 'kysely';
import { migrationProvider } from './migrations.ts';
import type { Database } from './schema.ts';
import type { Db, Runtime } from './runtime.ts';
import { SqlStore } from './sql-store.ts';
import type { Store } from './types.ts';

export interface SqliteStoreOptions {
  /** Directory of `palisade.db` (created when missing), or `:memory:` for a private in-memory database. */
  readonly dataDir: string;
  /** How long an operation waits for another connection's write lock (default 5,000 ms). */
  readonly busyTimeoutMs?: number;
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'));
  }
}

/** Kysely's SQLite adapter declines transactional DDL; SQLite has it, and migrations use it. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class PalisadeSqliteDialect extends SqliteDialect {
  constructor(private readonly options: SqliteDialectConfig) {
    super(options);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.options);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * The database as Kysely's driver sees it, with prepared statements kept by SQL text: a findings
 * batch runs the same 1,000-row INSERT again and again, and preparing it is a good part of its cost.
 * Statements run to completion synchronously (the store never streams), so one can be reused.
 */
function withStatementCache(database: BetterSqlite3.Database, size = 200): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (statements.size >= size) statements.delete(statements.keys().next().value as string);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

export function createSqliteStore(options: SqliteStoreOptions): Store {
  let filename = ':memory:';
  if (options.dataDir !== ':memory:') {
    mkdirSync(options.dataDir, { recursive: true });
    filename = join(options.dataDir, 'palisade.db');
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  const database = new BetterSqlite3(filename, { timeout: 0 });
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  // Findings batches touch many index pages: a 64 MB page cache, and checkpoints every 40 MB of WAL
  // rather than every 4 MB, so that a page changed by several batches is written back once.
  database.pragma('cache_size = -65536');
  database.pragma('wal_autocheckpoint = 10000');
  database.pragma('journal_size_limit = 67108864');
  const db = new Kysely<Database>({ dialect: new PalisadeSqliteDialect({ database: withStatementCache(database) }) });

  const run = <T>(work: (db: Db) => Promise<T>, write: boolean | undefined): Promise<T> =>
    retryWhileBusy(() => (write ? db.transaction().execute(work) : work(db)), busyTimeoutMs);
  const runtime: Runtime = {
    dialect: 'sqlite',
    tenant: (_tenantId, work, write) => run(work, write),
    system: (work, write) => run(work, write),
  };
  return new SqlStore(runtime, {
    async migrate() {
      await retryWhileBusy(async () => {
        const { error } = await new Migrator({ db, provider: migrationProvider('sqlite') }).migrateToLatest();
        if (error) throw error;
      }, busyTimeoutMs);
    },
    close: () => db.destroy(),
  });
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

async function retryWhileBusy<T>(operation: () => Promise<T>, timeoutMs: number): Promise<T> {
  const started = Date.now();
  for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
    try {
      return await operation();
    } catch (error) {
      if (!isBusy(error) || Date.now() - started >= timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
