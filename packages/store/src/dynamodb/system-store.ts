/**
 * `SystemStore` on DynamoDB: the operations that cross tenants, each for one job. What is found
 * without a tenant has an installation-wide item of its own (a user, an e-mail address, an API key
 * prefix or id, an invitation, a refresh token with its hash and family); lists across tenants
 * (tenants, secrets, unfinished scans, due schedules) read a queue of the `queues` index, which
 * only nominates items: each is read again from the table, or changed on a condition, before it is
 * answered. Work on one tenant's items (a schedule run, a re-wrapped secret, retention) runs through
 * that tenant's store.
 */
import { isUuid, newId, retention, toTime } from '../rows.ts';
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
} from '../types.ts';
import { allOf, exists, missing, optionalText, text, type Changes, type Item } from './codec.ts';
import { apiKeyOf, createdAtOf, invitationOf, membershipOf, refreshTokenOf, scanOf, scheduleOf, secretOf, tenantOf, userOf } from './entities.ts';
import { Cursor, compareKeys, pageInOrder } from './paging.ts';
import { keyString, type DynamoTable } from './requests.ts';
import { QUEUES_INDEX, TenantKeys, systemKeys, tenantOfPartition, type Key, type Queue } from './table.ts';
import { DynamoTenantStore } from './tenant-store.ts';

const notUsedOrRevoked = allOf(exists, (e) => `attribute_not_exists(${e.name('usedAt')})`, (e) => `attribute_not_exists(${e.name('revokedAt')})`);
const notRevoked = allOf(exists, (e) => `attribute_not_exists(${e.name('revokedAt')})`);

export class DynamoSystemStore implements SystemStore {
  constructor(private readonly table: DynamoTable) {}

  private tenant(tenantId: string): DynamoTenantStore | undefined {
    return isUuid(tenantId) ? new DynamoTenantStore(this.table, tenantId) : undefined;
  }

  /** A page of a queue, in its order, each entry read again from the table by `itemKey`. */
  private async queuePage<T>(queue: Queue, identity: readonly unknown[], page: PageRequest | undefined, itemKey: (entry: Item) => Key, map: (item: Item) => T): Promise<Page<T>> {
    const cursor = new Cursor(identity, page, ['string']);
    const after = cursor.after?.[0];
    const pages = this.table.pages({ index: QUEUES_INDEX, partition: queue, ...(after === undefined ? {} : { above: String(after) }), pageSize: cursor.limit + 1 });
    const { rows, nextCursor } = await pageInOrder(cursor, pages, () => true, (entry) => [text(entry, 'qsk')]);
    const found = await this.table.batchGet(rows.map(itemKey));
    const items = rows.flatMap((entry) => {
      const item = found.get(keyString(itemKey(entry)));
      return item ? [map(item)] : [];
    });
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  }

  async createTenant(tenant: { readonly name: string; readonly retentionDays?: number }): Promise<Tenant> {
    const id = newId();
    const item: Item = {
      ...new TenantKeys(id).tenant(),
      id,
      name: tenant.name,
      createdAt: createdAtOf(id),
      retentionDays: retention(tenant.retentionDays) ?? undefined,
      externalId: newId(),
      qpk: 'TENANTS' satisfies Queue,
      qsk: id,
    };
    await this.table.put(item, missing);
    return tenantOf(item);
  }

  /** In creation order (ids are). */
  listTenants(page?: PageRequest): Promise<Page<Tenant>> {
    return this.queuePage('TENANTS', ['tenants'], page, (entry) => ({ pk: text(entry, 'pk'), sk: text(entry, 'sk') }), tenantOf);
  }

  async createUser(user: { readonly email: string; readonly passwordHash: string }): Promise<User> {
    const email = user.email.trim().toLowerCase();
    if (email === '') throw new StoreError('InvalidInput', 'a user needs an e-mail address', 'email');
    const id = newId();
    const item: Item = { ...systemKeys.user(id), id, email, passwordHash: user.passwordHash, createdAt: createdAtOf(id), disabled: false, failedLogins: 0 };
    const failed = await this.table.transact([
      { put: item, condition: missing },
      { put: { ...systemKeys.email(email), userId: id }, condition: missing },
    ]);
    if (failed) throw new StoreError('Conflict', `a user with e-mail ${email} exists`, 'email');
    return userOf(item);
  }

  async getUser(id: string): Promise<User | undefined> {
    if (!isUuid(id)) return undefined;
    const item = await this.table.get(systemKeys.user(id));
    return item && userOf(item);
  }

