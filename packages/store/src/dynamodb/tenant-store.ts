/**
 * `TenantStore` on DynamoDB: everything one tenant owns, keyed by `TenantKeys` (table.ts) from the
 * id the store was opened for, so that an id of another tenant names nothing. Uniqueness and
 * references are conditions of the writes: a single conditional write where one item changes, a
 * transaction with guard items and existence checks where several must change together (a member
 * and its mirror under the user, an API key and its lookups, a scan and its "active" mark). Findings
 * live in findings.ts, alerting in alerts.ts.
 */
import { createHash } from 'node:crypto';
import { isUuid, now, optionalTime, retention, toTime } from '../rows.ts';
import {
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
} from '../types.ts';
import { DynamoAlerts } from './alerts.ts';
import { allOf, exists, jsonText, missing, optionalText, text, type Changes, type Condition, type Item } from './codec.ts';
import {
  apiKeyOf,
  auditOf,
  invitationOf,
  membershipOf,
  muteOf,
  noteOf,
  providerOf,
  roleOf,
  scanOf,
  scheduleOf,
  secretOf,
  tenantOf,
} from './entities.ts';
import { DynamoFindings, type CountGroup } from './findings.ts';
import { Cursor, compareKeys, pageInMemory } from './paging.ts';
import type { DynamoTable, TransactAction } from './requests.ts';
import { systemKeys, type Queue } from './table.ts';
import { TenantItems, isBuiltInRole } from './tenant-items.ts';

const UNFINISHED: readonly ScanState[] = ['queued', 'running'];
const DUE_SCHEDULES: Queue = 'DUE_SCHEDULES';
const UNFINISHED_SCANS: Queue = 'UNFINISHED_SCANS';
const SECRETS: Queue = 'SECRETS';

/** `attribute = value`, for conditions. */
const equals =
  (attribute: string, value: string): Condition =>
  (e) =>
    `${e.name(attribute)} = ${e.value(value)}`;

/** The notes of one finding share a sort key prefix: a digest of its uid (uids may hold any character). */
function noteGroup(findingUid: string): string {
  return createHash('sha256').update(findingUid).digest('base64url').slice(0, 22);
}

export class DynamoTenantStore implements TenantStore {
  private readonly items: TenantItems;
  private readonly findings: DynamoFindings;
  private readonly alerts: DynamoAlerts;

  constructor(
    private readonly table: DynamoTable,
    readonly tenantId: string,
  ) {
    this.items = new TenantItems(table, tenantId);
    this.findings = new DynamoFindings(table, this.items.keys);
    this.alerts = new DynamoAlerts(this.items);
  }

  private get keys() {
    return this.items.keys;
  }

  // ---- Tenant ----

  async getTenant(): Promise<Tenant> {
    const item = await this.table.get(this.keys.tenant());
    if (!item) throw new StoreError('NotFound', `no tenant ${this.tenantId}`, 'tenantId');
    return tenantOf(item);
  }

  async updateTenant(patch: { readonly name?: string; readonly retentionDays?: number | null; readonly eventsSecretId?: string | null }): Promise<Tenant> {
    const changes: Changes = {
      name: patch.name,
      eventsSecretId: patch.eventsSecretId,
      retentionDays: patch.retentionDays === undefined ? undefined : retention(patch.retentionDays),
    };
    if (Object.values(changes).every((value) => value === undefined)) return this.getTenant();
    const item = await this.table.update(this.keys.tenant(), changes, exists);
    if (!item) throw new StoreError('NotFound', `no tenant ${this.tenantId}`, 'tenantId');
    return tenantOf(item);
  }

  // ---- Members and roles ----

  async addMember(userId: string, role: string): Promise<Membership> {
    if (!isUuid(userId)) throw new StoreError('NotFound', `no user ${userId}`, 'userId');
    await this.items.assertRole(role);
    const user = await this.table.get(systemKeys.user(userId), ['email']);
    if (!user) throw new StoreError('NotFound', `no user ${userId}`, 'userId');
    // The e-mail address never changes: the member list shows it without reading the users.
    const fields = { tenantId: this.tenantId, userId, role, createdAt: now(), email: text(user, 'email') };
    const failed = await this.table.transact([
      { put: { ...this.keys.entity('MEMBER', userId), ...fields }, condition: missing },
      { put: { ...systemKeys.userMembership(userId, this.tenantId), ...fields } },
      { check: systemKeys.user(userId), condition: exists },
      ...this.items.roleCheck(role),
    ]);
    if (failed?.includes(0)) throw new StoreError('Conflict', `user ${userId} is already a member`, 'userId');
    if (failed?.includes(2)) throw new StoreError('NotFound', `no user ${userId}`, 'userId');
    if (failed) throw new StoreError('InvalidInput', `no role ${role} in this tenant`, 'role');
    return membershipOf(fields);
  }

