/**
 * `SystemStore` on Kysely: the operations that cross tenants, each for one job. Reads and writes
 * that concern one tenant's rows (a schedule run, a rewrapped secret, retention) run inside that
 * tenant through `SqlTenantStore`; only what must see several tenants runs as a system operation
 * (on PostgreSQL: `app.system = 'on'`, which the `system_*` policies admit for the tables and
 * commands listed in migrations.ts).
 */
import { Keyset, byCreation } from './paging.ts';
import {
  apiKeyOf,
  invitationOf,
  isUuid,
  membershipOf,
  newId,
  now,
  refreshTokenOf,
  retention,
  scanOf,
  scheduleOf,
  secretOf,
  tenantOf,
  toTime,
  userOf,
} from './rows.ts';
import { flag, flagIs, mapViolations, type Runtime } from './runtime.ts';
import { SqlTenantStore } from './tenant-store.ts';
import {
  StoreError,
  type ApiKey,
  type Invitation,
  type Membership,
  type Page,
  type PageRequest,
  type RefreshToken,
  type Scan,
  type Schedule,
  type SealedSecret,
  type StoredSecret,
  type SystemStore,
  type Tenant,
  type User,
} from './types.ts';

export class SqlSystemStore implements SystemStore {
  constructor(private readonly runtime: Runtime) {}

  private tenant(tenantId: string): SqlTenantStore | undefined {
    return isUuid(tenantId) ? new SqlTenantStore(this.runtime, tenantId) : undefined;
  }

  async createTenant(tenant: { readonly name: string; readonly retentionDays?: number }): Promise<Tenant> {
    const id = newId();
    // Created inside the new tenant: the system role may read tenants but not create them.
    const row = await this.runtime.tenant(
      id,
      (db) =>
        db
          .insertInto('tenants')
          .values({ id, name: tenant.name, created_at: now(), retention_days: retention(tenant.retentionDays), external_id: newId() })
          .returningAll()
          .executeTakeFirstOrThrow(),
      true,
    );
    return tenantOf(row);
  }

  async listTenants(page?: PageRequest): Promise<Page<Tenant>> {
    const keyset = new Keyset(['tenants'], page, byCreation('tenants'));
    const rows = await this.runtime.system((db) => keyset.apply(db.selectFrom('tenants').selectAll()).execute());
    return keyset.page(rows, tenantOf);
  }

  async createUser(user: { readonly email: string; readonly passwordHash: string }): Promise<User> {
    const email = user.email.trim().toLowerCase();
    if (email === '') throw new StoreError('InvalidInput', 'a user needs an e-mail address', 'email');
    const row = await mapViolations(
      () =>
        this.runtime.system(
          (db) =>
            db
              .insertInto('users')
              .values({ id: newId(), email, password_hash: user.passwordHash, created_at: now(), disabled: flag(this.runtime, false), failed_logins: 0 })
              .returningAll()
              .executeTakeFirstOrThrow(),
          true,
        ),
      { unique: ['email', `a user with e-mail ${email} exists`] },
    );
    return userOf(row);
  }