  async findUserByEmail(email: string): Promise<User | undefined> {
    const entry = await this.table.get(systemKeys.email(email.trim().toLowerCase()));
    return entry && this.getUser(text(entry, 'userId'));
  }

  async updateUser(
    id: string,
    patch: Partial<Pick<User, 'passwordHash' | 'disabled' | 'failedLogins' | 'lastLoginAt'>> & { readonly lockedUntil?: string | null },
  ): Promise<User | undefined> {
    if (!isUuid(id)) return undefined;
    const changes: Changes = {
      passwordHash: patch.passwordHash,
      disabled: patch.disabled,
      failedLogins: patch.failedLogins,
      lastLoginAt: patch.lastLoginAt === undefined ? undefined : toTime(patch.lastLoginAt, 'lastLoginAt'),
      lockedUntil: patch.lockedUntil === undefined || patch.lockedUntil === null ? patch.lockedUntil : toTime(patch.lockedUntil, 'lockedUntil'),
    };
    if (Object.values(changes).every((value) => value === undefined)) return this.getUser(id);
    const item = await this.table.update(systemKeys.user(id), changes, exists);
    return item && userOf(item);
  }

  /** The user's membership mirrors, in order of joining. */
  async membershipsOfUser(userId: string): Promise<readonly Membership[]> {
    if (!isUuid(userId)) return [];
    const items = await this.table.queryAll({ partition: systemKeys.user(userId).pk, prefix: 'MEMBER#' });
    return items.map(membershipOf).sort((a, b) => compareKeys([a.createdAt, a.tenantId], [b.createdAt, b.tenantId]));
  }

  async findInvitation(id: string): Promise<Invitation | undefined> {
    if (!isUuid(id)) return undefined;
    const entry = await this.table.get(systemKeys.invitation(id));
    const item = entry && (await this.table.get(new TenantKeys(text(entry, 'tenantId')).entity('INVITATION', id)));
    return item && invitationOf(item);
  }

  async findApiKeyByPrefix(prefix: string): Promise<ApiKey | undefined> {
    const entry = await this.table.get(systemKeys.keyPrefix(prefix));
    const item = entry && (await this.table.get(new TenantKeys(text(entry, 'tenantId')).entity('APIKEY', text(entry, 'id'))));
    return item && apiKeyOf(item);
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    if (!isUuid(id)) return;
    const time = toTime(at, 'at');
    const entry = await this.table.get(systemKeys.keyId(id));
    if (entry) await this.tenant(text(entry, 'tenantId'))?.touchApiKey(id, time);
  }

  async createRefreshToken(token: Omit<RefreshToken, 'id' | 'createdAt' | 'usedAt' | 'revokedAt'>): Promise<RefreshToken> {
    for (const [field, value] of [
      ['userId', token.userId],
      ['tenantId', token.tenantId],
    ] as const) {
      if (!isUuid(value)) throw new StoreError('NotFound', `no ${field === 'userId' ? 'user' : 'tenant'} ${value}`, field);
    }
    if (!isUuid(token.familyId)) throw new StoreError('InvalidInput', 'a token family id is a UUID', 'familyId');
    const id = newId();
    const item: Item = {
      ...systemKeys.token(id),
      id,
      tenantId: token.tenantId,
      userId: token.userId,
      hash: token.hash,
      familyId: token.familyId,
      createdAt: createdAtOf(id),
      expiresAt: toTime(token.expiresAt, 'expiresAt'),
    };
    const failed = await this.table.transact([
      { put: item },
      { put: { ...systemKeys.tokenHash(token.hash), tokenId: id }, condition: missing },
      { put: { ...systemKeys.tokenFamily(token.familyId, id) } },
      { check: systemKeys.user(token.userId), condition: exists },
      { check: new TenantKeys(token.tenantId).tenant(), condition: exists },
    ]);
    if (failed?.includes(1)) throw new StoreError('Conflict', 'a refresh token with this hash exists', 'hash');
    if (failed) throw new StoreError('NotFound', `no user ${token.userId} or tenant ${token.tenantId}`, 'userId');
    return refreshTokenOf(item);
  }

  async findRefreshToken(hash: string): Promise<RefreshToken | undefined> {
    const entry = await this.table.get(systemKeys.tokenHash(hash));
    const item = entry && (await this.table.get(systemKeys.token(text(entry, 'tokenId'))));
    return item && refreshTokenOf(item);
  }