  async getMember(userId: string): Promise<Membership | undefined> {
    if (!isUuid(userId)) return undefined;
    const item = await this.table.get(this.keys.entity('MEMBER', userId));
    return item && membershipOf(item);
  }

  /** In order of joining; members are few, so the list is read whole and sorted. */
  async listMembers(page?: PageRequest): Promise<Page<Membership & { readonly email: string }>> {
    const cursor = new Cursor(['members', this.tenantId], page, ['string', 'string']);
    const members = await this.items.all('MEMBER');
    return pageInMemory(cursor, members, (item) => [text(item, 'createdAt'), text(item, 'userId')], 'asc', (item) => ({ ...membershipOf(item), email: text(item, 'email') }));
  }

  async setMemberRole(userId: string, role: string): Promise<Membership> {
    await this.items.assertRole(role);
    const notMember = new StoreError('NotFound', `user ${userId} is not a member`, 'userId');
    if (!isUuid(userId)) throw notMember;
    const failed = await this.table.transact([
      { update: this.keys.entity('MEMBER', userId), changes: { role }, condition: exists },
      { update: systemKeys.userMembership(userId, this.tenantId), changes: { role }, condition: exists },
      ...this.items.roleCheck(role),
    ]);
    if (failed?.includes(0) || failed?.includes(1)) throw notMember;
    if (failed) throw new StoreError('InvalidInput', `no role ${role} in this tenant`, 'role');
    const member = await this.getMember(userId);
    if (!member) throw notMember;
    return member;
  }

  async removeMember(userId: string): Promise<boolean> {
    if (!isUuid(userId)) return false;
    const failed = await this.table.transact([{ delete: this.keys.entity('MEMBER', userId), condition: exists }, { delete: systemKeys.userMembership(userId, this.tenantId) }]);
    return failed === undefined;
  }

  async createRole(role: { readonly name: string; readonly permissions: readonly Permission[] }): Promise<CustomRole> {
    if (!role.name.trim()) throw new StoreError('InvalidInput', 'a role needs a name', 'name');
    if (isBuiltInRole(role.name)) throw new StoreError('Conflict', `${role.name} is a built-in role`, 'name');
    const unknown = role.permissions.filter((permission) => !(PERMISSIONS as readonly string[]).includes(permission));
    if (unknown.length > 0) throw new StoreError('InvalidInput', `unknown permissions: ${unknown.join(', ')}`, 'permissions');
    const permissions = PERMISSIONS.filter((permission) => role.permissions.includes(permission));
    const item = this.items.own('ROLE', role.name, { name: role.name, permissions: JSON.stringify(permissions), createdAt: now() });
    if (!(await this.table.put(item, missing))) throw new StoreError('Conflict', `role ${role.name} exists`, 'name');
    return roleOf(item);
  }

  async getRole(name: string): Promise<CustomRole | undefined> {
    const item = await this.table.get(this.keys.entity('ROLE', name));
    return item && roleOf(item);
  }

  /** By name (the sort key's order). */
  async listRoles(): Promise<readonly CustomRole[]> {
    return (await this.items.all('ROLE')).map(roleOf);
  }

  /**
   * Refused (`Conflict`) while a member, an unrevoked API key or a pending invitation holds the role.
   * The check reads those lists and the delete follows: a member given the role in between keeps a
   * role that no longer exists (the transactions that give a role check it exists).
   */
  async deleteRole(name: string): Promise<boolean> {
    const [members, keys, invitations] = await Promise.all([
      this.items.all('MEMBER', ['role']),
      this.items.all('APIKEY', ['role', 'revokedAt']),
      this.items.all('INVITATION', ['role', 'acceptedAt']),
    ]);
    const inUse =
      members.some((item) => item.role === name) ||
      keys.some((item) => item.role === name && item.revokedAt === undefined) ||
      invitations.some((item) => item.role === name && item.acceptedAt === undefined);
    if (inUse) throw new StoreError('Conflict', `role ${name} is in use`, 'name');
    return (await this.table.delete(this.keys.entity('ROLE', name), exists)) !== undefined;
  }

