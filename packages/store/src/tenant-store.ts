/**
 * `TenantStore` on Kysely, for both dialects: everything one tenant owns. Every query goes through
 * `TenantScope` (tenant condition and tenant column of new rows); ids that are not UUIDs, or are
 * another tenant's, behave as missing rows. Findings live in findings.ts.
 */
import { sql } from 'kysely';
import { AlertsRepository } from './alerts.ts';
import { FindingsRepository } from './findings.ts';
import { Keyset, byCreation } from './paging.ts';
import {
  apiKeyOf,
  auditOf,
  invitationOf,
  isUuid,
  membershipOf,
  muteOf,
  newId,
  noteOf,
  now,
  optionalTime,
  providerOf,
  retention,
  roleOf,
  scanOf,
  scheduleOf,
  secretOf,
  tenantOf,
  toJson,
  toTime,
} from './rows.ts';
import { flag, jsonField, mapViolations, type Db, type Runtime } from './runtime.ts';
import { TenantScope } from './tenant-scope.ts';
import {
  BUILT_IN_ROLES,
  PERMISSIONS,
  SCAN_STATES,
  StoreError,
  type ApiKey,
  type AuditEntry,
  type CompletedScanSummary,
  type CustomRole,
  type Delivery,
  type DeliveryFilter,
  type DeliveryPatch,
  type FindingHistoryEntry,
  type FindingInput,
  type FindingNote,
  type FindingQuery,
  type Integration,
  type Invitation,
  type Membership,
  type MuteRule,
  type Page,
  type PageRequest,
  type Permission,
  type Provider,
  type Scan,
  type ScanCoverage,
  type ScanFilter,
  type ScanState,
  type Schedule,
  type SealedSecret,
  type StoredAlertRule,
  type StoredFinding,
  type StoredSecret,
  type Tenant,
  type TenantStore,
} from './types.ts';

export class SqlTenantStore implements TenantStore {
  private readonly scope: TenantScope;
  private readonly findings: FindingsRepository;
  private readonly alerts: AlertsRepository;

  constructor(runtime: Runtime, readonly tenantId: string) {
    this.scope = new TenantScope(runtime, tenantId);
    this.findings = new FindingsRepository(this.scope);
    this.alerts = new AlertsRepository(this.scope);
  }

  // ---- Tenant ----

  async getTenant(): Promise<Tenant> {
    const row = await this.scope.read((db) => db.selectFrom('tenants').selectAll().where(this.scope.mine('tenants')).executeTakeFirst());
    if (!row) throw new StoreError('NotFound', `no tenant ${this.tenantId}`, 'tenantId');
    return tenantOf(row);
  }