  /** One conditional update that succeeds for one caller only: the token must be neither used nor revoked. */
  async useRefreshToken(id: string, at: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const time = toTime(at, 'at');
    return (await this.table.update(systemKeys.token(id), { usedAt: time }, notUsedOrRevoked)) !== undefined;
  }

  async revokeRefreshFamily(familyId: string, at: string): Promise<void> {
    if (!isUuid(familyId)) return;
    const time = toTime(at, 'at');
    for (const member of await this.table.queryAll({ partition: systemKeys.tokenFamilyPartition(familyId) })) {
      await this.table.update(systemKeys.token(text(member, 'sk')), { revokedAt: time }, notRevoked);
    }
  }

  /**
   * Walks the due-schedules queue in order of next run (its entries due at `now`, skipping leases
   * the index shows held) and leases each schedule with a conditional update — enabled, due, lease
   * free or expired — until `limit` are leased. Two schedulers racing each lease a schedule at most
   * once between them: the condition holds for one update only.
   */
  async leaseDueSchedules(now: string, owner: string, leaseUntil: string, limit: number): Promise<readonly Schedule[]> {
    const time = toTime(now, 'now');
    const until = toTime(leaseUntil, 'leaseUntil');
    if (!Number.isInteger(limit) || limit < 1) throw new StoreError('InvalidInput', `limit must be a positive integer, not ${limit}`, 'limit');
    const leased: Schedule[] = [];
    // `<nextRunAt>#<id>` sorts below `<now>$` exactly when nextRunAt <= now ('#' < '$').
    const due = this.table.pages({ index: QUEUES_INDEX, partition: 'DUE_SCHEDULES' satisfies Queue, below: `${time}$` });
    const free = allOf(
      exists,
      (e) => `${e.name('enabled')} = ${e.value(true)}`,
      (e) => `${e.name('nextRunAt')} <= ${e.value(time)}`,
      (e) => `attribute_not_exists(${e.name('leaseUntil')}) OR ${e.name('leaseUntil')} <= ${e.value(time)}`,
    );
    outer: for await (const page of due) {
      for (const entry of page) {
        const held = optionalText(entry, 'leaseUntil');
        if (held !== undefined && held > time) continue;
        const item = await this.table.update({ pk: text(entry, 'pk'), sk: text(entry, 'sk') }, { leaseOwner: owner, leaseUntil: until }, free);
        if (item) leased.push(scheduleOf(item));
        if (leased.length >= limit) break outer;
      }
    }
    return leased.sort((a, b) => compareKeys([a.nextRunAt, a.id], [b.nextRunAt, b.id]));
  }

  async completeScheduleRun(tenantId: string, id: string, run: { readonly lastRunAt: string; readonly nextRunAt: string }): Promise<void> {
    await this.tenant(tenantId)?.finishScheduleRun(id, run);
  }

  /** The unfinished-scans queue (every tenant's queued and running scans), each scan read again. */
  async unfinishedScans(now: string): Promise<readonly Scan[]> {
    const time = toTime(now, 'now');
    const marks = await this.table.queryAll({ index: QUEUES_INDEX, partition: 'UNFINISHED_SCANS' satisfies Queue });
    const keys = marks.map((mark) => new TenantKeys(tenantOfPartition(text(mark, 'pk'))).entity('SCAN', text(mark, 'qsk')));
    const scans = await this.table.batchGet(keys);
    return [...scans.values()]
      .map(scanOf)
      .filter((scan) => scan.state === 'queued' || (scan.state === 'running' && (scan.leaseUntil === undefined || scan.leaseUntil < time)))
      .sort((a, b) => compareKeys([a.createdAt, a.id], [b.createdAt, b.id]));
  }

  listSecrets(page?: PageRequest): Promise<Page<StoredSecret>> {
    return this.queuePage('SECRETS', ['secrets'], page, (entry) => ({ pk: text(entry, 'pk'), sk: text(entry, 'sk') }), secretOf);
  }

  async rewrapSecret(tenantId: string, id: string, wrap: Pick<SealedSecret, 'wrappedKey' | 'wrapIv' | 'wrapAuthTag' | 'kekId'>): Promise<void> {
    const tenant = this.tenant(tenantId);
    if (!tenant || !(await tenant.rewrapSecret(id, wrap))) throw new StoreError('NotFound', `no secret ${id} in tenant ${tenantId}`, 'id');
  }

  async purgeScans(tenantId: string, before: string): Promise<number> {
    return (await this.tenant(tenantId)?.purgeScansBefore(before)) ?? 0;
  }
}