  // ---- Invitations ----

  async createInvitation(invitation: Omit<Invitation, 'id' | 'tenantId' | 'createdAt' | 'acceptedAt'>): Promise<Invitation> {
    await this.items.assertRole(invitation.role);
    const { id, createdAt } = this.items.newEntity();
    const item = this.items.own('INVITATION', id, {
      id,
      email: invitation.email.trim().toLowerCase(),
      role: invitation.role,
      tokenHash: invitation.tokenHash,
      invitedBy: invitation.invitedBy,
      createdAt,
      expiresAt: toTime(invitation.expiresAt, 'expiresAt'),
    });
    const failed = await this.table.transact([{ put: item }, { put: { ...systemKeys.invitation(id), tenantId: this.tenantId } }, ...this.items.roleCheck(invitation.role)]);
    if (failed) throw new StoreError('InvalidInput', `no role ${invitation.role} in this tenant`, 'role');
    return invitationOf(item);
  }

  listInvitations(page?: PageRequest): Promise<Page<Invitation>> {
    return this.items.listInOrder('INVITATION', ['invitations', this.tenantId], page, invitationOf);
  }

  /** Undefined when the invitation does not exist, was accepted already or has expired at `at`. */
  async acceptInvitation(id: string, at: string): Promise<Invitation | undefined> {
    if (!isUuid(id)) return undefined;
    const time = toTime(at, 'at');
    const item = await this.table.update(
      this.keys.entity('INVITATION', id),
      { acceptedAt: time },
      allOf(exists, (e) => `attribute_not_exists(${e.name('acceptedAt')})`, (e) => `${e.name('expiresAt')} > ${e.value(time)}`),
    );
    return item && invitationOf(item);
  }

  // ---- API keys ----

  async createApiKey(key: Omit<ApiKey, 'id' | 'tenantId' | 'createdAt' | 'lastUsedAt' | 'revokedAt'>): Promise<ApiKey> {
    await this.items.assertRole(key.role);
    const { id, createdAt } = this.items.newEntity();
    const item = this.items.own('APIKEY', id, {
      id,
      name: key.name,
      prefix: key.prefix,
      hash: key.hash,
      role: key.role,
      createdBy: key.createdBy,
      createdAt,
      expiresAt: optionalTime(key.expiresAt, 'expiresAt') ?? undefined,
    });
    const failed = await this.table.transact([
      { put: item },
      { put: { ...systemKeys.keyPrefix(key.prefix), tenantId: this.tenantId, id }, condition: missing },
      { put: { ...systemKeys.keyId(id), tenantId: this.tenantId } },
      ...this.items.roleCheck(key.role),
    ]);
    if (failed?.includes(1)) throw new StoreError('Conflict', `an API key with prefix ${key.prefix} exists`, 'prefix');
    if (failed) throw new StoreError('InvalidInput', `no role ${key.role} in this tenant`, 'role');
    return apiKeyOf(item);
  }

  listApiKeys(page?: PageRequest): Promise<Page<ApiKey>> {
    return this.items.listInOrder('APIKEY', ['api-keys', this.tenantId], page, apiKeyOf);
  }

  /** True when this call revoked the key; false when there is no such key or it was revoked already. */
  async revokeApiKey(id: string, at: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const time = toTime(at, 'at');
    const item = await this.table.update(this.keys.entity('APIKEY', id), { revokedAt: time }, allOf(exists, (e) => `attribute_not_exists(${e.name('revokedAt')})`));
    return item !== undefined;
  }

  /** Sign-in bookkeeping of a key (system lookups find its tenant first). */
  async touchApiKey(id: string, at: string): Promise<void> {
    await this.table.update(this.keys.entity('APIKEY', id), { lastUsedAt: at }, exists);
  }

  // ---- Secrets ----

  async putSecret(secret: SealedSecret): Promise<StoredSecret> {
    const { id, createdAt } = this.items.newEntity();
    const item = this.items.own('SECRET', id, {
      id,
      ciphertext: secret.ciphertext,
      iv: secret.iv,
      authTag: secret.authTag,
      wrappedKey: secret.wrappedKey,
      wrapIv: secret.wrapIv,
      wrapAuthTag: secret.wrapAuthTag,
      kekId: secret.kekId,
      createdAt,
      qpk: SECRETS,
      qsk: id,
    });
    await this.table.put(item);
    return secretOf(item);
  }

