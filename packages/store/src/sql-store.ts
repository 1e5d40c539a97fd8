/**
 * The `Store` both dialects share: a runtime (how work runs for a tenant or the system) and the
 * dialect's migrate and close.
 */
import type { DialectName } from './migrations.ts';
import { isUuid } from './rows.ts';
import type { Runtime } from './runtime.ts';
import { SqlSystemStore } from './system-store.ts';
import { SqlTenantStore } from './tenant-store.ts';
import { StoreError, type Store, type SystemStore, type TenantStore } from './types.ts';

export class SqlStore implements Store {
  readonly system: SystemStore;

  constructor(
    private readonly runtime: Runtime,
    private readonly lifecycle: { migrate(): Promise<void>; close(): Promise<void> },
  ) {
    this.system = new SqlSystemStore(runtime);
  }

  get dialect(): DialectName {
    return this.runtime.dialect;
  }

  migrate(): Promise<void> {
    return this.lifecycle.migrate();
  }

  forTenant(tenantId: string): TenantStore {
    if (!isUuid(tenantId)) throw new StoreError('InvalidInput', `a tenant id is a UUID, not ${tenantId}`, 'tenantId');
    return new SqlTenantStore(this.runtime, tenantId);
  }

  close(): Promise<void> {
    return this.lifecycle.close();
  }
}