  async updateTenant(patch: { readonly name?: string; readonly retentionDays?: number | null; readonly eventsSecretId?: string | null }): Promise<Tenant> {
    const set = {
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.eventsSecretId === undefined ? {} : { events_secret_id: patch.eventsSecretId }),
      ...(patch.retentionDays === undefined ? {} : { retention_days: retention(patch.retentionDays) }),
    };
    if (Object.keys(set).length === 0) return this.getTenant();
    const row = await this.scope.write((db) => db.updateTable('tenants').set(set).where(this.scope.mine('tenants')).returningAll().executeTakeFirst());
    if (!row) throw new StoreError('NotFound', `no tenant ${this.tenantId}`, 'tenantId');
    return tenantOf(row);
  }

  // ---- Members and roles ----

  /** A role a member, key or invitation may hold: built-in, or one of this tenant's custom roles. */
  private async assertRole(db: Db, role: string): Promise<void> {
    if (Object.hasOwn(BUILT_IN_ROLES, role)) return;
    const custom = await db.selectFrom('custom_roles').select('name').where(this.scope.mine('custom_roles')).where('name', '=', role).executeTakeFirst();
    if (!custom) throw new StoreError('InvalidInput', `no role ${role} in this tenant`, 'role');
  }

  async addMember(userId: string, role: string): Promise<Membership> {
    if (!isUuid(userId)) throw new StoreError('NotFound', `no user ${userId}`, 'userId');
    const row = await mapViolations(
      () =>
        this.scope.write(async (db) => {
          await this.assertRole(db, role);
          return db
            .insertInto('memberships')
            .values(this.scope.own({ user_id: userId, role, created_at: now() }))
            .returningAll()
            .executeTakeFirstOrThrow();
        }),
      { unique: ['userId', `user ${userId} is already a member`], foreignKey: ['userId', `no user ${userId}`] },
    );
    return membershipOf(row);
  }

  async getMember(userId: string): Promise<Membership | undefined> {
    if (!isUuid(userId)) return undefined;
    const row = await this.scope.read((db) =>
      db.selectFrom('memberships').selectAll().where(this.scope.mine('memberships')).where('user_id', '=', userId).executeTakeFirst(),
    );
    return row && membershipOf(row);
  }

  async listMembers(page?: PageRequest): Promise<Page<Membership & { readonly email: string }>> {
    const keyset = new Keyset<{ created_at: string; user_id: string }>(['members', this.tenantId], page, [
      { ref: 'memberships.created_at', direction: 'asc', of: (row) => row.created_at, kind: 'string' },
      { ref: 'memberships.user_id', direction: 'asc', of: (row) => row.user_id, kind: 'string' },
    ]);
    const rows = await this.scope.read((db) =>
      keyset
        .apply(
          db
            .selectFrom('memberships')
            .innerJoin('users', 'users.id', 'memberships.user_id')
            .selectAll('memberships')
            .select('users.email')
            .where(this.scope.mine('memberships')),
        )
        .execute(),
    );
    return keyset.page(rows, (row) => ({ ...membershipOf(row), email: row.email }));
  }

  async setMemberRole(userId: string, role: string): Promise<Membership> {
    const row = await this.scope.write(async (db) => {
      await this.assertRole(db, role);
      if (!isUuid(userId)) return undefined;
      return db.updateTable('memberships').set({ role }).where(this.scope.mine('memberships')).where('user_id', '=', userId).returningAll().executeTakeFirst();
    });
    if (!row) throw new StoreError('NotFound', `user ${userId} is not a member`, 'userId');
    return membershipOf(row);
  }

  async removeMember(userId: string): Promise<boolean> {
    if (!isUuid(userId)) return false;
    const result = await this.scope.write((db) =>
      db.deleteFrom('memberships').where(this.scope.mine('memberships')).where('user_id', '=', userId).executeTakeFirst(),
    );
    return result.numDeletedRows > 0n;
  }

  async createRole(role: { readonly name: string; readonly permissions: readonly Permission[] }): Promise<CustomRole> {
    if (!role.name.trim()) throw new StoreError('InvalidInput', 'a role needs a name', 'name');
    if (Object.hasOwn(BUILT_IN_ROLES, role.name)) throw new StoreError('Conflict', `${role.name} is a built-in role`, 'name');
    const unknown = role.permissions.filter((permission) => !(PERMISSIONS as readonly string[]).includes(permission));
    if (unknown.length > 0) throw new StoreError('InvalidInput', `unknown permissions: ${unknown.join(', ')}`, 'permissions');
    const permissions = PERMISSIONS.filter((permission) => role.permissions.includes(permission));
    const row = await mapViolations(
      () =>
        this.scope.write((db) =>
          db
            .insertInto('custom_roles')
            .values(this.scope.own({ name: role.name, permissions: toJson(permissions), created_at: now() }))
            .returningAll()
            .executeTakeFirstOrThrow(),
        ),
      { unique: ['name', `role ${role.name} exists`] },
    );
    return roleOf(row);
  }

  async getRole(name: string): Promise<CustomRole | undefined> {
    const row = await this.scope.read((db) => db.selectFrom('custom_roles').selectAll().where(this.scope.mine('custom_roles')).where('name', '=', name).executeTakeFirst());
    return row && roleOf(row);
  }

  async listRoles(): Promise<readonly CustomRole[]> {
    const rows = await this.scope.read((db) => db.selectFrom('custom_roles').selectAll().where(this.scope.mine('custom_roles')).orderBy('name').execute());
    return rows.map(roleOf);
  }

  /** Refused (`Conflict`) while a member, an unrevoked API key or a pending invitation holds the role. */
  async deleteRole(name: string): Promise<boolean> {
    const result = await this.scope.write(async (db) => {
      const member = await db.selectFrom('memberships').select('user_id').where(this.scope.mine('memberships')).where('role', '=', name).executeTakeFirst();
      const key = await db
        .selectFrom('api_keys')
        .select('id')
        .where(this.scope.mine('api_keys'))
        .where('role', '=', name)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      const invitation = await db
        .selectFrom('invitations')
        .select('id')
        .where(this.scope.mine('invitations'))
        .where('role', '=', name)
        .where('accepted_at', 'is', null)
        .executeTakeFirst();
      if (member || key || invitation) throw new StoreError('Conflict', `role ${name} is in use`, 'name');
      return db.deleteFrom('custom_roles').where(this.scope.mine('custom_roles')).where('name', '=', name).executeTakeFirst();
    });
    return result.numDeletedRows > 0n;
  }

  // ---- Invitations ----

  async createInvitation(invitation: Omit<Invitation, 'id' | 'tenantId' | 'createdAt' | 'acceptedAt'>): Promise<Invitation> {
    const row = await this.scope.write(async (db) => {
      await this.assertRole(db, invitation.role);
      return db
        .insertInto('invitations')
        .values(
          this.scope.own({
            id: newId(),
            email: invitation.email.trim().toLowerCase(),
            role: invitation.role,
            token_hash: invitation.tokenHash,
            invited_by: invitation.invitedBy,
            created_at: now(),
            expires_at: toTime(invitation.expiresAt, 'expiresAt'),
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return invitationOf(row);
  }

  async listInvitations(page?: PageRequest): Promise<Page<Invitation>> {
    const keyset = new Keyset(['invitations', this.tenantId], page, byCreation('invitations'));
    const rows = await this.scope.read((db) => keyset.apply(db.selectFrom('invitations').selectAll().where(this.scope.mine('invitations'))).execute());
    return keyset.page(rows, invitationOf);
  }

  /** Undefined when the invitation does not exist, was accepted already or has expired at `at`. */
  async acceptInvitation(id: string, at: string): Promise<Invitation | undefined> {
    if (!isUuid(id)) return undefined;
    const time = toTime(at, 'at');
    const row = await this.scope.write((db) =>
      db
        .updateTable('invitations')
        .set({ accepted_at: time })
        .where(this.scope.mine('invitations'))
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('expires_at', '>', time)
        .returningAll()
        .executeTakeFirst(),
    );
    return row && invitationOf(row);
  }

  // ---- API keys ----

  async createApiKey(key: Omit<ApiKey, 'id' | 'tenantId' | 'createdAt' | 'lastUsedAt' | 'revokedAt'>): Promise<ApiKey> {
    const row = await mapViolations(
      () =>
        this.scope.write(async (db) => {
          await this.assertRole(db, key.role);
          return db
            .insertInto('api_keys')
            .values(
              this.scope.own({
                id: newId(),
                name: key.name,
                prefix: key.prefix,
                hash: key.hash,
                role: key.role,
                created_by: key.createdBy,
                created_at: now(),
                expires_at: optionalTime(key.expiresAt, 'expiresAt'),
              }),
            )
            .returningAll()
            .executeTakeFirstOrThrow();
        }),
      { unique: ['prefix', `an API key with prefix ${key.prefix} exists`] },
    );
    return apiKeyOf(row);
  }

  async listApiKeys(page?: PageRequest): Promise<Page<ApiKey>> {
    const keyset = new Keyset(['api-keys', this.tenantId], page, byCreation('api_keys'));
    const rows = await this.scope.read((db) => keyset.apply(db.selectFrom('api_keys').selectAll().where(this.scope.mine('api_keys'))).execute());
    return keyset.page(rows, apiKeyOf);
  }

  /** True when this call revoked the key; false when there is no such key or it was revoked already. */
  async revokeApiKey(id: string, at: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const time = toTime(at, 'at');
    const result = await this.scope.write((db) =>
      db.updateTable('api_keys').set({ revoked_at: time }).where(this.scope.mine('api_keys')).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  // ---- Secrets ----

  async putSecret(secret: SealedSecret): Promise<StoredSecret> {
    const row = await this.scope.write((db) =>
      db
        .insertInto('secrets')
        .values(
          this.scope.own({
            id: newId(),
            ciphertext: secret.ciphertext,
            iv: secret.iv,
            auth_tag: secret.authTag,
            wrapped_key: secret.wrappedKey,
            wrap_iv: secret.wrapIv,
            wrap_auth_tag: secret.wrapAuthTag,
            kek_id: secret.kekId,
            created_at: now(),
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return secretOf(row);
  }

  async getSecret(id: string): Promise<StoredSecret | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.scope.read((db) => db.selectFrom('secrets').selectAll().where(this.scope.mine('secrets')).where('id', '=', id).executeTakeFirst());
    return row && secretOf(row);
  }

  /** Providers and integrations that used the secret keep no reference to it. */
  async deleteSecret(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.scope.write(async (db) => {
      await db.updateTable('providers').set({ secret_id: null }).where(this.scope.mine('providers')).where('secret_id', '=', id).execute();
      await db.updateTable('integrations').set({ secret_id: null }).where(this.scope.mine('integrations')).where('secret_id', '=', id).execute();
      return db.deleteFrom('secrets').where(this.scope.mine('secrets')).where('id', '=', id).executeTakeFirst();
    });
    return result.numDeletedRows > 0n;
  }

  /** Master key rotation: the data key wrapped anew, the ciphertext untouched. */
  async rewrapSecret(id: string, wrap: Pick<SealedSecret, 'wrappedKey' | 'wrapIv' | 'wrapAuthTag' | 'kekId'>): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.scope.write((db) =>
      db
        .updateTable('secrets')
        .set({ wrapped_key: wrap.wrappedKey, wrap_iv: wrap.wrapIv, wrap_auth_tag: wrap.wrapAuthTag, kek_id: wrap.kekId })
        .where(this.scope.mine('secrets'))
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  // ---- Providers ----

  private secretReference(secretId: string | undefined): string | null {
    if (secretId === undefined) return null;
    if (!isUuid(secretId)) throw new StoreError('NotFound', `no secret ${secretId}`, 'secretId');
    return secretId;
  }

  async createProvider(provider: Omit<Provider, 'id' | 'tenantId' | 'createdAt' | 'updatedAt' | 'lastTest'>): Promise<Provider> {
    const time = now();
    const values = this.scope.own({
      id: newId(),
      type: provider.type,
      alias: provider.alias,
      config: toJson(provider.config),
      secret_id: this.secretReference(provider.secretId),
      created_at: time,
      updated_at: time,
    });
    const row = await mapViolations(() => this.scope.write((db) => db.insertInto('providers').values(values).returningAll().executeTakeFirstOrThrow()), {
      foreignKey: ['secretId', `no secret ${provider.secretId}`],
    });
    return providerOf(row);
  }

  async getProvider(id: string): Promise<Provider | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.scope.read((db) => db.selectFrom('providers').selectAll().where(this.scope.mine('providers')).where('id', '=', id).executeTakeFirst());
    return row && providerOf(row);
  }

  async listProviders(page?: PageRequest & { readonly type?: string }): Promise<Page<Provider>> {
    const keyset = new Keyset(['providers', this.tenantId, page?.type ?? null], page, byCreation('providers'));
    const rows = await this.scope.read((db) => {
      let query = db.selectFrom('providers').selectAll().where(this.scope.mine('providers'));
      if (page?.type !== undefined) query = query.where('type', '=', page.type);
      return keyset.apply(query).execute();
    });
    return keyset.page(rows, providerOf);
  }

  async updateProvider(id: string, patch: Partial<Pick<Provider, 'alias' | 'config' | 'secretId' | 'lastTest'>>): Promise<Provider | undefined> {
    if (!isUuid(id)) return undefined;
    const set = {
      updated_at: now(),
      ...(patch.alias === undefined ? {} : { alias: patch.alias }),
      ...(patch.config === undefined ? {} : { config: toJson(patch.config) }),
      ...(patch.secretId === undefined ? {} : { secret_id: this.secretReference(patch.secretId) }),
      ...(patch.lastTest === undefined ? {} : { last_test: toJson({ ...patch.lastTest, at: toTime(patch.lastTest.at, 'lastTest.at') }) }),
    };
    const row = await mapViolations(
      () => this.scope.write((db) => db.updateTable('providers').set(set).where(this.scope.mine('providers')).where('id', '=', id).returningAll().executeTakeFirst()),
      { foreignKey: ['secretId', `no secret ${patch.secretId}`] },
    );
    return row && providerOf(row);
  }

  /** Deletes the provider with its schedules, scans and findings. */
  async deleteProvider(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.scope.write((db) => db.deleteFrom('providers').where(this.scope.mine('providers')).where('id', '=', id).executeTakeFirst());
    return result.numDeletedRows > 0n;
  }

  // ---- Scans ----

  private async assertProvider(db: Db, providerId: string): Promise<void> {
    const found = isUuid(providerId) && (await db.selectFrom('providers').select('id').where(this.scope.mine('providers')).where('id', '=', providerId).executeTakeFirst());
    if (!found) throw new StoreError('NotFound', `no provider ${providerId}`, 'providerId');
  }

  async createScan(scan: Pick<Scan, 'providerId' | 'trigger'> & Partial<Pick<Scan, 'scheduleId' | 'scope' | 'request' | 'createdBy' | 'event'>>): Promise<Scan> {
    if (!['manual', 'schedule', 'event'].includes(scan.trigger)) throw new StoreError('InvalidInput', `unknown trigger ${scan.trigger}`, 'trigger');
    const row = await this.scope.write(async (db) => {
      await this.assertProvider(db, scan.providerId);
      if (scan.scheduleId !== undefined) {
        const schedule =
          isUuid(scan.scheduleId) &&
          (await db.selectFrom('schedules').select('id').where(this.scope.mine('schedules')).where('id', '=', scan.scheduleId).executeTakeFirst());
        if (!schedule) throw new StoreError('NotFound', `no schedule ${scan.scheduleId}`, 'scheduleId');
      }
      return db
        .insertInto('scans')
        .values(
          this.scope.own({
            id: newId(),
            provider_id: scan.providerId,
            state: 'queued',
            trigger: scan.trigger,
            schedule_id: scan.scheduleId ?? null,
            scope: scan.scope === undefined ? null : toJson(scan.scope),
            request: scan.request === undefined ? null : toJson(scan.request),
            progress: toJson({ percent: 0, resources: 0, findings: 0 }),
            created_by: scan.createdBy ?? null,
            created_at: now(),
            event: scan.event === undefined ? null : toJson(scan.event),
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return scanOf(row);
  }

  async getScan(id: string): Promise<Scan | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.scope.read((db) => db.selectFrom('scans').selectAll().where(this.scope.mine('scans')).where('id', '=', id).executeTakeFirst());
    return row && scanOf(row);
  }

  /** Newest first. */
  async listScans(query?: PageRequest & ScanFilter): Promise<Page<Scan>> {
    const keyset = new Keyset(['scans', this.tenantId, query?.providerId ?? null, query?.state ?? null], query, byCreation('scans', 'desc'));
    if (query?.providerId !== undefined && !isUuid(query.providerId)) return { items: [] };
    const rows = await this.scope.read((db) => {
      let select = db.selectFrom('scans').selectAll().where(this.scope.mine('scans'));
      if (query?.providerId !== undefined) select = select.where('provider_id', '=', query.providerId);
      if (query?.state !== undefined) select = select.where('state', '=', query.state);
      return keyset.apply(select).execute();
    });
    return keyset.page(rows, scanOf);
  }

  async updateScan(
    id: string,
    patch: Partial<Pick<Scan, 'state' | 'progress' | 'summary' | 'error' | 'startedAt' | 'finishedAt' | 'worker' | 'leaseUntil' | 'request' | 'scope' | 'event'>>,
    from?: readonly ScanState[],
  ): Promise<boolean> {
    if (!isUuid(id)) return false;
    for (const state of [patch.state, ...(from ?? [])]) {
      if (state !== undefined && !SCAN_STATES.includes(state)) throw new StoreError('InvalidInput', `unknown scan state ${state}`, 'state');
    }
    if (from !== undefined && from.length === 0) return false;
    const set = {
      ...(patch.state === undefined ? {} : { state: patch.state }),
      ...(patch.progress === undefined ? {} : { progress: toJson(patch.progress) }),
      ...(patch.summary === undefined ? {} : { summary: toJson(patch.summary) }),
      ...(patch.error === undefined ? {} : { error: toJson(patch.error) }),
      ...(patch.request === undefined ? {} : { request: toJson(patch.request) }),
      ...(patch.scope === undefined ? {} : { scope: toJson(patch.scope) }),
      ...(patch.event === undefined ? {} : { event: toJson(patch.event) }),
      ...(patch.startedAt === undefined ? {} : { started_at: toTime(patch.startedAt, 'startedAt') }),
      ...(patch.finishedAt === undefined ? {} : { finished_at: toTime(patch.finishedAt, 'finishedAt') }),
      ...(patch.worker === undefined ? {} : { worker: patch.worker }),
      ...(patch.leaseUntil === undefined ? {} : { lease_until: toTime(patch.leaseUntil, 'leaseUntil') }),
    };
    const result = await this.scope.write(async (db) => {
      let update = db.updateTable('scans').where(this.scope.mine('scans')).where('id', '=', id);
      if (from !== undefined) update = update.where('state', 'in', from);
      // An empty patch still answers whether the guard holds: set a column to itself.
      return Object.keys(set).length === 0 ? update.set({ state: sql.ref('state') }).executeTakeFirst() : update.set(set).executeTakeFirst();
    });
    return result.numUpdatedRows > 0n;
  }

  async activeScan(providerId: string): Promise<Scan | undefined> {
    if (!isUuid(providerId)) return undefined;
    const row = await this.scope.read((db) =>
      db
        .selectFrom('scans')
        .selectAll()
        .where(this.scope.mine('scans'))
        .where('provider_id', '=', providerId)
        .where('state', 'in', ['running', 'queued'])
        .orderBy(sql`CASE WHEN state = 'running' THEN 0 ELSE 1 END`)
        .orderBy('created_at')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst(),
    );
    return row && scanOf(row);
  }

  async completedScanSummaries(query: { readonly providerId?: string; readonly limit?: number; readonly fields: readonly string[] }): Promise<readonly CompletedScanSummary[]> {
    const limit = query.limit ?? 30;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new StoreError('InvalidInput', 'limit must be an integer from 1 to 1000', 'limit');
    for (const field of query.fields) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) throw new StoreError('InvalidInput', `summary field "${field}" is not a plain name`, 'fields');
    if (query.providerId !== undefined && !isUuid(query.providerId)) return [];
    const runtime = this.scope.runtime;
    const rows = await this.scope.read((db) => {
      let select = db
        .selectFrom('scans')
        .select(['id', 'provider_id', 'finished_at', ...query.fields.map((field, index) => jsonField(runtime, 'summary', field).as(`field_${index}`))])
        .where(this.scope.mine('scans'))
        .where('state', '=', 'completed')
        .where('finished_at', 'is not', null);
      if (query.providerId !== undefined) select = select.where('provider_id', '=', query.providerId);
      return select.orderBy('finished_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    });
    return rows.reverse().map((row) => {
      const values = row as unknown as Record<string, unknown>;
      const summary: Record<string, unknown> = {};
      query.fields.forEach((field, index) => {
        const value = values[`field_${index}`];
        if (value === null || value === undefined) return;
        summary[field] = runtime.dialect === 'sqlite' && typeof value === 'string' ? JSON.parse(value) : value;
      });
      return { scanId: row.id, providerId: row.provider_id, finishedAt: row.finished_at!, summary };
    });
  }

  /** Retention: the tenant's scans finished before `before`, with their findings. */
  async purgeScansBefore(before: string): Promise<number> {
    const time = toTime(before, 'before');
    const result = await this.scope.write((db) =>
      db.deleteFrom('scans').where(this.scope.mine('scans')).where('finished_at', 'is not', null).where('finished_at', '<', time).executeTakeFirst(),
    );
    return Number(result.numDeletedRows);
  }

  // ---- Findings ----

  insertFindings(scanId: string, findings: readonly FindingInput[]): Promise<void> {
    return this.scope.write((db) => this.findings.insert(db, scanId, findings));
  }

  async completeScanFindings(scanId: string, coverage?: ScanCoverage): Promise<{ readonly resolved: number }> {
    // The scan's rows were just loaded: planned on statistics from before them, the completion's
    // joins run row by row (a queue-worker scan of 30,000 findings took 155 s instead of 1 s).
    await this.scope.runtime.refreshStatistics?.();
    const result = await this.scope.write((db) => this.findings.complete(db, scanId, coverage));
    await this.scope.runtime.refreshStatistics?.();
    return result;
  }

  listFindings(query: FindingQuery): Promise<Page<StoredFinding>> {
    return this.scope.read((db) => this.findings.list(db, query));
  }

  latestFindings(query: FindingQuery): Promise<Page<StoredFinding>> {
    return this.scope.read((db) => this.findings.list(db, { ...query, scanId: undefined }));
  }

  getFinding(uid: string, scanId?: string): Promise<StoredFinding | undefined> {
    return this.scope.read((db) => this.findings.get(db, uid, scanId));
  }

  findingHistory(uid: string, page?: PageRequest): Promise<Page<FindingHistoryEntry>> {
    return this.scope.read((db) => this.findings.history(db, uid, page));
  }

  countFindings(
    query: Omit<FindingQuery, 'cursor' | 'limit' | 'sort'> & { readonly groupBy?: 'severity' | 'service' | 'accountUid' | 'providerId' | 'checkId' | 'region' },
  ): Promise<readonly { readonly group: string; readonly status: StoredFinding['status']; readonly muted: boolean; readonly count: number }[]> {
    return this.scope.read((db) => this.findings.count(db, query));
  }

  setFindingsMuted(
    match: Pick<MuteRule, 'findingUid' | 'providerId' | 'account' | 'checkId' | 'region' | 'resource'>,
    muted: { readonly reason: string; readonly rule: string } | undefined,
  ): Promise<number> {
    return this.scope.write((db) => this.findings.setMuted(db, match, muted));
  }

  // ---- Mutes and notes ----

  async createMute(rule: Omit<MuteRule, 'id' | 'tenantId' | 'createdAt'>): Promise<MuteRule> {
    const row = await this.scope.write((db) =>
      db
        .insertInto('mutes')
        .values(
          this.scope.own({
            id: newId(),
            finding_uid: rule.findingUid ?? null,
            provider_id: rule.providerId ?? null,
            account: rule.account ?? null,
            check_id: rule.checkId ?? null,
            region: rule.region ?? null,
            resource: rule.resource ?? null,
            reason: rule.reason,
            expires_at: optionalTime(rule.expiresAt, 'expiresAt'),
            created_by: rule.createdBy,
            created_at: now(),
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return muteOf(row);
  }

  async getMute(id: string): Promise<MuteRule | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.scope.read((db) => db.selectFrom('mutes').selectAll().where(this.scope.mine('mutes')).where('id', '=', id).executeTakeFirst());
    return row && muteOf(row);
  }

  async listMutes(page?: PageRequest): Promise<Page<MuteRule>> {
    const keyset = new Keyset(['mutes', this.tenantId], page, byCreation('mutes'));
    const rows = await this.scope.read((db) => keyset.apply(db.selectFrom('mutes').selectAll().where(this.scope.mine('mutes'))).execute());
    return keyset.page(rows, muteOf);
  }

  async deleteMute(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.scope.write((db) => db.deleteFrom('mutes').where(this.scope.mine('mutes')).where('id', '=', id).executeTakeFirst());
    return result.numDeletedRows > 0n;
  }

  async addNote(note: Omit<FindingNote, 'id' | 'tenantId' | 'createdAt'>): Promise<FindingNote> {
    const row = await this.scope.write((db) =>
      db
        .insertInto('notes')
        .values(this.scope.own({ id: newId(), finding_uid: note.findingUid, text: note.text, author: note.author, created_at: now() }))
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return noteOf(row);
  }

  async listNotes(findingUid: string, page?: PageRequest): Promise<Page<FindingNote>> {
    const keyset = new Keyset(['notes', this.tenantId, findingUid], page, byCreation('notes'));
    const rows = await this.scope.read((db) =>
      keyset.apply(db.selectFrom('notes').selectAll().where(this.scope.mine('notes')).where('finding_uid', '=', findingUid)).execute(),
    );
    return keyset.page(rows, noteOf);
  }

  // ---- Schedules ----

  async createSchedule(schedule: Omit<Schedule, 'id' | 'tenantId' | 'createdAt' | 'lastRunAt' | 'leaseOwner' | 'leaseUntil'>): Promise<Schedule> {
    const row = await this.scope.write(async (db) => {
      await this.assertProvider(db, schedule.providerId);
      return db
        .insertInto('schedules')
        .values(
          this.scope.own({
            id: newId(),
            provider_id: schedule.providerId,
            cron: schedule.cron,
            timezone: schedule.timezone,
            scope: schedule.scope === undefined ? null : toJson(schedule.scope),
            enabled: flag(this.scope.runtime, schedule.enabled),
            next_run_at: toTime(schedule.nextRunAt, 'nextRunAt'),
            created_by: schedule.createdBy,
            created_at: now(),
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return scheduleOf(row);
  }

  async getSchedule(id: string): Promise<Schedule | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.scope.read((db) => db.selectFrom('schedules').selectAll().where(this.scope.mine('schedules')).where('id', '=', id).executeTakeFirst());
    return row && scheduleOf(row);
  }

  async listSchedules(page?: PageRequest & { readonly providerId?: string }): Promise<Page<Schedule>> {
    const keyset = new Keyset(['schedules', this.tenantId, page?.providerId ?? null], page, byCreation('schedules'));
    if (page?.providerId !== undefined && !isUuid(page.providerId)) return { items: [] };
    const rows = await this.scope.read((db) => {
      let query = db.selectFrom('schedules').selectAll().where(this.scope.mine('schedules'));
      if (page?.providerId !== undefined) query = query.where('provider_id', '=', page.providerId);
      return keyset.apply(query).execute();
    });
    return keyset.page(rows, scheduleOf);
  }

  async updateSchedule(id: string, patch: Partial<Pick<Schedule, 'cron' | 'timezone' | 'scope' | 'enabled' | 'nextRunAt'>>): Promise<Schedule | undefined> {
    if (!isUuid(id)) return undefined;
    const set = {
      ...(patch.cron === undefined ? {} : { cron: patch.cron }),
      ...(patch.timezone === undefined ? {} : { timezone: patch.timezone }),
      ...(patch.scope === undefined ? {} : { scope: toJson(patch.scope) }),
      ...(patch.enabled === undefined ? {} : { enabled: flag(this.scope.runtime, patch.enabled) }),
      ...(patch.nextRunAt === undefined ? {} : { next_run_at: toTime(patch.nextRunAt, 'nextRunAt') }),
    };
    if (Object.keys(set).length === 0) return this.getSchedule(id);
    const row = await this.scope.write((db) => db.updateTable('schedules').set(set).where(this.scope.mine('schedules')).where('id', '=', id).returningAll().executeTakeFirst());
    return row && scheduleOf(row);
  }

  /** Scans it started keep their history without the reference. */
  async deleteSchedule(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.scope.write(async (db) => {
      await db.updateTable('scans').set({ schedule_id: null }).where(this.scope.mine('scans')).where('schedule_id', '=', id).execute();
      return db.deleteFrom('schedules').where(this.scope.mine('schedules')).where('id', '=', id).executeTakeFirst();
    });
    return result.numDeletedRows > 0n;
  }

  /** The scheduler's bookkeeping after starting a run: next and last run, lease released. */
  async finishScheduleRun(id: string, run: { readonly lastRunAt: string; readonly nextRunAt: string }): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.scope.write((db) =>
      db
        .updateTable('schedules')
        .set({ last_run_at: toTime(run.lastRunAt, 'lastRunAt'), next_run_at: toTime(run.nextRunAt, 'nextRunAt'), lease_owner: null, lease_until: null })
        .where(this.scope.mine('schedules'))
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  // ---- Audit ----

  async audit(entry: Omit<AuditEntry, 'id' | 'tenantId' | 'at'> & { readonly at?: string }): Promise<AuditEntry> {
    const row = await this.scope.write((db) =>
      db
        .insertInto('audit_log')
        .values(
          this.scope.own({
            id: newId(),
            actor: entry.actor,
            action: entry.action,
            target: entry.target ?? null,
            details: entry.details === undefined ? null : toJson(entry.details),
            ip: entry.ip ?? null,
            at: entry.at === undefined ? now() : toTime(entry.at, 'at'),
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return auditOf(row);
  }

  /** Newest first. */
  async listAudit(page?: PageRequest & { readonly action?: string; readonly actor?: string }): Promise<Page<AuditEntry>> {
    const keyset = new Keyset<{ at: string; id: string }>(['audit', this.tenantId, page?.action ?? null, page?.actor ?? null], page, [
      { ref: 'audit_log.at', direction: 'desc', of: (row) => row.at, kind: 'string' },
      { ref: 'audit_log.id', direction: 'desc', of: (row) => row.id, kind: 'string' },
    ]);
    const rows = await this.scope.read((db) => {
      let query = db.selectFrom('audit_log').selectAll().where(this.scope.mine('audit_log'));
      if (page?.action !== undefined) query = query.where('action', '=', page.action);
      if (page?.actor !== undefined) query = query.where('actor', '=', page.actor);
      return keyset.apply(query).execute();
    });
    return keyset.page(rows, auditOf);
  }

  // ---- Integrations and alerts (alerts.ts) ----

  createIntegration(integration: Parameters<TenantStore['createIntegration']>[0]): Promise<Integration> {
    return this.alerts.createIntegration(integration);
  }

  getIntegration(id: string): Promise<Integration | undefined> {
    return this.alerts.getIntegration(id);
  }

  listIntegrations(page?: PageRequest & { readonly type?: string }): Promise<Page<Integration>> {
    return this.alerts.listIntegrations(page);
  }

  updateIntegration(id: string, patch: Parameters<TenantStore['updateIntegration']>[1]): Promise<Integration | undefined> {
    return this.alerts.updateIntegration(id, patch);
  }

  deleteIntegration(id: string): Promise<boolean> {
    return this.alerts.deleteIntegration(id);
  }

  createAlertRule(rule: Parameters<TenantStore['createAlertRule']>[0]): Promise<StoredAlertRule> {
    return this.alerts.createAlertRule(rule);
  }

  getAlertRule(id: string): Promise<StoredAlertRule | undefined> {
    return this.alerts.getAlertRule(id);
  }

  listAlertRules(page?: PageRequest & { readonly enabled?: boolean }): Promise<Page<StoredAlertRule>> {
    return this.alerts.listAlertRules(page);
  }

  updateAlertRule(id: string, patch: Parameters<TenantStore['updateAlertRule']>[1]): Promise<StoredAlertRule | undefined> {
    return this.alerts.updateAlertRule(id, patch);
  }

  deleteAlertRule(id: string): Promise<boolean> {
    return this.alerts.deleteAlertRule(id);
  }

  appendDelivery(delivery: Parameters<TenantStore['appendDelivery']>[0]): Promise<Delivery> {
    return this.alerts.appendDelivery(delivery);
  }

  updateDelivery(id: string, patch: DeliveryPatch): Promise<Delivery | undefined> {
    return this.alerts.updateDelivery(id, patch);
  }

  listDeliveries(query?: PageRequest & DeliveryFilter): Promise<Page<Delivery>> {
    return this.alerts.listDeliveries(query);
  }

  getAlertDedupe(key: string): Promise<string | undefined> {
    return this.alerts.getAlertDedupe(key);
  }

  putAlertDedupe(key: string, sentAt: string, expiresAt: string): Promise<void> {
    return this.alerts.putAlertDedupe(key, sentAt, expiresAt);
  }

  purgeAlertDedupe(before: string): Promise<number> {
    return this.alerts.purgeAlertDedupe(before);
  }
}