  async getSecret(id: string): Promise<StoredSecret | undefined> {
    if (!isUuid(id)) return undefined;
    const item = await this.table.get(this.keys.entity('SECRET', id));
    return item && secretOf(item);
  }

  /** Providers and integrations that used the secret keep no reference to it. */
  async deleteSecret(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const [providers, integrations] = await Promise.all([this.items.all('PROVIDER', ['pk', 'sk', 'secretId']), this.items.all('INTEGRATION', ['pk', 'sk', 'secretId'])]);
    for (const item of [...providers, ...integrations].filter((entry) => entry.secretId === id)) {
      await this.table.update({ pk: text(item, 'pk'), sk: text(item, 'sk') }, { secretId: null }, equals('secretId', id));
    }
    return (await this.table.delete(this.keys.entity('SECRET', id), exists)) !== undefined;
  }

  /** Master key rotation: the data key wrapped anew, the ciphertext untouched. */
  async rewrapSecret(id: string, wrap: Pick<SealedSecret, 'wrappedKey' | 'wrapIv' | 'wrapAuthTag' | 'kekId'>): Promise<boolean> {
    if (!isUuid(id)) return false;
    const item = await this.table.update(
      this.keys.entity('SECRET', id),
      { wrappedKey: wrap.wrappedKey, wrapIv: wrap.wrapIv, wrapAuthTag: wrap.wrapAuthTag, kekId: wrap.kekId },
      exists,
    );
    return item !== undefined;
  }

  // ---- Providers ----

  async createProvider(provider: Omit<Provider, 'id' | 'tenantId' | 'createdAt' | 'updatedAt' | 'lastTest'>): Promise<Provider> {
    const { id, createdAt } = this.items.newEntity();
    const secretId = this.items.secretReference(provider.secretId);
    const item = this.items.own('PROVIDER', id, { id, type: provider.type, alias: provider.alias, config: JSON.stringify(provider.config), secretId, createdAt, updatedAt: createdAt });
    if (secretId === undefined) await this.table.put(item);
    else if (await this.table.transact([{ put: item }, this.items.present('SECRET', secretId)])) throw new StoreError('NotFound', `no secret ${secretId}`, 'secretId');
    return providerOf(item);
  }

  async getProvider(id: string): Promise<Provider | undefined> {
    if (!isUuid(id)) return undefined;
    const item = await this.table.get(this.keys.entity('PROVIDER', id));
    return item && providerOf(item);
  }

  listProviders(page?: PageRequest & { readonly type?: string }): Promise<Page<Provider>> {
    return this.items.listInOrder('PROVIDER', ['providers', this.tenantId, page?.type ?? null], page, providerOf, {
      ...(page?.type === undefined ? {} : { keep: (item) => item.type === page.type }),
    });
  }

  async updateProvider(id: string, patch: Partial<Pick<Provider, 'alias' | 'config' | 'secretId' | 'lastTest'>>): Promise<Provider | undefined> {
    if (!isUuid(id)) return undefined;
    const secretId = this.items.secretReference(patch.secretId);
    const changes: Changes = {
      updatedAt: now(),
      alias: patch.alias,
      config: jsonText(patch.config),
      secretId,
      lastTest: patch.lastTest === undefined ? undefined : JSON.stringify({ ...patch.lastTest, at: toTime(patch.lastTest.at, 'lastTest.at') }),
    };
    const key = this.keys.entity('PROVIDER', id);
    if (secretId === undefined) {
      const item = await this.table.update(key, changes, exists);
      return item && providerOf(item);
    }
    const failed = await this.table.transact([{ update: key, changes, condition: exists }, this.items.present('SECRET', secretId)]);
    if (failed?.includes(0)) return undefined;
    if (failed) throw new StoreError('NotFound', `no secret ${secretId}`, 'secretId');
    return this.getProvider(id);
  }

