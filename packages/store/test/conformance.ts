/**
 * The store's conformance suite: every implementation of `Store` runs these tests unchanged
 * (sqlite.test.ts, postgres.test.ts). `factory` returns a store on an empty database, not yet
 * migrated; the suite migrates it. Most tests share one store and keep to tenants, users and keys of
 * their own; tests of operations that see every tenant (tenant listing, schedule leases, unfinished
 * scans, secret listing, concurrent migrations) get a store of their own.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SEVERITIES, type FindingStatus, type Severity } from '@palisade/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError, type FindingInput, type FindingQuery, type Page, type PageRequest, type SealedSecret, type Store, type StoredFinding, type TenantStore } from '../src/index.ts';

export interface StoreFixture {
  /** A store on an empty database, not migrated yet. */
  readonly store: Store;
  /** Another store on the same database (another process's connection), when the database can be shared. */
  readonly openAnother?: () => Promise<Store>;
  dispose(): Promise<void>;
}

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-02T00:00:00.000Z';
const T2 = '2026-01-03T00:00:00.000Z';
const T3 = '2026-01-04T00:00:00.000Z';
const FUTURE = '2027-01-01T00:00:00.000Z';

const unique = (): string => randomBytes(6).toString('hex');

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError, but the call succeeded');
}

