/**
 * The conformance suite on DynamoDB (dynalite, in process: dynalite-server.ts), a table of its own
 * per store, and what is particular to DynamoDB: the table `migrate()` creates is the exported
 * definition, a missing table is named, every tenant item sits in a partition naming its tenant,
 * a second store on the table sees the first one's writes, and conditional writes hold under races.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DeleteTableCommand, DescribeTableCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError, type FindingInput, type ScanCoverage, type Store, type TenantStore } from '../src/index.ts';
import { createDynamoStore, dynamoTableDefinition } from '../src/dynamodb/index.ts';
import { describeStoreConformance } from './conformance.ts';
import { startDynalite, type Dynalite } from './dynalite-server.ts';

let dynamo: Dynalite;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

/** Stores on one new table; `dispose` closes them and deletes the table. */
function tableFixture() {
  const tableName = `palisade-test-${randomBytes(6).toString('hex')}`;
  const clients: DynamoDBClient[] = [];
  const open = (options: { createTable?: boolean } = {}): Store => {
    const client = dynamo.client();
    clients.push(client);
    return createDynamoStore({ tableName, client, createTable: options.createTable ?? true });
  };
  return {
    tableName,
    open,
    async dispose() {
      const client = dynamo.client();
      await client.send(new DeleteTableCommand({ TableName: tableName })).catch((error: unknown) => {
        if ((error as { name?: unknown }).name !== 'ResourceNotFoundException') throw error;
      });
      for (const each of [...clients, client]) each.destroy();
    },
  };
}

describeStoreConformance('DynamoDB (dynalite)', async () => {
  const table = tableFixture();
  const store = table.open();
  return { store, openAnother: async () => table.open(), dispose: () => table.dispose() };
});