  /**
   * Deletes the provider with its schedules, scans (their findings and deliveries) and its latest
   * view. The provider item goes last, so that a deletion cut short is finished by the next call.
   */
  async deleteProvider(id: string): Promise<boolean> {
    if (!isUuid(id) || !(await this.table.get(this.keys.entity('PROVIDER', id), ['id']))) return false;
    const [schedules, scans] = await Promise.all([this.items.all('SCHEDULE', ['pk', 'sk', 'providerId']), this.items.all('SCAN', ['id', 'providerId'])]);
    await this.table.batchWrite({ deletes: schedules.filter((item) => item.providerId === id).map((item) => ({ pk: text(item, 'pk'), sk: text(item, 'sk') })) });
    for (const scan of scans.filter((item) => item.providerId === id)) await this.deleteScan(text(scan, 'id'), id, false);
    await this.findings.deleteProviderCurrent(id);
    return (await this.table.delete(this.keys.entity('PROVIDER', id), exists)) !== undefined;
  }

  // ---- Scans ----

  /** The transaction action that keeps a scan's "active" mark (queued or running) in step with its state. */
  private activeMark(scanId: string, state: ScanState): TransactAction {
    const key = this.keys.entity('ACTIVE', scanId);
    return UNFINISHED.includes(state) ? { put: { ...key, qpk: UNFINISHED_SCANS, qsk: scanId } } : { delete: key };
  }

  async createScan(scan: Pick<Scan, 'providerId' | 'trigger'> & Partial<Pick<Scan, 'scheduleId' | 'scope' | 'request' | 'createdBy' | 'event'>>): Promise<Scan> {
    if (!['manual', 'schedule', 'event'].includes(scan.trigger)) throw new StoreError('InvalidInput', `unknown trigger ${scan.trigger}`, 'trigger');
    if (!isUuid(scan.providerId)) throw new StoreError('NotFound', `no provider ${scan.providerId}`, 'providerId');
    if (scan.scheduleId !== undefined && !isUuid(scan.scheduleId)) throw new StoreError('NotFound', `no schedule ${scan.scheduleId}`, 'scheduleId');
    const { id, createdAt } = this.items.newEntity();
    const item = this.items.own('SCAN', id, {
      id,
      providerId: scan.providerId,
      state: 'queued',
      trigger: scan.trigger,
      scheduleId: scan.scheduleId,
      scope: jsonText(scan.scope),
      request: jsonText(scan.request),
      progress: JSON.stringify({ percent: 0, resources: 0, findings: 0 }),
      createdBy: scan.createdBy,
      createdAt,
      event: jsonText(scan.event),
    });
    const failed = await this.table.transact([
      this.items.present('PROVIDER', scan.providerId),
      ...(scan.scheduleId === undefined ? [] : [this.items.present('SCHEDULE', scan.scheduleId)]),
      { put: item },
      this.activeMark(id, 'queued'),
    ]);
    if (failed?.includes(0)) throw new StoreError('NotFound', `no provider ${scan.providerId}`, 'providerId');
    if (failed) throw new StoreError('NotFound', `no schedule ${scan.scheduleId}`, 'scheduleId');
    return scanOf(item);
  }

  async getScan(id: string): Promise<Scan | undefined> {
    if (!isUuid(id)) return undefined;
    const item = await this.table.get(this.keys.entity('SCAN', id));
    return item && scanOf(item);
  }

  /** Newest first. */
  async listScans(query?: PageRequest & ScanFilter): Promise<Page<Scan>> {
    const cursor = new Cursor(['scans', this.tenantId, query?.providerId ?? null, query?.state ?? null], query, ['string']);
    if (query?.providerId !== undefined && !isUuid(query.providerId)) return { items: [] };
    const filtered = query?.providerId !== undefined || query?.state !== undefined;
    return this.items.pageInOrder(cursor, 'SCAN', scanOf, {
      descending: true,
      ...(filtered ? { keep: (item) => (query?.providerId === undefined || item.providerId === query.providerId) && (query?.state === undefined || item.state === query.state) } : {}),
    });
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
    const changes: Changes = {
      state: patch.state,
      progress: jsonText(patch.progress),
      summary: jsonText(patch.summary),
      error: jsonText(patch.error),
      request: jsonText(patch.request),
      scope: jsonText(patch.scope),
      event: jsonText(patch.event),
      startedAt: patch.startedAt === undefined ? undefined : toTime(patch.startedAt, 'startedAt'),
      finishedAt: patch.finishedAt === undefined ? undefined : toTime(patch.finishedAt, 'finishedAt'),
      worker: patch.worker,
      leaseUntil: patch.leaseUntil === undefined ? undefined : toTime(patch.leaseUntil, 'leaseUntil'),
    };
    const key = this.keys.entity('SCAN', id);
    const guard: Condition = from === undefined ? exists : allOf(exists, (e) => `${e.name('state')} IN (${from.map((state) => e.value(state)).join(', ')})`);
    // An empty patch still answers whether the guard holds.
    if (Object.values(changes).every((value) => value === undefined)) {
      const item = await this.table.get(key, ['state']);
      return item !== undefined && (from === undefined || from.includes(text(item, 'state') as ScanState));
    }
    if (patch.state === undefined) return (await this.table.update(key, changes, guard)) !== undefined;
    return (await this.table.transact([{ update: key, changes, condition: guard }, this.activeMark(id, patch.state)])) === undefined;
  }

