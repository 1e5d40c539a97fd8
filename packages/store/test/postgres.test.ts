/**
 * The conformance suite on PostgreSQL, and row-level security shown directly: raw queries as the
 * application role, without any tenant condition, see one tenant or none. The server comes from
 * postgres-server.ts (PALISADE_TEST_DATABASE_URL, or a throwaway cluster started here).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type Store, type TenantStore } from '../src/index.ts';
import { APP_PRIVILEGES } from '../src/migrations.ts';
import { TENANT_COLUMN } from '../src/schema.ts';
import { describeStoreConformance } from './conformance.ts';
import { TestDatabases, findPostgres, type TestDatabase } from './postgres-server.ts';

const server = await findPostgres();
const skipped = 'skipped' in server ? server.skipped : undefined;
const databases = 'adminUrl' in server ? await TestDatabases.create(server.adminUrl) : undefined;

afterAll(async () => {
  await databases?.dispose();
  if ('stop' in server) await server.stop();
}, 120_000);

function open(database: TestDatabase, withOwner = true): Store {
  return createPostgresStore({ connectionString: database.appUrl, adminConnectionString: withOwner ? database.adminUrl : undefined, maxConnections: 4 });
}

if (!databases) {
  describe.skip(`PostgreSQL store (${skipped})`, () => {
    it('runs the conformance suite and the row-level security tests', () => undefined);
  });
} else {
  describeStoreConformance('PostgreSQL', async () => {
    const database = await databases.fresh();
    const store = open(database);
    return {
      store,
      openAnother: async () => open(database),
      dispose: async () => {
        await store.close();
        await database.drop();
      },
    };
  });

  describe('PostgreSQL row-level security', () => {
    let database: TestDatabase;
    let store: Store;
    let app: pg.Client;
    let tenants: TenantStore[];
    const tables = Object.keys(TENANT_COLUMN) as (keyof typeof TENANT_COLUMN)[];

    /** One row of every kind for a tenant, through the store. */
    async function populate(tenant: TenantStore): Promise<void> {
      const user = await store.system.createUser({ email: `${randomUUID()}@example.com`, passwordHash: 'h' });
      await tenant.addMember(user.id, 'owner');
      await tenant.createRole({ name: 'custom', permissions: ['read'] });
      await tenant.createInvitation({ email: 'i@example.com', role: 'auditor', tokenHash: 'h', invitedBy: 'u', expiresAt: '2030-01-01T00:00:00Z' });
      await tenant.createApiKey({ name: 'k', prefix: `pk_${randomUUID()}`, hash: 'h', role: 'admin', createdBy: 'u' });
      await store.system.createRefreshToken({ userId: user.id, tenantId: tenant.tenantId, hash: randomUUID(), familyId: randomUUID(), expiresAt: '2030-01-01T00:00:00Z' });
      const secret = await tenant.putSecret({ ciphertext: 'c', iv: 'i', authTag: 'a', wrappedKey: 'w', wrapIv: 'wi', wrapAuthTag: 'wa', kekId: 'k' });
      const provider = await tenant.createProvider({ type: 'aws', alias: 'a', config: {}, secretId: secret.id });
      await tenant.createSchedule({ providerId: provider.id, cron: '@daily', timezone: 'UTC', enabled: true, nextRunAt: '2030-01-01T00:00:00Z', createdBy: 'u' });
      const scan = await tenant.createScan({ providerId: provider.id, trigger: 'manual' });
      await tenant.updateScan(scan.id, { state: 'running' });
      await tenant.insertFindings(scan.id, [
        {
          uid: 'f-1',
          checkId: 'c',
          title: 't',
          service: 's3',
          status: 'FAIL',
          severity: 'high',
          message: 'm',
          provider: 'aws',
          accountUid: '1',
          region: 'eu-west-1',
          resource: { uid: 'r', name: 'r', type: 'bucket' },
          compliance: [],
          time: '2026-01-01T00:00:00Z',
        },
      ]);
      await tenant.createMute({ findingUid: 'f-1', reason: 'r', createdBy: 'u' });
      await tenant.addNote({ findingUid: 'f-1', text: 'n', author: 'u' });
      await tenant.audit({ actor: 'u', action: 'auth.login' });
      const integration = await tenant.createIntegration({ type: 'webhook', name: 'w', config: {}, secretId: secret.id, enabled: true });
      const rule = await tenant.createAlertRule({ name: 'r', enabled: true, body: { destinations: [integration.id] } });
      await tenant.appendDelivery({ integrationId: integration.id, ruleId: rule.id, notificationId: 'n-1', scanId: scan.id, kind: 'finding' });
      await tenant.putAlertDedupe('k', '2026-01-01T00:00:00Z', '2030-01-01T00:00:00Z');
    }

    /** Runs `work` as the application role in a transaction that is rolled back afterwards. */
    async function asApp<T>(settings: Record<string, string>, work: () => Promise<T>): Promise<T> {
      await app.query('BEGIN');
      try {
        for (const [name, value] of Object.entries(settings)) await app.query('SELECT set_config($1, $2, true)', [name, value]);
        return await work();
      } finally {
        await app.query('ROLLBACK');
      }
    }

    async function tenantsIn(table: string): Promise<string[]> {
      const { rows } = await app.query<{ tenant: string }>(`SELECT ${TENANT_COLUMN[table as keyof typeof TENANT_COLUMN]}::text AS tenant FROM ${table}`);
      return rows.map((row) => row.tenant);
    }

    async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
      try {
        await promise;
      } catch (error) {
        return error as { code?: string; message: string };
      }
      throw new Error('expected the statement to fail');
    }

    beforeAll(async () => {
      database = await databases.fresh();
      store = open(database);
      await store.migrate();
      tenants = [];
      for (const name of ['a', 'b']) {
        const tenant = store.forTenant((await store.system.createTenant({ name })).id);
        await populate(tenant);
        tenants.push(tenant);
      }
      app = new pg.Client({ connectionString: database.appUrl });
      await app.connect();
    }, 120_000);

    afterAll(async () => {
      await app?.end();
      await store?.close();
      await database?.drop();
    }, 120_000);

    it('enables and forces row-level security with a tenant policy on every table a tenant owns', async () => {
      const { rows } = await app.query<{ table: string; enabled: boolean; forced: boolean; policies: string[] }>(
        `SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
           ARRAY(SELECT p.policyname::text FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname ORDER BY 1) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE 'kysely%' ORDER BY 1`,
      );
      expect(rows.map((row) => row.table).sort()).toEqual(Object.keys(APP_PRIVILEGES).sort());
      for (const row of rows) {
        expect({ table: row.table, enabled: row.enabled, forced: row.forced }).toEqual({ table: row.table, enabled: true, forced: true });
        expect(row.policies).toContain(row.table === 'users' ? 'tenant_members' : 'tenant_isolation');
      }
      // Every table with a tenant_id column is covered.
      const { rows: withTenant } = await app.query<{ table: string }>(
        `SELECT table_name AS table FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id'`,
      );
      expect(withTenant.map((row) => row.table).every((table) => table in TENANT_COLUMN)).toBe(true);
    });

    it('connects as a role that is no superuser, has no BYPASSRLS and owns no table', async () => {
      const { rows } = await app.query<{ superuser: boolean; bypass: boolean; owned: number }>(
        `SELECT r.rolsuper AS superuser, r.rolbypassrls AS bypass,
           (SELECT count(*)::int FROM pg_tables t WHERE t.tableowner = current_user) AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
      );
      expect(rows).toEqual([{ superuser: false, bypass: false, owned: 0 }]);
    });

    it("shows a query without any tenant condition only the current tenant's rows, and no rows without a tenant", async () => {
      for (const [index, tenant] of tenants.entries()) {
        for (const table of tables) {
          const seen = await asApp({ 'app.tenant_id': tenant.tenantId }, () => tenantsIn(table));
          expect({ table, tenant: index, rows: seen.length > 0, others: seen.filter((id) => id !== tenant.tenantId) }).toEqual({ table, tenant: index, rows: true, others: [] });
        }
      }
      for (const table of [...tables, 'users']) {
        const { rows } = await app.query(`SELECT * FROM ${table}`);
        expect({ table, rows: rows.length }).toEqual({ table, rows: 0 });
      }
      // After a transaction that set a tenant, the setting reads back empty: still no rows.
      await asApp({ 'app.tenant_id': tenants[0]!.tenantId }, async () => undefined);
      expect((await app.query('SELECT * FROM findings')).rows).toEqual([]);
      // Users: a tenant sees its members only.
      const members = await asApp({ 'app.tenant_id': tenants[0]!.tenantId }, async () => (await app.query('SELECT id FROM users')).rows);
      expect(members).toHaveLength(1);
    });

    it('confines writes to the current tenant', async () => {
      const [a, b] = [tenants[0]!.tenantId, tenants[1]!.tenantId];
      const planted = await failure(
        asApp({ 'app.tenant_id': a }, () =>
          app.query(`INSERT INTO notes (id, tenant_id, finding_uid, text, author, created_at) VALUES ($1, $2, 'f-1', 'planted', 'x', now())`, [randomUUID(), b]),
        ),
      );
      expect(planted.code).toBe('42501');
      const moved = await failure(asApp({ 'app.tenant_id': a }, () => app.query('UPDATE providers SET tenant_id = $1', [b])));
      expect(moved.code).toBe('42501');
      await asApp({ 'app.tenant_id': a }, async () => {
        const updated = await app.query(`UPDATE providers SET alias = 'renamed'`);
        expect(updated.rowCount).toBe(1);
        const deleted = await app.query('DELETE FROM findings');
        expect(deleted.rowCount).toBe(1);
      });
      const untouched = await asApp({ 'app.tenant_id': b }, async () => (await app.query('SELECT alias FROM providers')).rows);
      expect(untouched).toEqual([{ alias: 'a' }]);
    });

    it('lets system operations reach only the tables and commands they need', async () => {
      await asApp({ 'app.system': 'on' }, async () => {
        expect((await app.query('SELECT id FROM scans')).rowCount).toBe(2);
        expect((await app.query('SELECT id FROM tenants')).rowCount).toBe(2);
        expect((await app.query('SELECT uid FROM findings')).rowCount).toBe(0);
        expect((await app.query('SELECT id FROM providers')).rowCount).toBe(0);
        expect((await app.query('SELECT id FROM audit_log')).rowCount).toBe(0);
        expect((await app.query(`UPDATE tenants SET name = 'x'`)).rowCount).toBe(0);
        expect((await app.query(`UPDATE scans SET state = 'failed'`)).rowCount).toBe(0);
        expect((await app.query(`UPDATE schedules SET lease_owner = 'x'`)).rowCount).toBe(2);
      });
      const inserted = await failure(
        asApp({ 'app.system': 'on' }, () =>
          app.query(`INSERT INTO tenants (id, name, created_at, external_id) VALUES ($1, 'x', now(), $2)`, [randomUUID(), randomUUID()]),
        ),
      );
      expect(inserted.code).toBe('42501');
    });

    it("keeps the schema and the audit log out of the application role's reach", async () => {
      const tenant = tenants[0]!.tenantId;
      expect((await failure(app.query('ALTER TABLE providers DISABLE ROW LEVEL SECURITY'))).code).toBe('42501');
      expect((await failure(app.query('DROP POLICY tenant_isolation ON findings'))).code).toBe('42501');
      expect((await failure(asApp({ 'app.tenant_id': tenant }, () => app.query(`UPDATE audit_log SET action = 'x'`)))).code).toBe('42501');
      expect((await failure(asApp({ 'app.tenant_id': tenant }, () => app.query('DELETE FROM audit_log')))).code).toBe('42501');
      expect((await failure(app.query('CREATE TABLE planted (id int)'))).code).toBe('42501');
    });

    it('refuses to run as a role that row-level security would not confine', async () => {
      const asOwner = createPostgresStore({ connectionString: database.adminUrl, maxConnections: 1 });
      try {
        await expect(asOwner.forTenant(tenants[0]!.tenantId).getTenant()).rejects.toThrow(/superuser/);
        await expect(asOwner.system.listTenants()).rejects.toThrow(/superuser/);
      } finally {
        await asOwner.close();
      }
    });

    it("migrates only with the owner's connection; without it migrate() checks the schema", async () => {
      const empty = await databases.fresh();
      const appOnly = open(empty, false);
      try {
        await expect(appOnly.migrate()).rejects.toThrow(/lacks migrations 0001_initial/);
        const withOwner = open(empty);
        await withOwner.migrate();
        await withOwner.close();
        await appOnly.migrate();
        const tenant = await appOnly.system.createTenant({ name: 'after' });
        expect((await appOnly.forTenant(tenant.id).getTenant()).name).toBe('after');
      } finally {
        await appOnly.close();
        await empty.drop();
      }
    });
  });
}