  async getUser(id: string): Promise<User | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.runtime.system((db) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst());
    return row && userOf(row);
  }

  async findUserByEmail(email: string): Promise<User | undefined> {
    const row = await this.runtime.system((db) => db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst());
    return row && userOf(row);
  }

  async updateUser(
    id: string,
    patch: Partial<Pick<User, 'passwordHash' | 'disabled' | 'failedLogins' | 'lastLoginAt'>> & { readonly lockedUntil?: string | null },
  ): Promise<User | undefined> {
    if (!isUuid(id)) return undefined;
    const set = {
      ...(patch.passwordHash === undefined ? {} : { password_hash: patch.passwordHash }),
      ...(patch.disabled === undefined ? {} : { disabled: flag(this.runtime, patch.disabled) }),
      ...(patch.failedLogins === undefined ? {} : { failed_logins: patch.failedLogins }),
      ...(patch.lastLoginAt === undefined ? {} : { last_login_at: toTime(patch.lastLoginAt, 'lastLoginAt') }),
      ...(patch.lockedUntil === undefined ? {} : { locked_until: patch.lockedUntil === null ? null : toTime(patch.lockedUntil, 'lockedUntil') }),
    };
    if (Object.keys(set).length === 0) return this.getUser(id);
    const row = await this.runtime.system((db) => db.updateTable('users').set(set).where('id', '=', id).returningAll().executeTakeFirst(), true);
    return row && userOf(row);
  }

  async membershipsOfUser(userId: string): Promise<readonly Membership[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.runtime.system((db) =>
      db.selectFrom('memberships').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('tenant_id').execute(),
    );
    return rows.map(membershipOf);
  }

  async findInvitation(id: string): Promise<Invitation | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.runtime.system((db) => db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst());
    return row && invitationOf(row);
  }

  async findApiKeyByPrefix(prefix: string): Promise<ApiKey | undefined> {
    const row = await this.runtime.system((db) => db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).executeTakeFirst());
    return row && apiKeyOf(row);
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    if (!isUuid(id)) return;
    const time = toTime(at, 'at');
    await this.runtime.system((db) => db.updateTable('api_keys').set({ last_used_at: time }).where('id', '=', id).execute(), true);
  }

  async createRefreshToken(token: Omit<RefreshToken, 'id' | 'createdAt' | 'usedAt' | 'revokedAt'>): Promise<RefreshToken> {
    for (const [field, value] of [
      ['userId', token.userId],
      ['tenantId', token.tenantId],
    ] as const) {
      if (!isUuid(value)) throw new StoreError('NotFound', `no ${field === 'userId' ? 'user' : 'tenant'} ${value}`, field);
    }
    if (!isUuid(token.familyId)) throw new StoreError('InvalidInput', 'a token family id is a UUID', 'familyId');
    const row = await mapViolations(
      () =>
        this.runtime.system(
          (db) =>
            db
              .insertInto('refresh_tokens')
              .values({
                id: newId(),
                tenant_id: token.tenantId,
                user_id: token.userId,
                hash: token.hash,
                family_id: token.familyId,
                created_at: now(),
                expires_at: toTime(token.expiresAt, 'expiresAt'),
              })
              .returningAll()
              .executeTakeFirstOrThrow(),
          true,
        ),
      { unique: ['hash', 'a refresh token with this hash exists'], foreignKey: ['userId', `no user ${token.userId} or tenant ${token.tenantId}`] },
    );
    return refreshTokenOf(row);
  }

  async findRefreshToken(hash: string): Promise<RefreshToken | undefined> {
    const row = await this.runtime.system((db) => db.selectFrom('refresh_tokens').selectAll().where('hash', '=', hash).executeTakeFirst());
    return row && refreshTokenOf(row);
  }

  /** One statement that succeeds for one caller only: the token must be neither used nor revoked. */
  async useRefreshToken(id: string, at: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const time = toTime(at, 'at');
    const result = await this.runtime.system(
      (db) => db.updateTable('refresh_tokens').set({ used_at: time }).where('id', '=', id).where('used_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst(),
      true,
    );
    return result.numUpdatedRows > 0n;
  }

  async revokeRefreshFamily(familyId: string, at: string): Promise<void> {
    if (!isUuid(familyId)) return;
    const time = toTime(at, 'at');
    await this.runtime.system(
      (db) => db.updateTable('refresh_tokens').set({ revoked_at: time }).where('family_id', '=', familyId).where('revoked_at', 'is', null).execute(),
      true,
    );
  }

  /**
   * One UPDATE … RETURNING over the due schedules: on PostgreSQL its subquery locks them with
   * FOR UPDATE SKIP LOCKED, so two schedulers split the due schedules instead of waiting for each
   * other; on SQLite the statement holds the database's write lock. Either way a schedule is leased
   * to one owner.
   */
  async leaseDueSchedules(now: string, owner: string, leaseUntil: string, limit: number): Promise<readonly Schedule[]> {
    const time = toTime(now, 'now');
    const until = toTime(leaseUntil, 'leaseUntil');
    if (!Number.isInteger(limit) || limit < 1) throw new StoreError('InvalidInput', `limit must be a positive integer, not ${limit}`, 'limit');
    const rows = await this.runtime.system(async (db) => {
      let due = db
        .selectFrom('schedules')
        .select('id')
        .where(flagIs(this.runtime, 'schedules.enabled', true))
        .where('next_run_at', '<=', time)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', time)]))
        .orderBy('next_run_at')
        .orderBy('id')
        .limit(limit);
      if (this.runtime.dialect === 'postgres') due = due.forUpdate().skipLocked();
      return db
        .updateTable('schedules')
        .set({ lease_owner: owner, lease_until: until })
        .where('id', 'in', due)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', time)]))
        .returningAll()
        .execute();
    }, true);
    return rows.map(scheduleOf).sort((a, b) => (a.nextRunAt < b.nextRunAt ? -1 : a.nextRunAt > b.nextRunAt ? 1 : a.id < b.id ? -1 : 1));
  }

  async completeScheduleRun(tenantId: string, id: string, run: { readonly lastRunAt: string; readonly nextRunAt: string }): Promise<void> {
    await this.tenant(tenantId)?.finishScheduleRun(id, run);
  }

  async unfinishedScans(now: string): Promise<readonly Scan[]> {
    const time = toTime(now, 'now');
    const rows = await this.runtime.system((db) =>
      db
        .selectFrom('scans')
        .selectAll()
        .where((eb) =>
          eb.or([eb('state', '=', 'queued'), eb.and([eb('state', '=', 'running'), eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', time)])])]),
        )
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
    );
    return rows.map(scanOf);
  }

  async listSecrets(page?: PageRequest): Promise<Page<StoredSecret>> {
    const keyset = new Keyset<{ id: string }>(['secrets'], page, [{ ref: 'secrets.id', direction: 'asc', of: (row) => row.id, kind: 'string' }]);
    const rows = await this.runtime.system((db) => keyset.apply(db.selectFrom('secrets').selectAll()).execute());
    return keyset.page(rows, secretOf);
  }

  async rewrapSecret(tenantId: string, id: string, wrap: Pick<SealedSecret, 'wrappedKey' | 'wrapIv' | 'wrapAuthTag' | 'kekId'>): Promise<void> {
    const tenant = this.tenant(tenantId);
    if (!tenant || !(await tenant.rewrapSecret(id, wrap))) throw new StoreError('NotFound', `no secret ${id} in tenant ${tenantId}`, 'id');
  }

  async purgeScans(tenantId: string, before: string): Promise<number> {
    return (await this.tenant(tenantId)?.purgeScansBefore(before)) ?? 0;
  }
}