describe('DynamoDB store', () => {
  it('creates the table of the exported definition: keys, indexes, on-demand capacity', async () => {
    const table = tableFixture();
    try {
      const store = table.open();
      expect(store.dialect).toBe('dynamodb');
      await store.migrate();
      const client = dynamo.client();
      const described = (await client.send(new DescribeTableCommand({ TableName: table.tableName }))).Table!;
      client.destroy();
      const definition = dynamoTableDefinition(table.tableName);
      expect(described.TableStatus).toBe('ACTIVE');
      expect(described.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(described.KeySchema).toEqual(definition.KeySchema);
      const attributes = (list: readonly { AttributeName?: string; AttributeType?: string }[] | undefined) =>
        [...(list ?? [])].map((entry) => `${entry.AttributeName}:${entry.AttributeType}`).sort();
      expect(attributes(described.AttributeDefinitions)).toEqual(attributes(definition.AttributeDefinitions));
      const indexes = (list: readonly { IndexName?: string; KeySchema?: unknown; Projection?: { ProjectionType?: string; NonKeyAttributes?: string[] } }[] | undefined) =>
        [...(list ?? [])]
          .map((index) => ({ name: index.IndexName, keys: index.KeySchema, projection: index.Projection?.ProjectionType, attributes: [...(index.Projection?.NonKeyAttributes ?? [])].sort() }))
          .sort((a, b) => String(a.name).localeCompare(String(b.name)));
      expect(indexes(described.GlobalSecondaryIndexes)).toEqual(indexes(definition.GlobalSecondaryIndexes));
      expect(indexes(described.GlobalSecondaryIndexes).map((index) => index.name)).toEqual(['history', 'queues']);
    } finally {
      await table.dispose();
    }
  });

  it('refuses to run on a missing table unless asked to create it, naming the table', async () => {
    const table = tableFixture();
    try {
      const store = table.open({ createTable: false });
      await expect(store.migrate()).rejects.toThrow(new RegExp(`table ${table.tableName} does not exist`));
      await table.open({ createTable: true }).migrate();
      await store.migrate();
      expect((await store.system.createTenant({ name: 'after' })).name).toBe('after');
    } finally {
      await table.dispose();
    }
  });

  it('lets errors other than a failed condition through with the service code', async () => {
    const client = dynamo.client();
    const store = createDynamoStore({ tableName: 'x', client });
    const failure = await store.system.createTenant({ name: 'n' }).catch((error: unknown) => error);
    client.destroy();
    expect(failure).not.toBeInstanceOf(StoreError);
    expect((failure as { name?: string }).name).toBe('ValidationException');
  });

  describe('on one table', () => {
    const table = tableFixture();
    let store: Store;
    let another: Store;

    beforeAll(async () => {
      store = table.open();
      await store.migrate();
      another = table.open();
    });
    afterAll(() => table.dispose());

    it('shows one store the writes of another on the same table', async () => {
      const tenant = await store.system.createTenant({ name: 'shared' });
      const provider = await store.forTenant(tenant.id).createProvider({ type: 'aws', alias: 'prod', config: { regions: ['eu-west-1'] } });
      expect(await another.forTenant(tenant.id).getProvider(provider.id)).toEqual(provider);
      expect((await another.system.listTenants()).items.map((entry) => entry.id)).toContain(tenant.id);
    });

    it('keeps every item of a tenant in a partition that names the tenant', async () => {
      const tenants = [await store.system.createTenant({ name: 'a' }), await store.system.createTenant({ name: 'b' })];
      for (const tenant of tenants) {
        const scope = store.forTenant(tenant.id);
        const user = await store.system.createUser({ email: `${randomUUID()}@example.com`, passwordHash: 'h' });
        await scope.addMember(user.id, 'owner');
        await scope.createApiKey({ name: 'k', prefix: `pk_${randomUUID()}`, hash: 'h', role: 'admin', createdBy: 'u' });
        const secret = await scope.putSecret({ ciphertext: 'c', iv: 'i', authTag: 'a', wrappedKey: 'w', wrapIv: 'wi', wrapAuthTag: 'wa', kekId: 'k' });
        const provider = await scope.createProvider({ type: 'aws', alias: 'a', config: {}, secretId: secret.id });
        const scan = await scope.createScan({ providerId: provider.id, trigger: 'manual' });
        await scope.updateScan(scan.id, { state: 'running' });
        await scope.insertFindings(scan.id, [
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
            time: '2026-01-01T00:00:00.000Z',
          },
        ]);
        await scope.completeScanFindings(scan.id);
        await scope.appendDelivery({ integrationId: randomUUID(), notificationId: 'n', scanId: scan.id, kind: 'finding' });
        await scope.audit({ actor: 'u', action: 'auth.login' });
      }
      const client = dynamo.client();
      const items = (await client.send(new ScanCommand({ TableName: table.tableName }))).Items ?? [];
      client.destroy();
      const installationWide = /^(USER|EMAIL|KEYPREFIX|KEYID|INVITATION|TOKEN|TOKENHASH|TOKENFAMILY)#/;
      const tenantIds = new Set<string>();
      for (const item of items) {
        const pk = item.pk!.S!;
        if (pk.startsWith('T#')) tenantIds.add(pk.slice(2, 38));
        else expect(pk).toMatch(installationWide);
        if (pk.startsWith('T#') && item.tenantId?.S !== undefined) expect(item.tenantId.S).toBe(pk.slice(2, 38));
      }
      for (const tenant of tenants) expect(tenantIds).toContain(tenant.id);
    });

    it('lets one of two stores win each conditional race', async () => {
      const tenant = await store.system.createTenant({ name: 'races' });
      const [mine, theirs] = [store.forTenant(tenant.id), another.forTenant(tenant.id)];
      const provider = await mine.createProvider({ type: 'aws', alias: 'a', config: {} });

      // One scan started twice: one transition from queued wins.
      const scan = await mine.createScan({ providerId: provider.id, trigger: 'manual' });
      const started = await Promise.all([mine.updateScan(scan.id, { state: 'running', worker: 'a' }, ['queued']), theirs.updateScan(scan.id, { state: 'running', worker: 'b' }, ['queued'])]);
      expect(started.filter(Boolean)).toHaveLength(1);
      expect((await mine.getScan(scan.id))?.worker).toBe(started[0] ? 'a' : 'b');

      // One e-mail address, one delivery per (integration, notification), one API key prefix.
      const email = `race-${randomUUID()}@example.com`;
      const users = await Promise.allSettled([store.system.createUser({ email, passwordHash: 'a' }), another.system.createUser({ email, passwordHash: 'b' })]);
      expect(users.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(users.find((result) => result.status === 'rejected')).toMatchObject({ reason: { code: 'Conflict', field: 'email' } });
      const integrationId = randomUUID();
      const deliveries = await Promise.allSettled([
        mine.appendDelivery({ integrationId, notificationId: 'n-race', scanId: scan.id, kind: 'finding' }),
        theirs.appendDelivery({ integrationId, notificationId: 'n-race', scanId: scan.id, kind: 'finding' }),
      ]);
      expect(deliveries.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect((await mine.listDeliveries({ integrationId })).items).toHaveLength(1);
      const prefix = `pk_${randomUUID()}`;
      const keys = await Promise.allSettled([mine.createApiKey({ name: 'a', prefix, hash: 'a', role: 'admin', createdBy: 'u' }), theirs.createApiKey({ name: 'b', prefix, hash: 'b', role: 'admin', createdBy: 'u' })]);
      expect(keys.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      // The loser's transaction left nothing behind: one key listed, found by its prefix.
      expect((await mine.listApiKeys()).items).toHaveLength(1);
      expect((await store.system.findApiKeyByPrefix(prefix))?.id).toBe((await mine.listApiKeys()).items[0]!.id);
    });

    it('finishes a batch cut short between its rows and the latest view when the batch is stored again', async () => {
      const tenant = await store.system.createTenant({ name: 'cut short' });
      const scope = store.forTenant(tenant.id);
      const provider = await scope.createProvider({ type: 'aws', alias: 'a', config: {} });
      const scan = await scope.createScan({ providerId: provider.id, trigger: 'manual' });
      await scope.updateScan(scan.id, { state: 'running' });
      const batch = ['c-1', 'c-2', 'c-3'].map((uid) => ({
        uid,
        checkId: 'c',
        title: 't',
        service: 's3',
        status: 'FAIL' as const,
        severity: 'high' as const,
        message: 'm',
        provider: 'aws',
        accountUid: '1',
        region: 'eu-west-1',
        resource: { uid: `arn:aws:s3:::${uid}`, name: uid, type: 'bucket' },
        compliance: [],
        time: '2026-01-01T00:00:00.000Z',
      }));
      // A process that stops after storing the rows: its batch writes fail.
      const failing = dynamo.client();
      failing.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'BatchWriteItemCommand') throw Object.assign(new Error('connection reset'), { name: 'NetworkingError' });
          return next(args);
        },
        { step: 'initialize', name: 'cutShort' },
      );
      const cut = createDynamoStore({ tableName: table.tableName, client: failing });
      await expect(cut.forTenant(tenant.id).insertFindings(scan.id, batch)).rejects.toThrow('connection reset');
      failing.destroy();
      expect((await scope.listFindings({ scanId: scan.id })).items.map((entry) => entry.uid)).toEqual(['c-1', 'c-2', 'c-3']);
      expect((await scope.latestFindings({})).items).toEqual([]);

      await scope.insertFindings(scan.id, batch);
      expect((await scope.latestFindings({})).items.map((entry) => [entry.uid, entry.scanId, entry.delta])).toEqual([
        ['c-1', scan.id, 'new'],
        ['c-2', scan.id, 'new'],
        ['c-3', scan.id, 'new'],
      ]);
      expect(await scope.completeScanFindings(scan.id)).toEqual({ resolved: 0 });
    });

    it('completes a scan page by page as it does in one page, settling writes included', async () => {
      // A second store on the table whose queries read three items a page.
      const client = dynamo.client();
      const sent: string[] = [];
      client.middlewareStack.add(
        (next, context) => async (args) => {
          sent.push(String(context.commandName));
          return next(args);
        },
        { step: 'initialize', name: 'countRequests' },
      );
      const paged = createDynamoStore({ tableName: table.tableName, client, queryPageSize: 3 });
      const finding = (index: number, status: FindingInput['status'], time: string): FindingInput => {
        const uid = `page-${String(index).padStart(2, '0')}`;
        return {
          uid,
          checkId: 'c',
          title: 't',
          service: 's3',
          status,
          severity: 'high',
          message: `${uid} ${status}`,
          provider: 'aws',
          accountUid: '1',
          region: index % 2 === 0 ? 'eu-west-1' : 'us-east-1',
          resource: { uid: `arn:aws:s3:::${uid}`, name: uid, type: 'bucket' },
          compliance: [],
          time,
        };
      };
      const range = (from: number, to: number) => Array.from({ length: to - from }, (_, offset) => from + offset);
      /** Scans of one provider: completed ones with and without coverage, one left running, one completed twice. */
      const scenario = async (scope: TenantStore) => {
        const provider = await scope.createProvider({ type: 'aws', alias: 'paged', config: {} });
        const seen: unknown[] = [];
        const scanOf = async (findings: readonly FindingInput[]) => {
          const scan = await scope.createScan({ providerId: provider.id, trigger: 'manual' });
          await scope.updateScan(scan.id, { state: 'running' });
          await scope.insertFindings(scan.id, findings);
          return scan.id;
        };
        const complete = async (scanId: string, coverage?: ScanCoverage) => {
          seen.push(await scope.completeScanFindings(scanId, coverage));
          const rows = await scope.listFindings({ scanId, delta: ['new', 'unchanged', 'changed', 'resolved'], limit: 100 });
          const latest = await scope.latestFindings({ limit: 100 });
          seen.push(
            rows.items.map((entry) => [entry.uid, entry.status, entry.delta, entry.time]),
            latest.items.map((entry) => [entry.uid, entry.status, entry.delta]),
          );
        };
        await complete(await scanOf(range(0, 20).map((index) => finding(index, index % 3 === 0 ? 'PASS' : 'FAIL', '2026-01-01T00:00:00.000Z'))));
        // Only eu-west-1 is covered: its uids not reported resolve, us-east-1's stay as they were.
        const regional = await scanOf(range(0, 20).filter((index) => index % 2 === 0 && index % 4 !== 2).map((index) => finding(index, index === 8 ? 'PASS' : 'FAIL', '2026-01-02T00:00:00.000Z')));
        await complete(regional, { regions: ['eu-west-1'] });
        // A scan never completed: its rows are the latest of its uids, but they settle elsewhere.
        await scanOf(range(10, 14).map((index) => finding(index, 'PASS', '2026-01-03T00:00:00.000Z')));
        const last = await scanOf(range(1, 9).map((index) => finding(index, 'FAIL', '2026-01-04T00:00:00.000Z')));
        await complete(last);
        await complete(last);
        return seen;
      };
      const inOnePage = await scenario(store.forTenant((await store.system.createTenant({ name: 'one page' })).id));
      sent.length = 0;
      const byPages = await scenario(paged.forTenant((await paged.system.createTenant({ name: 'pages' })).id));
      expect(byPages).toEqual(inOnePage);
      // The paged store read the 20 current items in pages of three, and settled them in batches.
      expect(sent.filter((name) => name === 'QueryCommand').length).toBeGreaterThan(40);
      expect(sent).toContain('BatchWriteItemCommand');
      // Resolved: none; one reported PASS and three covered failures dropped; seven failures dropped, three settled in rows of an earlier scan; the same again.
      expect(inOnePage.filter((_, index) => index % 3 === 0)).toEqual([{ resolved: 0 }, { resolved: 4 }, { resolved: 7 }, { resolved: 7 }]);
      client.destroy();
    });

    it('reports a settling write that fails, and completes on the next call', async () => {
      const tenant = await store.system.createTenant({ name: 'settling fails' });
      const scope = store.forTenant(tenant.id);
      const provider = await scope.createProvider({ type: 'aws', alias: 'a', config: {} });
      const uids = Array.from({ length: 60 }, (_, index) => `s-${String(index).padStart(2, '0')}`);
      const findings = uids.map((uid) => ({
        uid,
        checkId: 'c',
        title: 't',
        service: 's3',
        status: 'FAIL' as const,
        severity: 'high' as const,
        message: 'm',
        provider: 'aws',
        accountUid: '1',
        region: 'eu-west-1',
        resource: { uid: `arn:aws:s3:::${uid}`, name: uid, type: 'bucket' },
        compliance: [],
        time: '2026-01-01T00:00:00.000Z',
      }));
      const first = await scope.createScan({ providerId: provider.id, trigger: 'manual' });
      await scope.updateScan(first.id, { state: 'running' });
      await scope.insertFindings(first.id, findings);
      await scope.completeScanFindings(first.id);
      await scope.updateScan(first.id, { state: 'completed', finishedAt: '2026-01-01T00:01:00.000Z' });
      const second = await scope.createScan({ providerId: provider.id, trigger: 'manual' });
      await scope.updateScan(second.id, { state: 'running' });
      await scope.insertFindings(second.id, findings.slice(0, 10));

      // The second BatchWriteItem of the completion fails, in a store reading pages of 7.
      const failing = dynamo.client();
      let batches = 0;
      failing.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'BatchWriteItemCommand' && ++batches === 2) throw Object.assign(new Error('throughput exceeded'), { name: 'ProvisionedThroughputExceededException' });
          return next(args);
        },
        { step: 'initialize', name: 'failSecondBatch' },
      );
      const cut = createDynamoStore({ tableName: table.tableName, client: failing, queryPageSize: 7 });
      await expect(cut.forTenant(tenant.id).completeScanFindings(second.id)).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
      failing.destroy();

      // Completing again copies the failures the first call did not, and settles every uid.
      const again = await scope.completeScanFindings(second.id);
      const rows = await scope.listFindings({ scanId: second.id, delta: ['resolved'], limit: 100 });
      expect(rows.items.map((entry) => entry.uid)).toEqual(uids.slice(10));
      expect(again.resolved).toBe(50);
      expect((await scope.latestFindings({ limit: 100 })).items.map((entry) => [entry.uid, entry.scanId])).toEqual(uids.slice(0, 10).map((uid) => [uid, second.id]));
    });

    it('leases each due schedule once between two stores racing with small limits', async () => {
      const tenant = await store.system.createTenant({ name: 'leases' });
      const scope = store.forTenant(tenant.id);
      const provider = await scope.createProvider({ type: 'aws', alias: 'a', config: {} });
      const due = [];
      for (let i = 0; i < 9; i++) due.push(await scope.createSchedule({ providerId: provider.id, cron: '* * * * *', timezone: 'UTC', enabled: true, nextRunAt: `2026-01-01T00:0${i}:00.000Z`, createdBy: 'u' }));
      const now = '2026-01-02T00:00:00.000Z';
      const until = '2026-01-02T00:05:00.000Z';
      const rounds = await Promise.all([
        store.system.leaseDueSchedules(now, 'a', until, 2),
        another.system.leaseDueSchedules(now, 'b', until, 2),
        store.system.leaseDueSchedules(now, 'c', until, 2),
        another.system.leaseDueSchedules(now, 'd', until, 2),
      ]);
      const leased = rounds.flat().map((schedule) => schedule.id);
      expect(new Set(leased).size).toBe(8);
      expect(leased).toHaveLength(8);
      const rest = await store.system.leaseDueSchedules(now, 'e', until, 5);
      expect(rest.map((schedule) => schedule.id)).toEqual(due.map((schedule) => schedule.id).filter((id) => !leased.includes(id)));
      // Disabled, a schedule leaves the queue; enabled again, it returns.
      await scope.updateSchedule(due[0]!.id, { enabled: false, nextRunAt: now });
      expect(await store.system.leaseDueSchedules('2026-01-03T00:00:00.000Z', 'f', until, 100)).not.toContainEqual(expect.objectContaining({ id: due[0]!.id }));
      await scope.updateSchedule(due[0]!.id, { enabled: true });
      expect((await store.system.leaseDueSchedules('2026-01-03T00:00:00.000Z', 'g', until, 100)).map((schedule) => schedule.id)).toContain(due[0]!.id);
    });
  });
});