/** Every item of a paged list, page by page, checking that each page holds at most `limit` items. */
async function allPages<T>(fetch: (page: PageRequest) => Promise<Page<T>>, limit: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await fetch({ limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
    if (pages > 10_000) throw new Error('paging does not end');
  } while (cursor !== undefined);
  return { items, pages };
}

function finding(uid: string, overrides: Partial<FindingInput> = {}): FindingInput {
  return {
    uid,
    checkId: 'aws/s3-bucket-public',
    title: `Finding ${uid}`,
    service: 's3',
    status: 'FAIL',
    severity: 'high',
    message: `message of ${uid}`,
    provider: 'aws',
    accountUid: '111111111111',
    accountName: 'production',
    region: 'eu-west-1',
    resource: { uid: `arn:aws:s3:::${uid}`, name: uid, type: 'AwsS3Bucket' },
    compliance: ['cis-aws-3.0:2.1.1', 'iso27001-2022:A.8.3'],
    time: T1,
    ...overrides,
  };
}

function sealed(kekId = 'kek-1'): SealedSecret {
  const b64 = (bytes: number) => randomBytes(bytes).toString('base64');
  return { ciphertext: b64(48), iv: b64(12), authTag: b64(16), wrappedKey: b64(48), wrapIv: b64(12), wrapAuthTag: b64(16), kekId };
}

export function describeStoreConformance(name: string, factory: () => Promise<StoreFixture>): void {
  describe(`Store conformance: ${name}`, () => {
    let fixture: StoreFixture;
    let store: Store;

    beforeAll(async () => {
      fixture = await factory();
      store = fixture.store;
      await store.migrate();
    }, 120_000);
    afterAll(async () => {
      await fixture?.dispose();
    }, 120_000);

    /** A store of its own for a test of operations that see every tenant. */
    async function withOwnStore(test: (store: Store, fixture: StoreFixture) => Promise<void>): Promise<void> {
      const own = await factory();
      try {
        await own.store.migrate();
        await test(own.store, own);
      } finally {
        await own.dispose();
      }
    }

    async function newTenant(on: Store = store, name = `tenant-${unique()}`): Promise<TenantStore> {
      const tenant = await on.system.createTenant({ name });
      return on.forTenant(tenant.id);
    }

    async function newUser(on: Store = store) {
      return on.system.createUser({ email: `user-${unique()}@example.com`, passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA' });
    }

    async function newProvider(tenant: TenantStore, alias = `account-${unique()}`) {
      return tenant.createProvider({ type: 'aws', alias, config: { roleArn: 'arn:aws:iam::111111111111:role/Palisade', regions: ['eu-west-1'] } });
    }

    /** A scan run to the end: created, running, its findings stored, completed. */
    async function runScan(tenant: TenantStore, providerId: string, findings: readonly FindingInput[], finishedAt: string, options: { complete?: boolean } = {}) {
      const scan = await tenant.createScan({ providerId, trigger: 'manual' });
      expect(await tenant.updateScan(scan.id, { state: 'running', startedAt: finishedAt }, ['queued'])).toBe(true);
      if (findings.length > 0) await tenant.insertFindings(scan.id, findings);
      if (options.complete === false) return { scan, resolved: undefined };
      const { resolved } = await tenant.completeScanFindings(scan.id);
      expect(await tenant.updateScan(scan.id, { state: 'completed', finishedAt }, ['running'])).toBe(true);
      return { scan, resolved };
    }

    describe('migrations', () => {
      it('migrate() is idempotent and keeps the data', async () => {
        const tenant = await newTenant();
        await store.migrate();
        expect((await tenant.getTenant()).id).toBe(tenant.tenantId);
      });

      it('several migrate() calls at once, from one or two connections, leave one working schema', async () => {
        const own = await factory();
        const another = own.openAnother ? await own.openAnother() : own.store;
        try {
          await Promise.all([own.store.migrate(), another.migrate(), own.store.migrate()]);
          const tenant = await newTenant(another);
          expect((await own.store.forTenant(tenant.tenantId).getTenant()).id).toBe(tenant.tenantId);
        } finally {
          if (another !== own.store) await another.close();
          await own.dispose();
        }
      });
    });

    describe('tenants', () => {
      it('creates, reads and updates a tenant', async () => {
        const created = await store.system.createTenant({ name: 'Acme', retentionDays: 90 });
        expect(created).toMatchObject({ name: 'Acme', retentionDays: 90 });
        expect(created.externalId).toMatch(/\S{16,}/);
        const tenant = store.forTenant(created.id);
        expect(await tenant.getTenant()).toEqual(created);
        expect(await tenant.updateTenant({ name: 'Acme Corp' })).toEqual({ ...created, name: 'Acme Corp' });
        const cleared = await tenant.updateTenant({ retentionDays: null });
        expect(cleared.retentionDays).toBeUndefined();
        expect(await tenant.getTenant()).toEqual(cleared);
        expect((await rejection(tenant.updateTenant({ retentionDays: 0 }))).code).toBe('InvalidInput');
        const other = await store.system.createTenant({ name: 'Acme' });
        expect(other.externalId).not.toBe(created.externalId);
      });

      it('rejects a tenant id that is not a UUID and reports a missing tenant', async () => {
        expect(() => store.forTenant('not-a-uuid')).toThrow(StoreError);
        expect((await rejection(store.forTenant(randomUUID()).getTenant())).code).toBe('NotFound');
      });

      it('lists tenants in creation order, page by page', async () => {
        await withOwnStore(async (own) => {
          const created = [];
          for (let i = 0; i < 7; i++) created.push(await own.system.createTenant({ name: `t${i}` }));
          const { items, pages } = await allPages((page) => own.system.listTenants(page), 3);
          expect(pages).toBe(3);
          const expected = [...created].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
          expect(items.map((tenant) => tenant.id)).toEqual(expected.map((tenant) => tenant.id));
        });
      });
    });

    describe('users', () => {
      it('stores e-mail addresses lower-cased, unique across the installation', async () => {
        const email = `Mixed.${unique()}@Example.COM`;
        const user = await store.system.createUser({ email, passwordHash: 'hash-1' });
        expect(user).toMatchObject({ email: email.toLowerCase(), passwordHash: 'hash-1', disabled: false, failedLogins: 0 });
        expect(await store.system.getUser(user.id)).toEqual(user);
        expect(await store.system.findUserByEmail(email.toUpperCase())).toEqual(user);
        const conflict = await rejection(store.system.createUser({ email: email.toUpperCase(), passwordHash: 'hash-2' }));
        expect(conflict).toMatchObject({ code: 'Conflict', field: 'email' });
        expect(await store.system.findUserByEmail(`nobody-${unique()}@example.com`)).toBeUndefined();
        expect(await store.system.getUser(randomUUID())).toBeUndefined();
        expect(await store.system.getUser('not-a-uuid')).toBeUndefined();
      });

      it('keeps sign-in bookkeeping: failed attempts, lockout, last sign-in, password, disabled', async () => {
        const user = await newUser();
        const locked = await store.system.updateUser(user.id, { failedLogins: 5, lockedUntil: T2 });
        expect(locked).toMatchObject({ failedLogins: 5, lockedUntil: T2 });
        const signedIn = await store.system.updateUser(user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: T1, passwordHash: 'new-hash' });
        expect(signedIn).toMatchObject({ failedLogins: 0, lastLoginAt: T1, passwordHash: 'new-hash' });
        expect(signedIn?.lockedUntil).toBeUndefined();
        expect(await store.system.updateUser(user.id, { disabled: true })).toMatchObject({ disabled: true });
        expect(await store.system.getUser(user.id)).toMatchObject({ disabled: true, failedLogins: 0, passwordHash: 'new-hash' });
        expect(await store.system.updateUser(randomUUID(), { disabled: true })).toBeUndefined();
      });
    });

    describe('members and roles', () => {
      it('adds, lists, changes and removes members', async () => {
        const tenant = await newTenant();
        const [alice, bob] = [await newUser(), await newUser()];
        const member = await tenant.addMember(alice.id, 'owner');
        expect(member).toMatchObject({ tenantId: tenant.tenantId, userId: alice.id, role: 'owner' });
        await tenant.addMember(bob.id, 'auditor');
        expect(await tenant.getMember(alice.id)).toEqual(member);
        const { items } = await allPages((page) => tenant.listMembers(page), 1);
        expect(items.map((entry) => [entry.userId, entry.email, entry.role])).toEqual([
          [alice.id, alice.email, 'owner'],
          [bob.id, bob.email, 'auditor'],
        ]);
        expect(await tenant.setMemberRole(bob.id, 'analyst')).toMatchObject({ userId: bob.id, role: 'analyst' });
        expect(await tenant.removeMember(bob.id)).toBe(true);
        expect(await tenant.removeMember(bob.id)).toBe(false);
        expect(await tenant.getMember(bob.id)).toBeUndefined();
        expect((await rejection(tenant.setMemberRole(bob.id, 'admin'))).code).toBe('NotFound');
      });

      it('refuses a second membership, an unknown user and an unknown role', async () => {
        const tenant = await newTenant();
        const user = await newUser();
        await tenant.addMember(user.id, 'admin');
        expect(await rejection(tenant.addMember(user.id, 'auditor'))).toMatchObject({ code: 'Conflict', field: 'userId' });
        expect(await rejection(tenant.addMember(randomUUID(), 'admin'))).toMatchObject({ code: 'NotFound', field: 'userId' });
        expect(await rejection(tenant.addMember((await newUser()).id, 'no-such-role'))).toMatchObject({ code: 'InvalidInput', field: 'role' });
        expect(await tenant.getMember(user.id)).toMatchObject({ role: 'admin' });
      });

      it('lists every tenant a user belongs to', async () => {
        const [first, second] = [await newTenant(), await newTenant()];
        const user = await newUser();
        await first.addMember(user.id, 'owner');
        await second.addMember(user.id, 'auditor');
        const memberships = await store.system.membershipsOfUser(user.id);
        expect(memberships.map((entry) => [entry.tenantId, entry.role])).toEqual([
          [first.tenantId, 'owner'],
          [second.tenantId, 'auditor'],
        ]);
        expect(await store.system.membershipsOfUser(randomUUID())).toEqual([]);
      });

      it('keeps custom roles per tenant and refuses to delete one in use', async () => {
        const tenant = await newTenant();
        const role = await tenant.createRole({ name: 'triager', permissions: ['triage_findings', 'read'] });
        expect(role).toMatchObject({ tenantId: tenant.tenantId, name: 'triager' });
        expect([...role.permissions].sort()).toEqual(['read', 'triage_findings']);
        expect(await tenant.getRole('triager')).toEqual(role);
        await tenant.createRole({ name: 'a-reader', permissions: ['read'] });
        expect((await tenant.listRoles()).map((entry) => entry.name)).toEqual(['a-reader', 'triager']);
        expect(await rejection(tenant.createRole({ name: 'triager', permissions: ['read'] }))).toMatchObject({ code: 'Conflict', field: 'name' });
        expect(await rejection(tenant.createRole({ name: 'admin', permissions: ['read'] }))).toMatchObject({ code: 'Conflict', field: 'name' });
        expect(await rejection(tenant.createRole({ name: 'bad', permissions: ['fly' as never] }))).toMatchObject({ code: 'InvalidInput', field: 'permissions' });
        // Another tenant may use the same name.
        await (await newTenant()).createRole({ name: 'triager', permissions: ['read'] });

        const user = await newUser();
        await tenant.addMember(user.id, 'triager');
        expect(await rejection(tenant.deleteRole('triager'))).toMatchObject({ code: 'Conflict' });
        await tenant.setMemberRole(user.id, 'auditor');
        expect(await tenant.deleteRole('triager')).toBe(true);
        expect(await tenant.deleteRole('triager')).toBe(false);
        expect(await tenant.getRole('triager')).toBeUndefined();
      });
    });

    describe('invitations', () => {
      it('invites, finds the invitation across tenants and accepts it once', async () => {
        const tenant = await newTenant();
        const invitation = await tenant.createInvitation({ email: 'New.Person@Example.com', role: 'analyst', tokenHash: 'token-hash', invitedBy: 'user:1', expiresAt: T2 });
        expect(invitation).toMatchObject({ tenantId: tenant.tenantId, email: 'new.person@example.com', role: 'analyst', expiresAt: T2 });
        expect(invitation.acceptedAt).toBeUndefined();
        expect(await store.system.findInvitation(invitation.id)).toEqual(invitation);
        expect((await tenant.listInvitations()).items).toEqual([invitation]);
        const accepted = await tenant.acceptInvitation(invitation.id, T1);
        expect(accepted).toEqual({ ...invitation, acceptedAt: T1 });
        expect(await tenant.acceptInvitation(invitation.id, T1)).toBeUndefined();
        const late = await tenant.createInvitation({ email: 'late@example.com', role: 'auditor', tokenHash: 'h2', invitedBy: 'user:1', expiresAt: T1 });
        expect(await tenant.acceptInvitation(late.id, T2)).toBeUndefined();
        expect(await rejection(tenant.createInvitation({ email: 'x@example.com', role: 'nope', tokenHash: 'h3', invitedBy: 'user:1', expiresAt: T2 }))).toMatchObject({
          code: 'InvalidInput',
          field: 'role',
        });
        expect(await store.system.findInvitation(randomUUID())).toBeUndefined();
      });
    });

    describe('API keys', () => {
      it('creates, finds by prefix, touches, lists and revokes keys; a prefix is unique across tenants', async () => {
        const tenant = await newTenant();
        const prefix = `pk_${unique()}`;
        const key = await tenant.createApiKey({ name: 'ci', prefix, hash: 'key-hash', role: 'analyst', createdBy: 'user:1', expiresAt: FUTURE });
        expect(key).toMatchObject({ tenantId: tenant.tenantId, name: 'ci', prefix, hash: 'key-hash', role: 'analyst', expiresAt: FUTURE });
        expect(await store.system.findApiKeyByPrefix(prefix)).toEqual(key);
        expect(await store.system.findApiKeyByPrefix(`pk_${unique()}`)).toBeUndefined();
        await store.system.touchApiKey(key.id, T1);
        expect(await store.system.findApiKeyByPrefix(prefix)).toEqual({ ...key, lastUsedAt: T1 });
        const other = await newTenant();
        expect(await rejection(other.createApiKey({ name: 'dup', prefix, hash: 'h', role: 'auditor', createdBy: 'user:2' }))).toMatchObject({ code: 'Conflict', field: 'prefix' });
        expect(await rejection(tenant.createApiKey({ name: 'bad', prefix: `pk_${unique()}`, hash: 'h', role: 'nope', createdBy: 'user:2' }))).toMatchObject({ code: 'InvalidInput' });
        const second = await tenant.createApiKey({ name: 'second', prefix: `pk_${unique()}`, hash: 'h2', role: 'auditor', createdBy: 'user:1' });
        const { items } = await allPages((page) => tenant.listApiKeys(page), 1);
        expect(items.map((entry) => entry.id)).toEqual([key.id, second.id]);
        expect(await tenant.revokeApiKey(key.id, T2)).toBe(true);
        expect(await tenant.revokeApiKey(key.id, T3)).toBe(false);
        expect(await store.system.findApiKeyByPrefix(prefix)).toMatchObject({ revokedAt: T2 });
      });
    });

    describe('refresh tokens', () => {
      async function tokenFor(familyId = randomUUID()) {
        const tenant = await newTenant();
        const user = await newUser();
        await tenant.addMember(user.id, 'owner');
        return store.system.createRefreshToken({ userId: user.id, tenantId: tenant.tenantId, hash: `rt-${unique()}`, familyId, expiresAt: FUTURE });
      }

      it('uses a token once; reuse is refused', async () => {
        const token = await tokenFor();
        expect(await store.system.findRefreshToken(token.hash)).toEqual(token);
        expect(await store.system.useRefreshToken(token.id, T1)).toBe(true);
        expect(await store.system.useRefreshToken(token.id, T2)).toBe(false);
        expect(await store.system.findRefreshToken(token.hash)).toMatchObject({ usedAt: T1 });
        expect(await store.system.findRefreshToken(`rt-${unique()}`)).toBeUndefined();
        expect(await store.system.useRefreshToken(randomUUID(), T1)).toBe(false);
      });

      it('lets exactly one of several concurrent uses succeed', async () => {
        const token = await tokenFor();
        const results = await Promise.all(Array.from({ length: 6 }, () => store.system.useRefreshToken(token.id, T1)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('revokes a whole family', async () => {
        const familyId = randomUUID();
        const first = await tokenFor(familyId);
        const second = await store.system.createRefreshToken({ userId: first.userId, tenantId: first.tenantId, hash: `rt-${unique()}`, familyId, expiresAt: FUTURE });
        const unrelated = await tokenFor();
        await store.system.revokeRefreshFamily(familyId, T2);
        expect(await store.system.useRefreshToken(second.id, T2)).toBe(false);
        expect(await store.system.findRefreshToken(first.hash)).toMatchObject({ revokedAt: T2 });
        expect(await store.system.findRefreshToken(second.hash)).toMatchObject({ revokedAt: T2 });
        expect(await store.system.useRefreshToken(unrelated.id, T2)).toBe(true);
      });

      it('refuses a duplicate hash and an unknown user', async () => {
        const token = await tokenFor();
        expect(
          await rejection(store.system.createRefreshToken({ userId: token.userId, tenantId: token.tenantId, hash: token.hash, familyId: randomUUID(), expiresAt: FUTURE })),
        ).toMatchObject({ code: 'Conflict' });
        expect(
          await rejection(store.system.createRefreshToken({ userId: randomUUID(), tenantId: token.tenantId, hash: `rt-${unique()}`, familyId: randomUUID(), expiresAt: FUTURE })),
        ).toMatchObject({ code: 'NotFound' });
      });
    });

    describe('secrets', () => {
      it('stores sealed secrets as given and re-wraps their data keys', async () => {
        const tenant = await newTenant();
        const secret = sealed('kek-old');
        const stored = await tenant.putSecret(secret);
        expect(stored).toEqual({ ...secret, id: stored.id, tenantId: tenant.tenantId, createdAt: stored.createdAt });
        expect(await tenant.getSecret(stored.id)).toEqual(stored);
        const wrap = { wrappedKey: 'd3JhcHBlZA==', wrapIv: 'aXY=', wrapAuthTag: 'dGFn', kekId: 'kek-new' };
        await store.system.rewrapSecret(tenant.tenantId, stored.id, wrap);
        expect(await tenant.getSecret(stored.id)).toEqual({ ...stored, ...wrap });
        expect((await rejection(store.system.rewrapSecret((await newTenant()).tenantId, stored.id, wrap))).code).toBe('NotFound');
        expect(await tenant.deleteSecret(stored.id)).toBe(true);
        expect(await tenant.deleteSecret(stored.id)).toBe(false);
        expect(await tenant.getSecret(stored.id)).toBeUndefined();
      });

      it("lists every tenant's secrets in id order for key rotation", async () => {
        await withOwnStore(async (own) => {
          const stored = [];
          for (let i = 0; i < 3; i++) {
            const tenant = await newTenant(own);
            stored.push(await tenant.putSecret(sealed()), await tenant.putSecret(sealed()));
          }
          const { items } = await allPages((page) => own.system.listSecrets(page), 4);
          expect(items).toEqual([...stored].sort((a, b) => (a.id < b.id ? -1 : 1)));
        });
      });
    });

    describe('providers', () => {
      it('creates, lists, updates and deletes providers', async () => {
        const tenant = await newTenant();
        const secret = await tenant.putSecret(sealed());
        const aws = await tenant.createProvider({ type: 'aws', alias: 'prod', config: { roleArn: 'arn:aws:iam::1:role/x', regions: ['eu-west-1'] }, secretId: secret.id });
        expect(aws).toMatchObject({ tenantId: tenant.tenantId, type: 'aws', alias: 'prod', config: { roleArn: 'arn:aws:iam::1:role/x', regions: ['eu-west-1'] }, secretId: secret.id });
        expect(aws.lastTest).toBeUndefined();
        const snapshot = await tenant.createProvider({ type: 'snapshot', alias: 'offline', config: { path: '/data/s.jsonl.gz' } });
        expect(await tenant.getProvider(aws.id)).toEqual(aws);
        expect((await tenant.listProviders({ type: 'snapshot' })).items).toEqual([snapshot]);
        expect((await allPages((page) => tenant.listProviders(page), 1)).items.map((provider) => provider.id)).toEqual([aws.id, snapshot.id]);

        const lastTest = { at: T1, ok: false, error: { code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole' } };
        const updated = await tenant.updateProvider(aws.id, { alias: 'production', config: { roleArn: 'arn:aws:iam::1:role/y' }, lastTest });
        expect(updated).toMatchObject({ id: aws.id, alias: 'production', config: { roleArn: 'arn:aws:iam::1:role/y' }, lastTest, secretId: secret.id });
        expect(updated!.updatedAt >= aws.updatedAt).toBe(true);
        expect(await tenant.getProvider(aws.id)).toEqual(updated);

        // Deleting the secret leaves the provider without one.
        await tenant.deleteSecret(secret.id);
        expect((await tenant.getProvider(aws.id))?.secretId).toBeUndefined();
        expect(await rejection(tenant.updateProvider(aws.id, { secretId: randomUUID() }))).toMatchObject({ code: 'NotFound', field: 'secretId' });

        expect(await tenant.deleteProvider(snapshot.id)).toBe(true);
        expect(await tenant.deleteProvider(snapshot.id)).toBe(false);
        expect(await tenant.getProvider(snapshot.id)).toBeUndefined();
        expect(await tenant.updateProvider(snapshot.id, { alias: 'gone' })).toBeUndefined();
      });

      it('deleting a provider deletes its schedules, scans and findings', async () => {
        const tenant = await newTenant();
        const provider = await newProvider(tenant);
        const schedule = await tenant.createSchedule({ providerId: provider.id, cron: '0 * * * *', timezone: 'UTC', enabled: true, nextRunAt: FUTURE, createdBy: 'user:1' });
        const { scan } = await runScan(tenant, provider.id, [finding('gone-1')], T1);
        expect(await tenant.deleteProvider(provider.id)).toBe(true);
        expect(await tenant.getSchedule(schedule.id)).toBeUndefined();
        expect(await tenant.getScan(scan.id)).toBeUndefined();
        expect((await tenant.latestFindings({})).items).toEqual([]);
        expect(await tenant.getFinding('gone-1')).toBeUndefined();
      });
    });

    describe('scans', () => {
      it('creates scans queued, guards state changes and lists newest first', async () => {
        const tenant = await newTenant();
        const provider = await newProvider(tenant);
        const scan = await tenant.createScan({ providerId: provider.id, trigger: 'manual', scope: { regions: ['eu-west-1'] }, request: { checks: ['a'] }, createdBy: 'user:1' });
        expect(scan).toMatchObject({ tenantId: tenant.tenantId, providerId: provider.id, state: 'queued', trigger: 'manual', scope: { regions: ['eu-west-1'] }, request: { checks: ['a'] }, createdBy: 'user:1', progress: { percent: 0, resources: 0, findings: 0 } });
        expect(await tenant.getScan(scan.id)).toEqual(scan);

        expect(await tenant.updateScan(scan.id, { state: 'completed' }, ['running'])).toBe(false);
        expect(await tenant.updateScan(scan.id, { state: 'running', startedAt: T1, worker: 'host-1:42', leaseUntil: T2 }, ['queued'])).toBe(true);
        expect(await tenant.updateScan(scan.id, { state: 'running' }, ['queued'])).toBe(false);
        const progress = { percent: 50, resources: 120, findings: 300, accountsDone: 1, accountsTotal: 2 };
        expect(await tenant.updateScan(scan.id, { progress })).toBe(true);
        expect(await tenant.updateScan(scan.id, { state: 'failed', finishedAt: T2, error: { code: 'AccessDenied', message: 'denied' } }, ['running'])).toBe(true);
        expect(await tenant.getScan(scan.id)).toMatchObject({ state: 'failed', startedAt: T1, finishedAt: T2, worker: 'host-1:42', leaseUntil: T2, progress, error: { code: 'AccessDenied', message: 'denied' } });
        expect(await tenant.updateScan(randomUUID(), { state: 'running' })).toBe(false);
        expect((await rejection(tenant.updateScan(scan.id, { state: 'paused' as never }))).code).toBe('InvalidInput');

        const second = await tenant.createScan({ providerId: provider.id, trigger: 'schedule' });
        const otherProvider = await newProvider(tenant);
        const third = await tenant.createScan({ providerId: otherProvider.id, trigger: 'event' });
        const { items } = await allPages((page) => tenant.listScans(page), 2);
        expect(items.map((entry) => entry.id)).toEqual([third.id, second.id, scan.id]);
        expect((await tenant.listScans({ providerId: provider.id })).items.map((entry) => entry.id)).toEqual([second.id, scan.id]);
        expect((await tenant.listScans({ state: 'failed' })).items.map((entry) => entry.id)).toEqual([scan.id]);
      });

      it('refuses a scan of an unknown provider or schedule', async () => {
        const tenant = await newTenant();
        expect(await rejection(tenant.createScan({ providerId: randomUUID(), trigger: 'manual' }))).toMatchObject({ code: 'NotFound', field: 'providerId' });
        const provider = await newProvider(tenant);
        expect(await rejection(tenant.createScan({ providerId: provider.id, trigger: 'schedule', scheduleId: randomUUID() }))).toMatchObject({ code: 'NotFound', field: 'scheduleId' });
      });

      it('names the active scan of a provider: the running one, else the oldest queued', async () => {
        const tenant = await newTenant();
        const provider = await newProvider(tenant);
        expect(await tenant.activeScan(provider.id)).toBeUndefined();
        const first = await tenant.createScan({ providerId: provider.id, trigger: 'manual' });
        const second = await tenant.createScan({ providerId: provider.id, trigger: 'manual' });
        expect((await tenant.activeScan(provider.id))?.id).toBe(first.id);
        await tenant.updateScan(second.id, { state: 'running' });
        expect((await tenant.activeScan(provider.id))?.id).toBe(second.id);
        await tenant.updateScan(second.id, { state: 'completed' });
        await tenant.updateScan(first.id, { state: 'cancelled' });
        expect(await tenant.activeScan(provider.id)).toBeUndefined();
      });

      it('lists the unfinished scans of every tenant: queued, and running with an expired or no lease', async () => {
        await withOwnStore(async (own) => {
          const [first, second] = [await newTenant(own), await newTenant(own)];
          const [p1, p2] = [await newProvider(first), await newProvider(second)];
          const queued = await first.createScan({ providerId: p1.id, trigger: 'manual' });
          const expired = await second.createScan({ providerId: p2.id, trigger: 'manual' });
          await second.updateScan(expired.id, { state: 'running', leaseUntil: T1 });
          const held = await second.createScan({ providerId: p2.id, trigger: 'manual' });
          await second.updateScan(held.id, { state: 'running', leaseUntil: T3 });
          const done = await first.createScan({ providerId: p1.id, trigger: 'manual' });
          await first.updateScan(done.id, { state: 'completed', finishedAt: T1 });
          const unfinished = await own.system.unfinishedScans(T2);
          expect(unfinished.map((scan) => scan.id)).toEqual([queued.id, expired.id]);
        });
      });

      it('lists the last completed scans oldest first with the summary fields asked for', async () => {
        const tenant = await newTenant();
        const [provider, other] = [await newProvider(tenant), await newProvider(tenant)];
        const summary = (fail: number) => ({ total: { PASS: 10, FAIL: fail, MANUAL: 1, ERROR: 0, muted: 2 }, bySeverity: { critical: { FAIL: fail } }, byAccount: [{ accountId: '111111111111' }], resources: 7, label: 'x' });
        const finish = async (providerId: string, finishedAt: string, state: 'completed' | 'failed', fail: number) => {
          const scan = await tenant.createScan({ providerId, trigger: 'manual' });
          expect(await tenant.updateScan(scan.id, { state, finishedAt, summary: summary(fail) })).toBe(true);
          return scan.id;
        };
        // Created in another order than they finished: the order is the finish time.
        const third = await finish(provider.id, T3, 'completed', 3);
        const first = await finish(provider.id, T0, 'completed', 1);
        await finish(provider.id, T2, 'failed', 99);
        const second = await finish(other.id, T1, 'completed', 2);
        const running = await tenant.createScan({ providerId: provider.id, trigger: 'manual' });
        await tenant.updateScan(running.id, { state: 'running' });
        const noSummary = await tenant.createScan({ providerId: other.id, trigger: 'manual' });
        await tenant.updateScan(noSummary.id, { state: 'completed', finishedAt: T2 });

        const all = await tenant.completedScanSummaries({ fields: ['total', 'bySeverity', 'resources', 'label', 'absent'] });
        expect(all).toEqual([
          { scanId: first, providerId: provider.id, finishedAt: T0, summary: { total: summary(1).total, bySeverity: summary(1).bySeverity, resources: 7, label: 'x' } },
          { scanId: second, providerId: other.id, finishedAt: T1, summary: { total: summary(2).total, bySeverity: summary(2).bySeverity, resources: 7, label: 'x' } },
          { scanId: noSummary.id, providerId: other.id, finishedAt: T2, summary: {} },
          { scanId: third, providerId: provider.id, finishedAt: T3, summary: { total: summary(3).total, bySeverity: summary(3).bySeverity, resources: 7, label: 'x' } },
        ]);
        expect((await tenant.completedScanSummaries({ fields: ['total'], limit: 2 })).map((entry) => entry.scanId)).toEqual([noSummary.id, third]);
        expect(await tenant.completedScanSummaries({ providerId: provider.id, fields: ['total'] })).toEqual([
          { scanId: first, providerId: provider.id, finishedAt: T0, summary: { total: summary(1).total } },
          { scanId: third, providerId: provider.id, finishedAt: T3, summary: { total: summary(3).total } },
        ]);
        expect(await tenant.completedScanSummaries({ providerId: 'not-a-uuid', fields: ['total'] })).toEqual([]);
        expect(await (await newTenant()).completedScanSummaries({ providerId: provider.id, fields: ['total'] })).toEqual([]);
        expect(await rejection(tenant.completedScanSummaries({ fields: ["total') --"] }))).toMatchObject({ code: 'InvalidInput', field: 'fields' });
        expect(await rejection(tenant.completedScanSummaries({ fields: ['total'], limit: 0 }))).toMatchObject({ code: 'InvalidInput', field: 'limit' });
      });

      it("purges a tenant's scans finished before a time, with their findings", async () => {
        const tenant = await newTenant();
        const other = await newTenant();
        const provider = await newProvider(tenant);
        const otherProvider = await newProvider(other);
        const { scan: old } = await runScan(tenant, provider.id, [finding('old-1'), finding('old-2')], T0);
        const { scan: recent } = await runScan(tenant, provider.id, [finding('old-1')], T2);
        const { scan: othersOld } = await runScan(other, otherProvider.id, [finding('old-1')], T0);
        const running = await tenant.createScan({ providerId: provider.id, trigger: 'manual' });
        expect(await store.system.purgeScans(tenant.tenantId, T1)).toBe(1);
        expect(await tenant.getScan(old.id)).toBeUndefined();
        expect((await tenant.listFindings({ scanId: old.id, delta: ['new', 'changed', 'unchanged', 'resolved'] })).items).toEqual([]);
        expect(await tenant.getFinding('old-2', old.id)).toBeUndefined();
        expect(await tenant.getScan(recent.id)).toBeDefined();
        expect(await tenant.getScan(running.id)).toBeDefined();
        expect((await tenant.listFindings({ scanId: recent.id })).items.map((entry) => entry.uid)).toEqual(['old-1']);
        expect(await other.getScan(othersOld.id)).toBeDefined();
        expect(await store.system.purgeScans(tenant.tenantId, T1)).toBe(0);
      });
    });

    describe('findings', () => {
      it('computes deltas across three scans: new, then unchanged or changed, then resolved', async () => {
        const tenant = await newTenant();
        const provider = await newProvider(tenant);
        const first = await runScan(tenant, provider.id, [finding('a', { time: T0 }), finding('b', { time: T0 }), finding('c', { status: 'PASS', time: T0 }), finding('d', { time: T0 })], T0);
        expect(first.resolved).toBe(0);
        const scan1 = (await tenant.listFindings({ scanId: first.scan.id })).items;
        expect(scan1.map((entry) => [entry.uid, entry.delta])).toEqual([
          ['a', 'new'],
          ['b', 'new'],
          ['c', 'new'],
          ['d', 'new'],
        ]);

        // a stays failing, b passes now, c fails now, d is gone, e appears.
        const second = await runScan(
          tenant,
          provider.id,
          [finding('a', { time: T1 }), finding('b', { status: 'PASS', time: T1 }), finding('c', { time: T1 }), finding('e', { time: T1 })],
          T1,
        );
        expect(second.resolved).toBe(2);
        const reported = (await tenant.listFindings({ scanId: second.scan.id })).items;
        expect(reported.map((entry) => [entry.uid, entry.status, entry.delta])).toEqual([
          ['a', 'FAIL', 'unchanged'],
          ['b', 'PASS', 'resolved'],
          ['c', 'FAIL', 'changed'],
          ['e', 'FAIL', 'new'],
        ]);
        const a = reported.find((entry) => entry.uid === 'a')!;
        expect([a.firstSeen, a.lastSeen]).toEqual([T0, T1]);
        const resolved = (await tenant.listFindings({ scanId: second.scan.id, delta: ['resolved'] })).items;
        expect(resolved.map((entry) => [entry.uid, entry.status, entry.lastSeen])).toEqual([
          ['b', 'PASS', T1],
          ['d', 'FAIL', T0],
        ]);
        // The resolved copy of d is no current finding.
        expect((await tenant.latestFindings({})).items.map((entry) => entry.uid)).toEqual(['a', 'b', 'c', 'e']);

        // Third scan: only a is reported, now passing.
        const third = await runScan(tenant, provider.id, [finding('a', { status: 'PASS', time: T2 })], T2);
        expect(third.resolved).toBe(3);
        expect((await tenant.listFindings({ scanId: third.scan.id, delta: ['resolved'] })).items.map((entry) => [entry.uid, entry.status])).toEqual([
          ['a', 'PASS'],
          ['c', 'FAIL'],
          ['e', 'FAIL'],
        ]);
        const latest = (await tenant.latestFindings({})).items;
        expect(latest.map((entry) => [entry.uid, entry.status, entry.delta, entry.firstSeen, entry.lastSeen])).toEqual([['a', 'PASS', 'resolved', T0, T2]]);
        expect(await tenant.completeScanFindings(third.scan.id)).toEqual({ resolved: 3 });
      });

      it('stores a finding as given and reads it back by uid and scan', async () => {
        const tenant = await newTenant();
        const provider = await newProvider(tenant);
        const input = finding('full', {
          muted: { reason: 'accepted risk', rule: 'rule-1', expires: '2026-12-31' },
          error: { api: 's3:GetBucketPolicy', code: 'AccessDenied', message: 'denied' },
          severity: 'critical',
          status: 'ERROR',
        });
        const { scan } = await runScan(tenant, provider.id, [input], T1);
        const expected: StoredFinding = { ...input, tenantId: tenant.tenantId, scanId: scan.id, providerId: provider.id, delta: 'new', firstSeen: T1, lastSeen: T1 };
        expect(await tenant.getFinding('full', scan.id)).toEqual(expected);
        expect(await tenant.getFinding('full')).toEqual(expected);
        expect(await tenant.getFinding('missing')).toBeUndefined();
        expect(await tenant.getFinding('full', randomUUID())).toBeUndefined();
        const bare = finding('bare', { accountName: undefined, compliance: [] });
        const { scan: second } = await runScan(tenant, provider.id, [bare], T2);
        expect(await tenant.getFinding('bare', second.id)).toEqual({ ...bare, tenantId: tenant.tenantId, scanId: second.id, providerId: provider.id, delta: 'new', firstSeen: T1, lastSeen: T1 });
      });

      it('is idempotent per (scan, uid) and refuses batches for unknown or finished scans', async () => {
        const tenant = await newTenant();
        const provider = await newProvider(tenant);
        await runScan(tenant, provider.id, [finding('x1', { time: T0 })], T0);
        const { scan } = await runScan(tenant, provider.id, [], T1, { complete: false });
        const batch = [finding('x1', { status: 'PASS', time: T1 }), finding('x2', { time: T1 }), finding('x2', { status: 'PASS', time: T1 })];
        await tenant.insertFindings(scan.id, batch);
        const once = (await tenant.listFindings({ scanId: scan.id })).items;
        await tenant.insertFindings(scan.id, batch);
        await tenant.insertFindings(scan.id, [finding('x1', { status: 'FAIL', time: T2 })]);
        expect((await tenant.listFindings({ scanId: scan.id })).items).toEqual(once);
        expect(once.map((entry) => [entry.uid, entry.status, entry.delta])).toEqual([
          ['x1', 'PASS', 'resolved'],
          ['x2', 'FAIL', 'new'],
        ]);
        expect(await tenant.countFindings({ scanId: scan.id })).toEqual([
          { group: 'high', status: 'FAIL', muted: false, count: 1 },
          { group: 'high', status: 'PASS', muted: false, count: 1 },
        ]);
        expect(await tenant.completeScanFindings(scan.id)).toEqual({ resolved: 1 });
        expect(await tenant.completeScanFindings(scan.id)).toEqual({ resolved: 1 });
        await tenant.updateScan(scan.id, { state: 'completed', finishedAt: T2 });
        expect(await rejection(tenant.insertFindings(scan.id, [finding('x3')]))).toMatchObject({ code: 'InvalidInput', field: 'scanId' });
        expect(await rejection(tenant.insertFindings(randomUUID(), [finding('x3')]))).toMatchObject({ code: 'NotFound', field: 'scanId' });
        expect(await rejection(tenant.completeScanFindings(randomUUID()))).toMatchObject({ code: 'NotFound' });
        // The ignored repetitions left no trace: x1 was last seen at T1 with PASS.
        expect(await tenant.getFinding('x1', scan.id)).toMatchObject({ status: 'PASS', firstSeen: T0, lastSeen: T1 });
        const { scan: next } = await runScan(tenant, provider.id, [finding('x1', { status: 'PASS', time: T3 })], T3);
        expect(await tenant.getFinding('x1', next.id)).toMatchObject({ delta: 'unchanged', firstSeen: T0, lastSeen: T3 });
      });

      it('compares with the last completed scan, not with a failed one since', async () => {
        const tenant = await newTenant();
        const provider = await newProvider(tenant);
        await runScan(tenant, provider.id, [finding('f1', { time: T0 }), finding('f2', { time: T0 })], T0);
        const failed = await tenant.createScan({ providerId: provider.id, trigger: 'manual' });
        await tenant.updateScan(failed.id, { state: 'running' });
        await tenant.insertFindings(failed.id, [finding('f1', { status: 'PASS', time: T1 }), finding('f3', { time: T1 })]);
        await tenant.updateScan(failed.id, { state: 'failed', finishedAt: T1 });
        // The failed scan's rows are the latest ones meanwhile.
        expect((await tenant.latestFindings({})).items.map((entry) => [entry.uid, entry.scanId === failed.id])).toEqual([
          ['f1', true],
          ['f2', false],
          ['f3', true],
        ]);
        const { scan, resolved } = await runScan(tenant, provider.id, [finding('f1', { time: T2 }), finding('f3', { time: T2 })], T2);
        expect((await tenant.listFindings({ scanId: scan.id, delta: ['new', 'changed', 'unchanged', 'resolved'] })).items.map((entry) => [entry.uid, entry.delta])).toEqual([
          ['f1', 'unchanged'],
          ['f2', 'resolved'],
          ['f3', 'new'],
        ]);
        expect(resolved).toBe(1);
        expect((await tenant.latestFindings({})).items.map((entry) => [entry.uid, entry.scanId === scan.id])).toEqual([
          ['f1', true],
          ['f3', true],
        ]);
      });

      it('settles only what a targeted scan covered: outside findings keep their status, later scans compare per finding', async () => {
        const tenant = await newTenant();
        const provider = await newProvider(tenant);
        const at = (uid: string, checkId: string, region: string, status: FindingInput['status'], time: string) => finding(uid, { checkId, region, status, time });
        await runScan(
          tenant,
          provider.id,
          [at('a', 'aws/c1', 'eu-west-1', 'FAIL', T0), at('b', 'aws/c1', 'us-east-1', 'FAIL', T0), at('c', 'aws/c2', 'eu-west-1', 'FAIL', T0), at('d', 'aws/c1', 'eu-west-1', 'PASS', T0), at('g', 'aws/c1', 'global', 'FAIL', T0)],
          T0,
        );
        // A targeted scan of check c1 in eu-west-1 over buckets a, d and g: a passes now, d and g are gone.
        const event = { id: 'evt-1', source: 's3.amazonaws.com', name: 'PutBucketPolicy', time: T1, resources: ['arn:aws:s3:::a'] };
        const targeted = await tenant.createScan({ providerId: provider.id, trigger: 'event', event, scope: { checks: ['aws/c1'] } });
        expect(targeted.event).toEqual(event);
        await tenant.updateScan(targeted.id, { state: 'running' });
        await tenant.insertFindings(targeted.id, [at('a', 'aws/c1', 'eu-west-1', 'PASS', T1)]);
        const coverage = { checks: ['aws/c1'], regions: ['eu-west-1'], resources: ['arn:aws:s3:::a', 'arn:aws:s3:::d', 'arn:aws:s3:::g'] };
        expect(await tenant.completeScanFindings(targeted.id, coverage)).toEqual({ resolved: 2 });
        await tenant.updateScan(targeted.id, { state: 'completed', finishedAt: T1 });
        expect((await tenant.listFindings({ scanId: targeted.id, delta: ['new', 'changed', 'unchanged', 'resolved'] })).items.map((entry) => [entry.uid, entry.status, entry.delta])).toEqual([
          ['a', 'PASS', 'resolved'],
          ['g', 'FAIL', 'resolved'],
        ]);
        // b (another region) and c (another check) are untouched; d and g left the latest view.
        expect((await tenant.latestFindings({})).items.map((entry) => [entry.uid, entry.status, entry.scanId === targeted.id])).toEqual([
          ['a', 'PASS', true],
          ['b', 'FAIL', false],
          ['c', 'FAIL', false],
        ]);
        const history = (await tenant.findingHistory('a')).items;
        expect(history.map((entry) => [entry.status, entry.trigger, entry.event?.name])).toEqual([
          ['PASS', 'event', 'PutBucketPolicy'],
          ['FAIL', 'manual', undefined],
        ]);

        // A whole scan after it compares each finding with its own settled status.
        const { scan: full, resolved } = await runScan(
          tenant,
          provider.id,
          [at('a', 'aws/c1', 'eu-west-1', 'PASS', T2), at('b', 'aws/c1', 'us-east-1', 'FAIL', T2), at('c', 'aws/c2', 'eu-west-1', 'PASS', T2), at('d', 'aws/c1', 'eu-west-1', 'PASS', T2)],
          T2,
        );
        expect(resolved).toBe(1);
        expect((await tenant.listFindings({ scanId: full.id, delta: ['new', 'changed', 'unchanged', 'resolved'] })).items.map((entry) => [entry.uid, entry.delta])).toEqual([
          ['a', 'unchanged'],
          ['b', 'unchanged'],
          ['c', 'resolved'],
          ['d', 'new'],
        ]);
      });

      it('covers an IAM user named without its path under any path, and no other user', async () => {
        const tenant = await newTenant();
        const provider = await newProvider(tenant);
        const user = (uid: string, arn: string, time: string) => finding(uid, { checkId: 'aws/iam-user-mfa-enabled-console-access', region: 'global', resource: { uid: arn, name: arn.slice(arn.lastIndexOf('/') + 1), type: 'AwsIamUser' }, time });
        await runScan(tenant, provider.id, [user('u-bob', 'arn:aws:iam::111111111111:user/ops/bob', T0), user('u-bo_b', 'arn:aws:iam::111111111111:user/bo_b', T0), user('u-xbob', 'arn:aws:iam::111111111111:user/ops/xbob', T0)], T0);
        // bob was deleted: the re-scan reports nothing for him.
        const scan = await tenant.createScan({ providerId: provider.id, trigger: 'event' });
        await tenant.updateScan(scan.id, { state: 'running' });
        expect(await tenant.completeScanFindings(scan.id, { checks: ['aws/iam-user-mfa-enabled-console-access'], resources: ['arn:aws:iam::111111111111:user/bob'] })).toEqual({ resolved: 1 });
        await tenant.updateScan(scan.id, { state: 'completed', finishedAt: T1 });
        expect((await tenant.latestFindings({})).items.map((entry) => entry.uid)).toEqual(['u-bo_b', 'u-xbob']);
      });

      it('a targeted scan covering nothing reported leaves every finding as it was', async () => {
        const tenant = await newTenant();
        const provider = await newProvider(tenant);
        await runScan(tenant, provider.id, [finding('k1', { time: T0 }), finding('k2', { time: T0 })], T0);
        const scan = await tenant.createScan({ providerId: provider.id, trigger: 'event' });
        await tenant.updateScan(scan.id, { state: 'running' });
        expect(await tenant.completeScanFindings(scan.id, { checks: [], resources: [] })).toEqual({ resolved: 0 });
        await tenant.updateScan(scan.id, { state: 'completed', finishedAt: T1 });
        expect((await tenant.latestFindings({})).items.map((entry) => entry.uid)).toEqual(['k1', 'k2']);
        const { scan: next } = await runScan(tenant, provider.id, [finding('k1', { time: T2 }), finding('k2', { status: 'PASS', time: T2 })], T2);
        expect((await tenant.listFindings({ scanId: next.id })).items.map((entry) => [entry.uid, entry.delta])).toEqual([
          ['k1', 'unchanged'],
          ['k2', 'resolved'],
        ]);
      });

      it('stores batches of thousands and pages through every row once, in order', async () => {
        const tenant = await newTenant();
        const provider = await newProvider(tenant);
        const findings = Array.from({ length: 2_500 }, (_, index) =>
          finding(`bulk-${String(index).padStart(5, '0')}`, { severity: SEVERITIES[index % SEVERITIES.length], status: index % 3 === 0 ? 'PASS' : 'FAIL' }),
        );
        const { scan } = await runScan(tenant, provider.id, findings, T1);
        const { items, pages } = await allPages((page) => tenant.listFindings({ scanId: scan.id, ...page }), 400);
        expect(pages).toBe(7);
        expect(items).toHaveLength(2_500);
        expect(new Set(items.map((entry) => entry.uid)).size).toBe(2_500);
        const rank = (severity: Severity) => SEVERITIES.indexOf(severity);
        const expected = [...findings].sort((a, b) => rank(a.severity) - rank(b.severity) || (a.uid < b.uid ? -1 : 1)).map((entry) => entry.uid);
        expect(items.map((entry) => entry.uid)).toEqual(expected);
        const counts = await tenant.countFindings({ scanId: scan.id });
        expect(counts.reduce((sum, entry) => sum + entry.count, 0)).toBe(2_500);
        expect(counts.find((entry) => entry.group === 'critical' && entry.status === 'PASS')?.count).toBe(findings.filter((entry) => entry.severity === 'critical' && entry.status === 'PASS').length);
      });

      describe('queries', () => {
        let tenant: TenantStore;
        let providerId: string;
        let secondProviderId: string;
        let scanId: string;
        let all: FindingInput[];

        beforeAll(async () => {
          tenant = await newTenant();
          providerId = (await newProvider(tenant)).id;
          secondProviderId = (await newProvider(tenant)).id;
          const statuses: FindingStatus[] = ['FAIL', 'PASS', 'FAIL', 'MANUAL', 'ERROR'];
          all = Array.from({ length: 23 }, (_, index) =>
            finding(`q-${String(index).padStart(2, '0')}`, {
              status: statuses[index % statuses.length],
              severity: SEVERITIES[(index * 3) % SEVERITIES.length],
              checkId: index % 4 === 0 ? 'aws/iam-root-mfa' : 'aws/s3-bucket-public',
              service: index % 4 === 0 ? 'iam' : 's3',
              accountUid: index % 2 === 0 ? '111111111111' : '222222222222',
              region: index % 3 === 0 ? 'us-east-1' : 'eu-west-1',
              compliance: index % 5 === 0 ? ['cis-aws-3.0:1.10', 'cis-aws-3.0:1.2'] : ['cis-aws-3.0:1.1'],
              time: `2026-01-01T00:${String(index % 7).padStart(2, '0')}:00.000Z`,
              muted: index % 6 === 0 ? { reason: 'test', rule: 'r' } : undefined,
            }),
          );
          scanId = (await runScan(tenant, providerId, all, T1)).scan.id;
          await runScan(tenant, secondProviderId, [finding('q-00', { status: 'PASS', severity: 'low' }), finding('second-only')], T1);
        }, 120_000);

        const uidsOf = (page: Page<StoredFinding>) => page.items.map((entry) => entry.uid);
        const expectedUids = (predicate: (entry: FindingInput) => boolean) =>
          all
            .filter(predicate)
            .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || (a.uid < b.uid ? -1 : 1))
            .map((entry) => entry.uid);

        it.each<[string, FindingQuery, (entry: FindingInput) => boolean]>([
          ['status', { status: ['FAIL', 'ERROR'] }, (entry) => entry.status === 'FAIL' || entry.status === 'ERROR'],
          ['severity', { severity: ['critical', 'low'] }, (entry) => entry.severity === 'critical' || entry.severity === 'low'],
          ['accountUid', { accountUid: '222222222222' }, (entry) => entry.accountUid === '222222222222'],
          ['region', { region: 'us-east-1' }, (entry) => entry.region === 'us-east-1'],
          ['service', { service: 'iam' }, (entry) => entry.service === 'iam'],
          ['checkId', { checkId: 'aws/iam-root-mfa' }, (entry) => entry.checkId === 'aws/iam-root-mfa'],
          ['resourceUid', { resourceUid: 'arn:aws:s3:::q-07' }, (entry) => entry.uid === 'q-07'],
          ['compliance requirement', { compliance: 'cis-aws-3.0:1.1' }, (entry) => entry.compliance.includes('cis-aws-3.0:1.1')],
          ['compliance framework', { compliance: 'cis-aws-3.0' }, () => true],
          ['another framework', { compliance: 'cis-aws' }, () => false],
          // The checks a requirement's findings can come from narrow the rows read; the text still decides.
          ['compliance through its checks', { compliance: 'cis-aws-3.0:1.1', complianceChecks: ['aws/s3-bucket-public'] }, (entry) => entry.checkId === 'aws/s3-bucket-public' && entry.compliance.includes('cis-aws-3.0:1.1')],
          ['compliance through checks of none', { compliance: 'cis-aws-3.0:1.1', complianceChecks: [] }, () => false],
          ['muted', { muted: true }, (entry) => entry.muted !== undefined],
          ['unmuted', { muted: false }, (entry) => entry.muted === undefined],
          ['delta', { delta: ['new'] }, () => true],
          ['two filters', { status: ['FAIL'], region: 'eu-west-1' }, (entry) => entry.status === 'FAIL' && entry.region === 'eu-west-1'],
        ])('filters a scan by %s', async (_, query, predicate) => {
          const { items } = await allPages((page) => tenant.listFindings({ ...query, scanId, ...page }), 5);
          expect(items.map((entry) => entry.uid)).toEqual(expectedUids(predicate));
          const count = (await tenant.countFindings({ ...query, scanId })).reduce((sum, entry) => sum + entry.count, 0);
          expect(count).toBe(expectedUids(predicate).length);
        });

        it('filters the latest findings by provider and scan', async () => {
          const latest = await allPages((page) => tenant.latestFindings({ ...page }), 10);
          expect(latest.items).toHaveLength(25);
          expect(latest.items.filter((entry) => entry.uid === 'q-00').map((entry) => [entry.providerId, entry.status])).toEqual(
            expect.arrayContaining([
              [providerId, all[0]!.status],
              [secondProviderId, 'PASS'],
            ]),
          );
          // High before low severity.
          expect(uidsOf(await tenant.latestFindings({ providerId: secondProviderId }))).toEqual(['second-only', 'q-00']);
          // `scanId` is ignored by latestFindings; listFindings without one is the latest view too.
          expect(uidsOf(await tenant.latestFindings({ providerId: secondProviderId, scanId }))).toEqual(['second-only', 'q-00']);
          expect(uidsOf(await tenant.listFindings({ providerId: secondProviderId }))).toEqual(['second-only', 'q-00']);
          expect(uidsOf(await tenant.listFindings({ scanId: randomUUID() }))).toEqual([]);
        });

        it.each(['severity', '-severity', 'time', '-time', 'checkId', '-checkId', 'status', '-status'] as const)('sorts by %s across pages', async (sort) => {
          const { items } = await allPages((page) => tenant.listFindings({ scanId, sort, ...page }), 4);
          const field = sort.replace('-', '') as 'severity' | 'time' | 'checkId' | 'status';
          const sign = sort.startsWith('-') ? -1 : 1;
          const key = (entry: FindingInput) => (field === 'severity' ? SEVERITIES.indexOf(entry.severity) : entry[field]);
          const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
          const expected = [...all].sort((a, b) => sign * (compare(key(a), key(b)) || compare(a.uid, b.uid))).map((entry) => entry.uid);
          expect(items.map((entry) => entry.uid)).toEqual(expected);
        });

        it('rejects a cursor of another query, sort or list, and a malformed one', async () => {
          const first = await tenant.listFindings({ scanId, limit: 3, status: ['FAIL'] });
          expect(first.nextCursor).toBeDefined();
          const cursor = first.nextCursor!;
          expect(uidsOf(await tenant.listFindings({ scanId, limit: 3, status: ['FAIL'], cursor }))).toHaveLength(3);
          for (const query of [{ scanId, status: ['PASS'] as FindingStatus[] }, { scanId, status: ['FAIL'] as FindingStatus[], sort: 'time' as const }, { status: ['FAIL'] as FindingStatus[] }]) {
            expect((await rejection(tenant.listFindings({ ...query, cursor }))).code).toBe('InvalidCursor');
          }
          expect((await rejection(tenant.listFindings({ scanId, cursor: 'not-a-cursor' }))).code).toBe('InvalidCursor');
          expect((await rejection(tenant.listFindings({ scanId, cursor: Buffer.from('["x",1]').toString('base64url') }))).code).toBe('InvalidCursor');
          expect((await rejection(tenant.listProviders({ cursor }))).code).toBe('InvalidCursor');
          expect((await rejection((await newTenant()).listFindings({ scanId, limit: 3, status: ['FAIL'], cursor }))).code).toBe('InvalidCursor');
          expect((await rejection(tenant.listFindings({ scanId, limit: 0 }))).code).toBe('InvalidInput');
          expect((await rejection(tenant.listFindings({ scanId, limit: 1001 }))).code).toBe('InvalidInput');
        });

        it('counts per status and group, muted apart', async () => {
          const bySeverity = await tenant.countFindings({ scanId });
          for (const entry of bySeverity) {
            const matching = all.filter((input) => input.severity === entry.group && input.status === entry.status && (input.muted !== undefined) === entry.muted);
            expect(entry.count).toBe(matching.length);
          }
          expect(bySeverity.reduce((sum, entry) => sum + entry.count, 0)).toBe(23);
          const byService = await tenant.countFindings({ scanId, groupBy: 'service', status: ['FAIL'] });
          expect(byService).toEqual([
            { group: 'iam', status: 'FAIL', muted: false, count: all.filter((e) => e.service === 'iam' && e.status === 'FAIL' && !e.muted).length },
            { group: 'iam', status: 'FAIL', muted: true, count: all.filter((e) => e.service === 'iam' && e.status === 'FAIL' && e.muted).length },
            { group: 's3', status: 'FAIL', muted: false, count: all.filter((e) => e.service === 's3' && e.status === 'FAIL' && !e.muted).length },
            { group: 's3', status: 'FAIL', muted: true, count: all.filter((e) => e.service === 's3' && e.status === 'FAIL' && e.muted).length },
          ].filter((entry) => entry.count > 0));
          const latestByProvider = await tenant.countFindings({ groupBy: 'providerId' });
          expect(latestByProvider.filter((entry) => entry.group === secondProviderId).reduce((sum, entry) => sum + entry.count, 0)).toBe(2);
          expect(latestByProvider.filter((entry) => entry.group === providerId).reduce((sum, entry) => sum + entry.count, 0)).toBe(23);
        });
      });

      it("keeps a uid's history across scans, newest first, with the trigger", async () => {
        const tenant = await newTenant();
        const provider = await newProvider(tenant);
        const { scan: first } = await runScan(tenant, provider.id, [finding('h', { time: T0 })], T0);
        const second = await tenant.createScan({ providerId: provider.id, trigger: 'event' });
        await tenant.updateScan(second.id, { state: 'running' });
        await tenant.insertFindings(second.id, [finding('h', { status: 'PASS', time: T1, muted: { reason: 'r', rule: 'x' } })]);
        await tenant.completeScanFindings(second.id);
        await tenant.updateScan(second.id, { state: 'completed', finishedAt: T1 });
        await runScan(tenant, provider.id, [], T2);
        const { items } = await allPages((page) => tenant.findingHistory('h', page), 1);
        expect(items).toEqual([
          { scanId: second.id, status: 'PASS', muted: true, time: T1, trigger: 'event' },
          { scanId: first.id, status: 'FAIL', muted: false, time: T0, trigger: 'manual' },
        ]);
        expect((await tenant.findingHistory('nothing')).items).toEqual([]);
      });

      it('mutes and unmutes the latest findings a rule matches', async () => {
        const tenant = await newTenant();
        const provider = await newProvider(tenant);
        const inputs = [
          finding('m1', { region: 'eu-west-1' }),
          finding('m2', { region: 'us-east-1' }),
          finding('m3', { checkId: 'aws/other', region: 'eu-west-1' }),
          finding('m4', { accountUid: '222222222222' }),
        ];
        const { scan: old } = await runScan(tenant, provider.id, inputs, T0);
        const { scan } = await runScan(tenant, provider.id, inputs.map((input) => ({ ...input, time: T1 })), T1);
        const rule = await tenant.createMute({ checkId: 'aws/s3-bucket-public', region: '*', account: '111111111111', reason: 'accepted', createdBy: 'user:1' });
        expect(await tenant.getMute(rule.id)).toEqual(rule);
        expect(await tenant.setFindingsMuted(rule, { reason: 'accepted', rule: rule.id })).toBe(2);
        const muted = (await tenant.latestFindings({ muted: true })).items;
        expect(muted.map((entry) => [entry.uid, entry.muted])).toEqual([
          ['m1', { reason: 'accepted', rule: rule.id }],
          ['m2', { reason: 'accepted', rule: rule.id }],
        ]);
        expect((await tenant.listFindings({ scanId: scan.id, muted: true })).items.map((entry) => entry.uid)).toEqual(['m1', 'm2']);
        // Earlier scans stay as they were.
        expect((await tenant.listFindings({ scanId: old.id, muted: true })).items).toEqual([]);
        expect(await tenant.setFindingsMuted({ findingUid: 'm3' }, { reason: 'one', rule: 'uid-rule' })).toBe(1);
        expect(await tenant.setFindingsMuted({ checkId: 'aws/none' }, { reason: 'x', rule: 'y' })).toBe(0);
        expect(await tenant.setFindingsMuted(rule, undefined)).toBe(2);
        expect((await tenant.latestFindings({ muted: true })).items.map((entry) => entry.uid)).toEqual(['m3']);

        const second = await tenant.createMute({ findingUid: 'm3', reason: 'one', createdBy: 'user:1', expiresAt: FUTURE });
        expect((await allPages((page) => tenant.listMutes(page), 1)).items).toEqual([rule, second]);
        expect(await tenant.deleteMute(rule.id)).toBe(true);
        expect(await tenant.deleteMute(rule.id)).toBe(false);
        expect(await tenant.getMute(rule.id)).toBeUndefined();
      });

      it('keeps notes on findings', async () => {
        const tenant = await newTenant();
        const notes = [];
        for (const text of ['first', 'second', 'third']) notes.push(await tenant.addNote({ findingUid: 'n-1', text, author: 'user:1' }));
        await tenant.addNote({ findingUid: 'n-2', text: 'elsewhere', author: 'user:1' });
        expect(notes[0]).toMatchObject({ tenantId: tenant.tenantId, findingUid: 'n-1', text: 'first', author: 'user:1' });
        expect((await allPages((page) => tenant.listNotes('n-1', page), 2)).items).toEqual(notes);
      });
    });

    describe('schedules', () => {
      it('creates, lists, updates and deletes schedules', async () => {
        const tenant = await newTenant();
        const provider = await newProvider(tenant);
        const schedule = await tenant.createSchedule({ providerId: provider.id, cron: '0 3 * * *', timezone: 'Europe/Paris', scope: { regions: ['eu-west-3'] }, enabled: true, nextRunAt: T1, createdBy: 'user:1' });
        expect(schedule).toMatchObject({ tenantId: tenant.tenantId, providerId: provider.id, cron: '0 3 * * *', timezone: 'Europe/Paris', scope: { regions: ['eu-west-3'] }, enabled: true, nextRunAt: T1 });
        expect(await tenant.getSchedule(schedule.id)).toEqual(schedule);
        const updated = await tenant.updateSchedule(schedule.id, { cron: '0 4 * * *', enabled: false, nextRunAt: T2 });
        expect(updated).toEqual({ ...schedule, cron: '0 4 * * *', enabled: false, nextRunAt: T2 });
        const other = await tenant.createSchedule({ providerId: (await newProvider(tenant)).id, cron: '@daily', timezone: 'UTC', enabled: true, nextRunAt: T1, createdBy: 'user:1' });
        expect((await allPages((page) => tenant.listSchedules(page), 1)).items.map((entry) => entry.id)).toEqual([schedule.id, other.id]);
        expect((await tenant.listSchedules({ providerId: provider.id })).items.map((entry) => entry.id)).toEqual([schedule.id]);
        const scan = await tenant.createScan({ providerId: provider.id, trigger: 'schedule', scheduleId: schedule.id });
        expect(scan.scheduleId).toBe(schedule.id);
        expect(await tenant.deleteSchedule(schedule.id)).toBe(true);
        expect(await tenant.deleteSchedule(schedule.id)).toBe(false);
        expect(await tenant.getSchedule(schedule.id)).toBeUndefined();
        expect((await tenant.getScan(scan.id))?.scheduleId).toBeUndefined();
        expect(await tenant.updateSchedule(schedule.id, { enabled: true })).toBeUndefined();
        expect(await rejection(tenant.createSchedule({ providerId: randomUUID(), cron: '@daily', timezone: 'UTC', enabled: true, nextRunAt: T1, createdBy: 'u' }))).toMatchObject({ code: 'NotFound' });
      });

      it('leases each due schedule to one of two concurrent owners, and again once the lease expired', async () => {
        await withOwnStore(async (own, ownFixture) => {
          const another = ownFixture.openAnother ? await ownFixture.openAnother() : own;
          try {
            const due = [];
            for (const tenant of [await newTenant(own), await newTenant(own)]) {
              const provider = await newProvider(tenant);
              for (let i = 0; i < 6; i++) {
                due.push(await tenant.createSchedule({ providerId: provider.id, cron: '* * * * *', timezone: 'UTC', enabled: true, nextRunAt: `2026-01-01T00:0${i}:00.000Z`, createdBy: 'u' }));
              }
              await tenant.createSchedule({ providerId: provider.id, cron: '* * * * *', timezone: 'UTC', enabled: false, nextRunAt: T0, createdBy: 'u' });
              await tenant.createSchedule({ providerId: provider.id, cron: '* * * * *', timezone: 'UTC', enabled: true, nextRunAt: T3, createdBy: 'u' });
            }
            const leaseUntil = '2026-01-02T00:10:00.000Z';
            const [first, second] = await Promise.all([
              own.system.leaseDueSchedules(T1, 'owner-a', leaseUntil, 8),
              another.system.leaseDueSchedules(T1, 'owner-b', leaseUntil, 8),
            ]);
            const ids = [...first, ...second].map((schedule) => schedule.id);
            expect(new Set(ids).size).toBe(ids.length);
            expect([...ids].sort()).toEqual(due.map((schedule) => schedule.id).sort());
            expect(first.every((schedule) => schedule.leaseOwner === 'owner-a' && schedule.leaseUntil === leaseUntil)).toBe(true);
            expect(second.every((schedule) => schedule.leaseOwner === 'owner-b')).toBe(true);
            expect(first.length).toBeLessThanOrEqual(8);
            expect(await own.system.leaseDueSchedules(T1, 'owner-c', leaseUntil, 100)).toEqual([]);

            // A run recorded: lease released, next run later. The others' leases expire and pass on.
            const done = due[0]!;
            await own.system.completeScheduleRun(done.tenantId, done.id, { lastRunAt: T1, nextRunAt: T3 });
            expect(await own.forTenant(done.tenantId).getSchedule(done.id)).toMatchObject({ lastRunAt: T1, nextRunAt: T3, leaseOwner: undefined, leaseUntil: undefined });
            const later = await own.system.leaseDueSchedules(T2, 'owner-c', T3, 100);
            expect(later.map((schedule) => schedule.id).sort()).toEqual(due.slice(1).map((schedule) => schedule.id).sort());
            expect(later.map((schedule) => schedule.nextRunAt)).toEqual([...later.map((schedule) => schedule.nextRunAt)].sort());
          } finally {
            if (another !== own) await another.close();
          }
        });
      });
    });

    describe('audit log', () => {
      it('appends entries and lists them newest first, filtered by action and actor', async () => {
        const tenant = await newTenant();
        const login = await tenant.audit({ actor: 'user:1', action: 'auth.login', ip: '192.0.2.1', at: T0 });
        const update = await tenant.audit({ actor: 'user:1', action: 'provider.update', target: 'provider:p1', details: { fields: ['alias'] }, at: T1 });
        const key = await tenant.audit({ actor: 'api-key:k1', action: 'scan.start', target: 'scan:s1', at: T2 });
        expect(update).toMatchObject({ tenantId: tenant.tenantId, actor: 'user:1', action: 'provider.update', target: 'provider:p1', details: { fields: ['alias'] }, at: T1 });
        expect((await allPages((page) => tenant.listAudit(page), 2)).items).toEqual([key, update, login]);
        expect((await tenant.listAudit({ actor: 'user:1' })).items).toEqual([update, login]);
        expect((await tenant.listAudit({ action: 'auth.login' })).items).toEqual([login]);
        const stamped = await tenant.audit({ actor: 'system', action: 'retention.purge' });
        expect(Date.parse(stamped.at)).not.toBeNaN();
      });
    });

    describe('integrations and alerts', () => {
      it('creates, lists, updates and deletes integrations; their secret is a reference', async () => {
        const tenant = await newTenant();
        const secret = await tenant.putSecret(sealed());
        const webhook = await tenant.createIntegration({ type: 'webhook', name: 'SOC', config: { url: 'https://hooks.example.com/p' }, secretId: secret.id, enabled: true });
        expect(webhook).toMatchObject({ tenantId: tenant.tenantId, type: 'webhook', name: 'SOC', config: { url: 'https://hooks.example.com/p' }, secretId: secret.id, enabled: true });
        expect(webhook.createdAt).toBe(webhook.updatedAt);
        const slack = await tenant.createIntegration({ type: 'slack', name: 'alerts', config: {}, enabled: false });
        expect(slack.secretId).toBeUndefined();
        expect(await tenant.getIntegration(webhook.id)).toEqual(webhook);
        expect((await tenant.listIntegrations({ type: 'slack' })).items).toEqual([slack]);
        expect((await allPages((page) => tenant.listIntegrations(page), 1)).items.map((integration) => integration.id)).toEqual([webhook.id, slack.id]);

        const updated = await tenant.updateIntegration(slack.id, { name: 'security alerts', config: { channelLabel: '#sec' }, enabled: true, secretId: secret.id });
        expect(updated).toMatchObject({ id: slack.id, name: 'security alerts', config: { channelLabel: '#sec' }, enabled: true, secretId: secret.id });
        expect(updated!.updatedAt >= slack.updatedAt).toBe(true);
        expect(await tenant.getIntegration(slack.id)).toEqual(updated);
        expect(await rejection(tenant.updateIntegration(slack.id, { secretId: randomUUID() }))).toMatchObject({ code: 'NotFound', field: 'secretId' });
        expect(await rejection(tenant.createIntegration({ type: 'webhook', name: 'x', config: {}, secretId: 'not-a-uuid', enabled: true }))).toMatchObject({ code: 'NotFound', field: 'secretId' });

        // Deleting the secret leaves the integrations without one.
        expect(await tenant.deleteSecret(secret.id)).toBe(true);
        expect((await tenant.getIntegration(webhook.id))?.secretId).toBeUndefined();
        expect((await tenant.getIntegration(slack.id))?.secretId).toBeUndefined();

        expect(await tenant.deleteIntegration(slack.id)).toBe(true);
        expect(await tenant.deleteIntegration(slack.id)).toBe(false);
        expect(await tenant.getIntegration(slack.id)).toBeUndefined();
        expect(await tenant.updateIntegration(slack.id, { name: 'gone' })).toBeUndefined();
        expect(await tenant.getIntegration('not-a-uuid')).toBeUndefined();
      });

      it('creates, lists, updates and deletes alert rules with their body as given', async () => {
        const tenant = await newTenant();
        const body = { kind: 'finding', name: 'High failures', minSeverity: 'high', mode: 'each', dedupeWindowMinutes: 60, destinations: [randomUUID()], enabled: true };
        const rule = await tenant.createAlertRule({ name: body.name, enabled: true, body });
        expect(rule).toMatchObject({ tenantId: tenant.tenantId, name: 'High failures', enabled: true, body });
        const off = await tenant.createAlertRule({ name: 'Digest', enabled: false, body: { ...body, name: 'Digest', mode: 'digest', enabled: false } });
        expect(await tenant.getAlertRule(rule.id)).toEqual(rule);
        expect((await tenant.listAlertRules({ enabled: true })).items).toEqual([rule]);
        expect((await tenant.listAlertRules({ enabled: false })).items).toEqual([off]);
        expect((await allPages((page) => tenant.listAlertRules(page), 1)).items).toEqual([rule, off]);

        const changed = await tenant.updateAlertRule(off.id, { enabled: true, body: { ...off.body, enabled: true, minSeverity: 'critical' } });
        expect(changed).toMatchObject({ id: off.id, name: 'Digest', enabled: true, body: { minSeverity: 'critical', mode: 'digest' } });
        expect((await tenant.listAlertRules({ enabled: true })).items.map((item) => item.id)).toEqual([rule.id, off.id]);
        expect(await tenant.deleteAlertRule(off.id)).toBe(true);
        expect(await tenant.deleteAlertRule(off.id)).toBe(false);
        expect(await tenant.updateAlertRule(off.id, { name: 'gone' })).toBeUndefined();
        expect(await tenant.getAlertRule(off.id)).toBeUndefined();
      });

      it('records deliveries once per integration and notification, with their attempts, and lists them filtered, newest first', async () => {
        const tenant = await newTenant();
        const provider = await newProvider(tenant);
        const { scan } = await runScan(tenant, provider.id, [finding('delivered-1')], T1);
        const hook = await tenant.createIntegration({ type: 'webhook', name: 'hook', config: {}, enabled: true });
        const chat = await tenant.createIntegration({ type: 'slack', name: 'chat', config: {}, enabled: true });
        const ruleId = randomUUID();

        const first = await tenant.appendDelivery({ integrationId: hook.id, ruleId, notificationId: 'n-1', scanId: scan.id, kind: 'finding' });
        expect(first).toMatchObject({ tenantId: tenant.tenantId, integrationId: hook.id, ruleId, notificationId: 'n-1', scanId: scan.id, kind: 'finding', status: 'pending', attempts: [] });
        expect(first.lastError).toBeUndefined();
        expect(first.finishedAt).toBeUndefined();
        // One delivery per integration × notification; the same notification may go to another integration.
        expect(await rejection(tenant.appendDelivery({ integrationId: hook.id, ruleId, notificationId: 'n-1', scanId: scan.id, kind: 'finding' }))).toMatchObject({ code: 'Conflict' });
        const second = await tenant.appendDelivery({ integrationId: chat.id, ruleId, notificationId: 'n-1', scanId: scan.id, kind: 'finding' });
        const attempts = [
          { at: T1, ok: false, status: 503, code: 'HTTP_503', message: 'unavailable', durationMs: 12, retryable: true },
          { at: T2, ok: false, code: 'ECONNREFUSED', message: 'could not reach hooks.example.com (ECONNREFUSED)', durationMs: 3, retryable: true },
        ];
        const failed = await tenant.updateDelivery(first.id, { status: 'failed', attempts, lastError: { code: 'ECONNREFUSED', message: 'could not reach hooks.example.com (ECONNREFUSED)' }, finishedAt: T2 });
        expect(failed).toMatchObject({ id: first.id, status: 'failed', attempts, lastError: { code: 'ECONNREFUSED' }, finishedAt: T2 });
        const test = await tenant.appendDelivery({ integrationId: hook.id, notificationId: randomUUID(), kind: 'test', status: 'delivered', attempts: [{ at: T3, ok: true, status: 200, durationMs: 5 }], finishedAt: T3 });
        expect(test).toMatchObject({ status: 'delivered', kind: 'test', finishedAt: T3 });
        expect(test.ruleId).toBeUndefined();
        expect(test.scanId).toBeUndefined();

        expect((await allPages((page) => tenant.listDeliveries(page), 1)).items.map((delivery) => delivery.id)).toEqual([test.id, second.id, first.id]);
        expect((await tenant.listDeliveries({ integrationId: hook.id })).items.map((delivery) => delivery.id)).toEqual([test.id, first.id]);
        expect((await tenant.listDeliveries({ status: 'failed' })).items).toEqual([failed]);
        expect((await tenant.listDeliveries({ scanId: scan.id, status: 'pending' })).items.map((delivery) => delivery.id)).toEqual([second.id]);
        expect((await tenant.listDeliveries({ ruleId })).items).toHaveLength(2);
        expect((await tenant.listDeliveries({ integrationId: 'not-a-uuid' })).items).toEqual([]);
        const firstPage = await tenant.listDeliveries({ limit: 1, integrationId: hook.id });
        expect(await rejection(tenant.listDeliveries({ limit: 1, cursor: firstPage.nextCursor }))).toMatchObject({ code: 'InvalidCursor' });
        expect(await rejection(tenant.listDeliveries({ status: 'lost' as 'failed' }))).toMatchObject({ code: 'InvalidInput', field: 'status' });
        expect(await rejection(tenant.appendDelivery({ integrationId: hook.id, notificationId: 'n-2', kind: 'sms' as 'test' }))).toMatchObject({ code: 'InvalidInput', field: 'kind' });
        expect(await rejection(tenant.appendDelivery({ integrationId: hook.id, notificationId: 'n-3', scanId: randomUUID(), kind: 'digest' }))).toMatchObject({ code: 'NotFound', field: 'scanId' });
        expect(await tenant.updateDelivery(randomUUID(), { status: 'failed' })).toBeUndefined();
        expect(await tenant.updateDelivery(first.id, { lastError: null })).toMatchObject({ id: first.id, lastError: undefined });

        // Deliveries outlive their integration, and leave with their scan.
        expect(await tenant.deleteIntegration(hook.id)).toBe(true);
        expect((await tenant.listDeliveries({ integrationId: hook.id })).items).toHaveLength(2);
        expect(await tenant.deleteProvider(provider.id)).toBe(true);
        expect((await tenant.listDeliveries()).items.map((delivery) => delivery.id)).toEqual([test.id]);
      });

      it('keeps dedupe entries per key, replaces them, and purges the expired ones', async () => {
        const tenant = await newTenant();
        const other = await newTenant();
        expect(await tenant.getAlertDedupe('rule-1 FAIL uid-1')).toBeUndefined();
        await tenant.putAlertDedupe('rule-1 FAIL uid-1', T0, T1);
        await tenant.putAlertDedupe('rule-1 FAIL uid-2', T0, T3);
        expect(await tenant.getAlertDedupe('rule-1 FAIL uid-1')).toBe(T0);
        await tenant.putAlertDedupe('rule-1 FAIL uid-1', T2, T3);
        expect(await tenant.getAlertDedupe('rule-1 FAIL uid-1')).toBe(T2);
        await other.putAlertDedupe('rule-1 FAIL uid-3', T0, T1);
        expect(await tenant.purgeAlertDedupe(T2)).toBe(0);
        await tenant.putAlertDedupe('rule-1 FAIL uid-4', T0, T1);
        expect(await tenant.purgeAlertDedupe(T2)).toBe(1);
        expect(await tenant.getAlertDedupe('rule-1 FAIL uid-4')).toBeUndefined();
        expect(await tenant.getAlertDedupe('rule-1 FAIL uid-2')).toBe(T0);
        expect(await other.getAlertDedupe('rule-1 FAIL uid-3')).toBe(T0);
        expect(await rejection(tenant.putAlertDedupe('k', 'yesterday', T1))).toMatchObject({ code: 'InvalidInput', field: 'sentAt' });
      });
    });

    describe('tenant isolation', () => {
      it("makes another tenant's ids behave exactly like missing ones", async () => {
        const owner = await newTenant();
        const intruder = await newTenant();
        const user = await newUser();
        await owner.addMember(user.id, 'owner');
        await owner.createRole({ name: 'private-role', permissions: ['read'] });
        const invitation = await owner.createInvitation({ email: 'i@example.com', role: 'auditor', tokenHash: 'h', invitedBy: 'u', expiresAt: FUTURE });
        const key = await owner.createApiKey({ name: 'k', prefix: `pk_${unique()}`, hash: 'h', role: 'admin', createdBy: 'u' });
        const secret = await owner.putSecret(sealed());
        const provider = await owner.createProvider({ type: 'aws', alias: 'a', config: {}, secretId: secret.id });
        const schedule = await owner.createSchedule({ providerId: provider.id, cron: '@daily', timezone: 'UTC', enabled: true, nextRunAt: FUTURE, createdBy: 'u' });
        const { scan } = await runScan(owner, provider.id, [finding('secret-finding')], T1);
        const queued = await owner.createScan({ providerId: provider.id, trigger: 'manual' });
        const mute = await owner.createMute({ findingUid: 'secret-finding', reason: 'r', createdBy: 'u' });
        await owner.addNote({ findingUid: 'secret-finding', text: 'private', author: 'u' });
        await owner.audit({ actor: 'u', action: 'auth.login' });
        const integration = await owner.createIntegration({ type: 'webhook', name: 'private hook', config: { url: 'https://a.example.com' }, secretId: secret.id, enabled: true });
        const rule = await owner.createAlertRule({ name: 'private rule', enabled: true, body: { kind: 'finding', destinations: [integration.id] } });
        const delivery = await owner.appendDelivery({ integrationId: integration.id, ruleId: rule.id, notificationId: 'private-notification', scanId: scan.id, kind: 'finding' });
        await owner.putAlertDedupe('private-key', T0, FUTURE);

        // For each lookup: the intruder's answer for the owner's id equals its answer for a made-up id.
        const missing = randomUUID();
        const same = async <T>(call: (id: string) => Promise<T>, ownersId: string) => {
          const forOwners = await call(ownersId).catch((error: unknown) => (error instanceof StoreError ? error.code : Promise.reject(error)));
          const forMissing = await call(missing).catch((error: unknown) => (error instanceof StoreError ? error.code : Promise.reject(error)));
          expect(forOwners).toEqual(forMissing);
          return forOwners;
        };
        expect(await same((id) => intruder.getMember(id), user.id)).toBeUndefined();
        expect(await same((id) => intruder.removeMember(id), user.id)).toBe(false);
        expect(await same((id) => intruder.setMemberRole(id, 'auditor'), user.id)).toBe('NotFound');
        expect(await intruder.getRole('private-role')).toBeUndefined();
        expect(await intruder.deleteRole('private-role')).toBe(false);
        expect(await rejection(intruder.addMember((await newUser()).id, 'private-role'))).toMatchObject({ code: 'InvalidInput' });
        expect(await same((id) => intruder.acceptInvitation(id, T1), invitation.id)).toBeUndefined();
        expect(await same((id) => intruder.revokeApiKey(id, T1), key.id)).toBe(false);
        expect(await same((id) => intruder.getSecret(id), secret.id)).toBeUndefined();
        expect(await same((id) => intruder.deleteSecret(id), secret.id)).toBe(false);
        expect(await same((id) => intruder.getProvider(id), provider.id)).toBeUndefined();
        expect(await same((id) => intruder.updateProvider(id, { alias: 'mine' }), provider.id)).toBeUndefined();
        expect(await same((id) => intruder.deleteProvider(id), provider.id)).toBe(false);
        expect(await same((id) => intruder.createProvider({ type: 'aws', alias: 'x', config: {}, secretId: id }), secret.id)).toBe('NotFound');
        expect(await same((id) => intruder.createScan({ providerId: id, trigger: 'manual' }), provider.id)).toBe('NotFound');
        expect(await same((id) => intruder.createSchedule({ providerId: id, cron: '@daily', timezone: 'UTC', enabled: true, nextRunAt: T1, createdBy: 'u' }), provider.id)).toBe('NotFound');
        expect(await same((id) => intruder.getScan(id), scan.id)).toBeUndefined();
        expect(await same((id) => intruder.updateScan(id, { state: 'cancelled' }), queued.id)).toBe(false);
        expect(await same((id) => intruder.activeScan(id), provider.id)).toBeUndefined();
        expect(await same((id) => intruder.insertFindings(id, [finding('planted')]), queued.id)).toBe('NotFound');
        expect(await same((id) => intruder.completeScanFindings(id), scan.id)).toBe('NotFound');
        expect(await same((id) => intruder.listFindings({ scanId: id }), scan.id)).toEqual({ items: [] });
        expect(await same((id) => intruder.getFinding('secret-finding', id), scan.id)).toBeUndefined();
        expect(await same((id) => intruder.countFindings({ scanId: id }), scan.id)).toEqual([]);
        expect(await same((id) => intruder.setFindingsMuted({ providerId: id }, { reason: 'x', rule: 'y' }), provider.id)).toBe(0);
        expect(await same((id) => intruder.getMute(id), mute.id)).toBeUndefined();
        expect(await same((id) => intruder.deleteMute(id), mute.id)).toBe(false);
        expect(await same((id) => intruder.getSchedule(id), schedule.id)).toBeUndefined();
        expect(await same((id) => intruder.updateSchedule(id, { enabled: false }), schedule.id)).toBeUndefined();
        expect(await same((id) => intruder.deleteSchedule(id), schedule.id)).toBe(false);
        expect(await same((id) => intruder.listScans({ providerId: id }), provider.id)).toEqual({ items: [] });
        expect(await same((id) => intruder.listSchedules({ providerId: id }), provider.id)).toEqual({ items: [] });
        expect(await same((id) => intruder.getIntegration(id), integration.id)).toBeUndefined();
        expect(await same((id) => intruder.updateIntegration(id, { name: 'mine', enabled: false }), integration.id)).toBeUndefined();
        expect(await same((id) => intruder.deleteIntegration(id), integration.id)).toBe(false);
        expect(await same((id) => intruder.createIntegration({ type: 'webhook', name: 'x', config: {}, secretId: id, enabled: true }), secret.id)).toBe('NotFound');
        expect(await same((id) => intruder.getAlertRule(id), rule.id)).toBeUndefined();
        expect(await same((id) => intruder.updateAlertRule(id, { enabled: false }), rule.id)).toBeUndefined();
        expect(await same((id) => intruder.deleteAlertRule(id), rule.id)).toBe(false);
        expect(await same((id) => intruder.updateDelivery(id, { status: 'failed' }), delivery.id)).toBeUndefined();
        expect(await same((id) => intruder.appendDelivery({ integrationId: integration.id, notificationId: 'planted', scanId: id, kind: 'finding' }), scan.id)).toBe('NotFound');
        expect(await same((id) => intruder.listDeliveries({ integrationId: id }), integration.id)).toEqual({ items: [] });
        expect(await same((id) => intruder.listDeliveries({ scanId: id }), scan.id)).toEqual({ items: [] });
        expect(await same((id) => intruder.listDeliveries({ ruleId: id }), rule.id)).toEqual({ items: [] });
        expect(await intruder.getAlertDedupe('private-key')).toBeUndefined();
        expect(await intruder.purgeAlertDedupe(FUTURE)).toBe(0);
        // The same notification id and integration id in another tenant is that tenant's own delivery, not a conflict.
        expect(await intruder.appendDelivery({ integrationId: integration.id, notificationId: 'private-notification', kind: 'test' })).toMatchObject({ tenantId: intruder.tenantId });
        await intruder.putAlertDedupe('private-key', T1, T1);
        expect(await intruder.getFinding('secret-finding')).toBeUndefined();
        expect((await intruder.findingHistory('secret-finding')).items).toEqual([]);
        expect(await intruder.setFindingsMuted({ findingUid: 'secret-finding' }, { reason: 'x', rule: 'y' })).toBe(0);
        for (const list of [
          intruder.listMembers(),
          intruder.listInvitations(),
          intruder.listApiKeys(),
          intruder.listProviders(),
          intruder.listScans(),
          intruder.latestFindings({}),
          intruder.listMutes(),
          intruder.listNotes('secret-finding'),
          intruder.listSchedules(),
          intruder.listAudit(),
          intruder.listIntegrations(),
          intruder.listAlertRules(),
        ]) {
          expect((await list).items).toEqual([]);
        }
        expect(await intruder.listRoles()).toEqual([]);
        expect(await intruder.countFindings({})).toEqual([]);
        expect(await store.system.purgeScans(intruder.tenantId, FUTURE)).toBe(0);

        // The owner's data is untouched.
        expect(await owner.getMember(user.id)).toMatchObject({ role: 'owner' });
        expect(await owner.getProvider(provider.id)).toMatchObject({ alias: 'a', secretId: secret.id });
        expect(await owner.getScan(queued.id)).toMatchObject({ state: 'queued' });
        expect(await owner.getSchedule(schedule.id)).toMatchObject({ enabled: true });
        expect(await owner.getFinding('secret-finding')).toMatchObject({ scanId: scan.id, muted: undefined });
        expect((await owner.listScans()).items).toHaveLength(2);
        expect(await owner.getMute(mute.id)).toEqual(mute);
        expect(await store.system.findApiKeyByPrefix(key.prefix)).toMatchObject({ revokedAt: undefined });
        expect(await owner.getIntegration(integration.id)).toEqual(integration);
        expect(await owner.getAlertRule(rule.id)).toEqual(rule);
        expect((await owner.listDeliveries()).items).toEqual([delivery]);
        expect(await owner.getAlertDedupe('private-key')).toBe(T0);
      });
    });
  });
}