  /** Reads the tenant's active marks (its queued and running scans), then those scans. */
  async activeScan(providerId: string): Promise<Scan | undefined> {
    if (!isUuid(providerId)) return undefined;
    const marks = await this.items.all('ACTIVE', ['sk']);
    const scans = await this.table.batchGet(marks.map((mark) => this.keys.entity('SCAN', text(mark, 'sk').slice('ACTIVE#'.length))));
    const rank = (scan: Scan) => (scan.state === 'running' ? 0 : 1);
    return [...scans.values()]
      .map(scanOf)
      .filter((scan) => scan.providerId === providerId && UNFINISHED.includes(scan.state))
      .sort((a, b) => rank(a) - rank(b) || compareKeys([a.createdAt, a.id], [b.createdAt, b.id]))[0];
  }

  /** Reads the tenant's scans (the attributes needed) and keeps the last completed ones. */
  async completedScanSummaries(query: { readonly providerId?: string; readonly limit?: number; readonly fields: readonly string[] }): Promise<readonly CompletedScanSummary[]> {
    const limit = query.limit ?? 30;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new StoreError('InvalidInput', 'limit must be an integer from 1 to 1000', 'limit');
    for (const field of query.fields) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) throw new StoreError('InvalidInput', `summary field "${field}" is not a plain name`, 'fields');
    if (query.providerId !== undefined && !isUuid(query.providerId)) return [];
    const scans = await this.items.all('SCAN', ['id', 'providerId', 'state', 'finishedAt', 'summary']);
    return scans
      .filter((item) => item.state === 'completed' && typeof item.finishedAt === 'string' && (query.providerId === undefined || item.providerId === query.providerId))
      .sort((a, b) => compareKeys([text(b, 'finishedAt'), text(b, 'id')], [text(a, 'finishedAt'), text(a, 'id')]))
      .slice(0, limit)
      .reverse()
      .map((item) => {
        const stored = optionalText(item, 'summary');
        const whole = stored === undefined ? {} : (JSON.parse(stored) as Record<string, unknown>);
        const summary: Record<string, unknown> = {};
        for (const field of query.fields) {
          const value = Object.hasOwn(whole, field) ? whole[field] : undefined;
          if (value !== undefined && value !== null) summary[field] = value;
        }
        return { scanId: text(item, 'id'), providerId: text(item, 'providerId'), finishedAt: text(item, 'finishedAt'), summary };
      });
  }

  /** Retention: the tenant's scans finished before `before`, with their findings and deliveries. */
  async purgeScansBefore(before: string): Promise<number> {
    const time = toTime(before, 'before');
    const scans = (await this.items.all('SCAN', ['id', 'providerId', 'finishedAt'])).filter((item) => typeof item.finishedAt === 'string' && item.finishedAt < time);
    for (const scan of scans) await this.deleteScan(text(scan, 'id'), text(scan, 'providerId'), true);
    return scans.length;
  }

  /** A scan's findings and deliveries, then the scan (last, so that a deletion cut short is finished by the next). */
  private async deleteScan(scanId: string, providerId: string, withCurrent: boolean): Promise<void> {
    await this.findings.deleteScanPartition(scanId, providerId, withCurrent, (marks) => this.alerts.deleteDeliveries(marks));
    await this.table.batchWrite({ deletes: [this.keys.entity('ACTIVE', scanId), this.keys.entity('SCAN', scanId)] });
  }

  // ---- Findings ----

  insertFindings(scanId: string, findings: readonly FindingInput[]): Promise<void> {
    return this.findings.insert(scanId, findings);
  }

  completeScanFindings(scanId: string, coverage?: ScanCoverage): Promise<{ readonly resolved: number }> {
    return this.findings.complete(scanId, coverage);
  }

  listFindings(query: FindingQuery): Promise<Page<StoredFinding>> {
    return this.findings.list(query);
  }

  latestFindings(query: FindingQuery): Promise<Page<StoredFinding>> {
    return this.findings.list({ ...query, scanId: undefined });
  }

  getFinding(uid: string, scanId?: string): Promise<StoredFinding | undefined> {
    return this.findings.get(uid, scanId);
  }

  findingHistory(uid: string, page?: PageRequest): Promise<Page<FindingHistoryEntry>> {
    return this.findings.history(uid, page);
  }

  countFindings(
    query: Omit<FindingQuery, 'cursor' | 'limit' | 'sort'> & { readonly groupBy?: CountGroup },
  ): Promise<readonly { readonly group: string; readonly status: StoredFinding['status']; readonly muted: boolean; readonly count: number }[]> {
    return this.findings.count(query);
  }

  setFindingsMuted(
    match: Pick<MuteRule, 'findingUid' | 'providerId' | 'account' | 'checkId' | 'region' | 'resource'>,
    muted: { readonly reason: string; readonly rule: string } | undefined,
  ): Promise<number> {
    return this.findings.setMuted(match, muted);
  }

  // ---- Mutes and notes ----

  async createMute(rule: Omit<MuteRule, 'id' | 'tenantId' | 'createdAt'>): Promise<MuteRule> {
    const { id, createdAt } = this.items.newEntity();
    const item = this.items.own('MUTE', id, {
      id,
      findingUid: rule.findingUid,
      providerId: rule.providerId,
      account: rule.account,
      checkId: rule.checkId,
      region: rule.region,
      resource: rule.resource,
      reason: rule.reason,
      expiresAt: optionalTime(rule.expiresAt, 'expiresAt') ?? undefined,
      createdBy: rule.createdBy,
      createdAt,
    });
    await this.table.put(item);
    return muteOf(item);
  }

  async getMute(id: string): Promise<MuteRule | undefined> {
    if (!isUuid(id)) return undefined;
    const item = await this.table.get(this.keys.entity('MUTE', id));
    return item && muteOf(item);
  }

  listMutes(page?: PageRequest): Promise<Page<MuteRule>> {
    return this.items.listInOrder('MUTE', ['mutes', this.tenantId], page, muteOf);
  }

  async deleteMute(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    return (await this.table.delete(this.keys.entity('MUTE', id), exists)) !== undefined;
  }

  async addNote(note: Omit<FindingNote, 'id' | 'tenantId' | 'createdAt'>): Promise<FindingNote> {
    const { id, createdAt } = this.items.newEntity();
    const item = this.items.own('NOTE', `${noteGroup(note.findingUid)}#${id}`, { id, findingUid: note.findingUid, text: note.text, author: note.author, createdAt });
    await this.table.put(item);
    return noteOf(item);
  }

  listNotes(findingUid: string, page?: PageRequest): Promise<Page<FindingNote>> {
    return this.items.listInOrder('NOTE', ['notes', this.tenantId, findingUid], page, noteOf, {
      prefix: `${this.keys.prefix('NOTE')}${noteGroup(findingUid)}#`,
      keep: (item) => item.findingUid === findingUid,
    });
  }

  // ---- Schedules ----

  async createSchedule(schedule: Omit<Schedule, 'id' | 'tenantId' | 'createdAt' | 'lastRunAt' | 'leaseOwner' | 'leaseUntil'>): Promise<Schedule> {
    if (!isUuid(schedule.providerId)) throw new StoreError('NotFound', `no provider ${schedule.providerId}`, 'providerId');
    const { id, createdAt } = this.items.newEntity();
    const nextRunAt = toTime(schedule.nextRunAt, 'nextRunAt');
    const item = this.items.own('SCHEDULE', id, {
      id,
      providerId: schedule.providerId,
      cron: schedule.cron,
      timezone: schedule.timezone,
      scope: jsonText(schedule.scope),
      enabled: schedule.enabled,
      nextRunAt,
      createdBy: schedule.createdBy,
      createdAt,
      // In the due-schedules queue while enabled, ordered by next run.
      qpk: schedule.enabled ? DUE_SCHEDULES : undefined,
      qsk: `${nextRunAt}#${id}`,
    });
    if (await this.table.transact([this.items.present('PROVIDER', schedule.providerId), { put: item }])) {
      throw new StoreError('NotFound', `no provider ${schedule.providerId}`, 'providerId');
    }
    return scheduleOf(item);
  }

  async getSchedule(id: string): Promise<Schedule | undefined> {
    if (!isUuid(id)) return undefined;
    const item = await this.table.get(this.keys.entity('SCHEDULE', id));
    return item && scheduleOf(item);
  }

  async listSchedules(page?: PageRequest & { readonly providerId?: string }): Promise<Page<Schedule>> {
    const cursor = new Cursor(['schedules', this.tenantId, page?.providerId ?? null], page, ['string']);
    if (page?.providerId !== undefined && !isUuid(page.providerId)) return { items: [] };
    return this.items.pageInOrder(cursor, 'SCHEDULE', scheduleOf, page?.providerId === undefined ? {} : { keep: (item) => item.providerId === page.providerId });
  }

  async updateSchedule(id: string, patch: Partial<Pick<Schedule, 'cron' | 'timezone' | 'scope' | 'enabled' | 'nextRunAt'>>): Promise<Schedule | undefined> {
    if (!isUuid(id)) return undefined;
    const nextRunAt = patch.nextRunAt === undefined ? undefined : toTime(patch.nextRunAt, 'nextRunAt');
    const changes: Changes = {
      cron: patch.cron,
      timezone: patch.timezone,
      scope: jsonText(patch.scope),
      enabled: patch.enabled,
      qpk: patch.enabled === undefined ? undefined : patch.enabled ? DUE_SCHEDULES : null,
      nextRunAt,
      qsk: nextRunAt === undefined ? undefined : `${nextRunAt}#${id}`,
    };
    if (Object.values(changes).every((value) => value === undefined)) return this.getSchedule(id);
    const item = await this.table.update(this.keys.entity('SCHEDULE', id), changes, exists);
    return item && scheduleOf(item);
  }

  /** Scans it started keep their history without the reference. */
  async deleteSchedule(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    for (const scan of (await this.items.all('SCAN', ['pk', 'sk', 'scheduleId'])).filter((item) => item.scheduleId === id)) {
      await this.table.update({ pk: text(scan, 'pk'), sk: text(scan, 'sk') }, { scheduleId: null }, equals('scheduleId', id));
    }
    return (await this.table.delete(this.keys.entity('SCHEDULE', id), exists)) !== undefined;
  }

  /** The scheduler's bookkeeping after starting a run: next and last run, lease released. */
  async finishScheduleRun(id: string, run: { readonly lastRunAt: string; readonly nextRunAt: string }): Promise<boolean> {
    if (!isUuid(id)) return false;
    const nextRunAt = toTime(run.nextRunAt, 'nextRunAt');
    const item = await this.table.update(
      this.keys.entity('SCHEDULE', id),
      { lastRunAt: toTime(run.lastRunAt, 'lastRunAt'), nextRunAt, qsk: `${nextRunAt}#${id}`, leaseOwner: null, leaseUntil: null },
      exists,
    );
    return item !== undefined;
  }

  // ---- Audit ----

  async audit(entry: Omit<AuditEntry, 'id' | 'tenantId' | 'at'> & { readonly at?: string }): Promise<AuditEntry> {
    const { id } = this.items.newEntity();
    const at = entry.at === undefined ? now() : toTime(entry.at, 'at');
    const item = this.items.own('AUDIT', `${at}#${id}`, { id, actor: entry.actor, action: entry.action, target: entry.target, details: jsonText(entry.details), ip: entry.ip, at });
    await this.table.put(item);
    return auditOf(item);
  }

  /** Newest first (the sort key is the time, then the id). */
  listAudit(page?: PageRequest & { readonly action?: string; readonly actor?: string }): Promise<Page<AuditEntry>> {
    const filtered = page?.action !== undefined || page?.actor !== undefined;
    return this.items.listInOrder('AUDIT', ['audit', this.tenantId, page?.action ?? null, page?.actor ?? null], page, auditOf, {
      descending: true,
      ...(filtered ? { keep: (item: Item) => (page?.action === undefined || item.action === page.action) && (page?.actor === undefined || item.actor === page.actor) } : {}),
    });
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
