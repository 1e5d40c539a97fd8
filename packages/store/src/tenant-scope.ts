/**
 * The one place a tenant's queries get their tenant condition. Every query of tenant-store.ts and
 * findings.ts reads, changes or deletes rows through `mine(table)` and creates them through
 * `own(values)`; no query writes `tenant_id = …` itself. On PostgreSQL row-level security holds
 * the same line a second time, below the queries.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db, Runtime } from './runtime.ts';
import { TENANT_COLUMN, type TenantTable } from './schema.ts';

export class TenantScope {
  constructor(
    readonly runtime: Runtime,
    readonly tenantId: string,
  ) {}

  /** `<table or alias>.<tenant column> = <this tenant>`. */
  mine(table: TenantTable, alias: string = table): Expression<SqlBool> {
    return sql<SqlBool>`${sql.ref(`${alias}.${TENANT_COLUMN[table]}`)} = ${this.tenantId}`;
  }

  /** A new row's values, owned by this tenant. */
  own<T extends object>(values: T): T & { tenant_id: string } {
    return { ...values, tenant_id: this.tenantId };
  }

  read<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return this.runtime.tenant(this.tenantId, work, false);
  }

  write<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return this.runtime.tenant(this.tenantId, work, true);
  }
}
