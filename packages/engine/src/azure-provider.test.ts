/**
 * The Azure provider through the shared scan path, against a table of ARM and Graph answers: the
 * tenant and two enabled subscriptions discovered (a disabled one not scanned), one service denied
 * on one subscription (ERROR with ARM's code), a collector that throws (a scan error, its checks
 * ERROR `NotCollected`, never PASS), `--subscription-ids`, the same scopes collected as tasks, and
 * the snapshot format.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '@palisade/checks';
import { DEFAULT_CHECK_CONFIG, defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import type { Check, Fetched, Finding } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';
import type { AzureScopeSnapshot } from '@palisade/core/azure';
import type { AzureCollectorContext } from '@palisade/providers/azure';
import { TEST_TENANT_ID, armError, fakeAzure, graphError, page } from '@palisade/providers/azure/testing';
import { AZURE_PROVIDER, AZURE_SCOPE_ID_FORMAT, narrowAzureScope } from './azure-provider.ts';
import type { AzureConnectOptions, AzureLiveSource, AzureTransport } from './azure-provider.ts';
import { AZURE_TASKS } from './azure-tasks.ts';
import { DEFAULT_SCAN_CONFIG } from './config.ts';
import { parseMutelist } from './mutelist.ts';
import { parseScanRequest } from './request.ts';
import { runScan } from './run-scan.ts';
import { FIXTURE_SUBSCRIPTION, FIXTURE_TENANT } from '../test/fixtures/azure-transport.ts';
import { executeScan } from './scan.ts';
import type { ScanOptions, ScanResult } from './scan.ts';
import { SnapshotWriter } from './snapshot-io.ts';

const PROD = '7948bcee-488c-47ce-941c-38e20ede803d';
const DEV = '3b4e7a51-12c6-4d6c-b4f5-ae43c08e7a61';
const OLD = 'a1c0e4b2-52a6-4f7b-9b0e-7d36f5e1d0aa';

// ---- ARM and Graph as they answer ----

function subscription(subscriptionId: string, displayName: string, state = 'Enabled'): unknown {
  return {
    id: `/subscriptions/${subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId,
    tenantId: TEST_TENANT_ID,
    displayName,
    state,
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

function location(subscriptionId: string, name: string, displayName: string): unknown {
  return { id: `/subscriptions/${subscriptionId}/locations/${name}`, name, type: 'Region', displayName, regionalDisplayName: displayName, metadata: { regionType: 'Physical', regionCategory: 'Recommended' } };
}

function storageAccount(subscriptionId: string, name: string, where: string, httpsOnly: boolean): unknown {
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/${name}`,
    name,
    type: 'Microsoft.Storage/storageAccounts',
    location: where,
    kind: 'StorageV2',
    sku: { name: 'Standard_LRS', tier: 'Standard' },
    tags: { env: name.startsWith('prod') ? 'prod' : 'dev' },
    properties: { supportsHttpsTrafficOnly: httpsOnly, minimumTlsVersion: 'TLS1_2' },
  };
}

const STORAGE_API = 'Microsoft.Storage/storageAccounts/read';

function routes(): Record<string, unknown> {
  return {
    'GET /subscriptions': { value: [subscription(PROD, 'Production'), subscription(DEV, 'Development'), subscription(OLD, 'Legacy', 'Disabled')], count: { type: 'Total', value: 3 } },
    'GET /v1.0/organization': {
      value: [{ id: TEST_TENANT_ID, displayName: 'Contoso', verifiedDomains: [{ name: 'contoso-demo.onmicrosoft.com', isDefault: true, isInitial: true, type: 'Managed' }] }],
    },
    [`GET /subscriptions/${PROD}/locations`]: page([location(PROD, 'westeurope', 'West Europe'), location(PROD, 'eastus', 'East US')]),
    [`GET /subscriptions/${DEV}/locations`]: page([location(DEV, 'eastus', 'East US')]),
    [`GET /subscriptions/${PROD}/providers/Microsoft.Storage/storageAccounts`]: page([storageAccount(PROD, 'prodlogs', 'eastus', true), storageAccount(PROD, 'prodarchive', 'westeurope', false)]),
    [`GET /subscriptions/${DEV}/providers/Microsoft.Storage/storageAccounts`]: armError(
      403,
      'AuthorizationFailed',
      `The client 'scanner' with object id '0c5b5f4c-1c4e-4b4a-9f0e-2d4b6f6f1a11' does not have authorization to perform action '${STORAGE_API}' over scope '/subscriptions/${DEV}' or the scope is invalid.`,
    ),
    'GET /v1.0/policies/authorizationPolicy': { id: 'authorizationPolicy', allowInvitesFrom: 'adminsAndGuestInviters', defaultUserRolePermissions: { allowedToCreateApps: false } },
  };
}

// ---- Stand-in collectors and checks over them (the service families bring the real ones) ----

interface StubStorageAccount {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Record<string, string>;
  readonly properties: { readonly supportsHttpsTrafficOnly: boolean };
}
interface StubStorage {
  readonly accounts: Fetched<readonly StubStorageAccount[]>;
}
interface StubEntra {
  readonly authorizationPolicy: Fetched<{ readonly defaultUserRolePermissions: { readonly allowedToCreateApps: boolean } } | null>;
}

const collectors: AzureTransport['collectors'] = {
  storage: {
    collect: async (context: AzureCollectorContext): Promise<StubStorage> => ({
      accounts: await context.arm.list<StubStorageAccount>(STORAGE_API, `/subscriptions/${context.subscriptionId}/providers/Microsoft.Storage/storageAccounts`, '2023-05-01'),
    }),
  },
  entra: {
    collect: async (context: AzureCollectorContext): Promise<StubEntra> => ({
      authorizationPolicy: await context.graph.get('graph:policies.authorizationPolicy.get', '/policies/authorizationPolicy'),
    }),
  },
  keyvault: {
    collect: async (context: AzureCollectorContext) => {
      if (context.subscriptionId === DEV) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      return { vaults: { value: [] } };
    },
  },
};

const storageHttpsOnly = defineCheck({
  id: 'azure/test-storage-https-only',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'medium',
  title: 'Storage accounts accept HTTPS only',
  description: 'Stand-in check of the engine tests.',
  risk: 'Plain HTTP can be read on the way.',
  remediation: { summary: 'Require secure transfer.' },
  references: [],
  categories: ['encryption'],
  evaluate: (scope: AzureScopeSnapshot) =>
    withService(scope, 'storage', (data) =>
      eachFetched((data as unknown as StubStorage).accounts, scopeResource(scope), (account) => {
        const ref = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        return account.properties.supportsHttpsTrafficOnly ? pass(ref, `${account.name} accepts HTTPS only.`) : fail(ref, `${account.name} accepts plain HTTP.`);
      }),
    ),
});

const entraAppCreation = defineCheck({
  id: 'azure/test-entra-users-cannot-create-apps',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/authorizationPolicy',
  severity: 'medium',
  title: 'Users cannot register applications',
  description: 'Stand-in check of the engine tests.',
  risk: 'Any user can create an application identity.',
  remediation: { summary: 'Turn off app registration for users.' },
  references: [],
  categories: ['identity-and-access'],
  evaluate: (scope: AzureScopeSnapshot) =>
    withService(scope, 'entra', (data) =>
      fromFetched((data as unknown as StubEntra).authorizationPolicy, scopeResource(scope), (policy) => [
        policy?.defaultUserRolePermissions.allowedToCreateApps === false ? pass(scopeResource(scope), 'Users cannot register applications.') : fail(scopeResource(scope), 'Users can register applications.'),
      ]),
    ),
});

const keyvaultListed = defineCheck({
  id: 'azure/test-keyvault-listed',
  provider: 'azure',
  service: 'keyvault',
  requires: ['keyvault'],
  resourceType: 'Microsoft.KeyVault/vaults',
  severity: 'low',
  title: 'Key vaults are listed',
  description: 'Stand-in check of the engine tests.',
  risk: 'None.',
  remediation: { summary: 'None.' },
  references: [],
  categories: ['encryption'],
  evaluate: (scope: AzureScopeSnapshot) => withService(scope, 'keyvault', () => [pass(scopeResource(scope), 'Key vaults were listed.')]),
});

const CHECKS: readonly Check[] = [entraAppCreation, storageHttpsOnly, keyvaultListed];

// ---- Running scans ----

function source(connect: Partial<AzureConnectOptions> = {}, table = routes()): { readonly source: AzureLiveSource; readonly requests: () => readonly string[]; readonly unmatched: readonly string[] } {
  const fake = fakeAzure(table);
  return {
    source: { kind: 'azure', connect: { cloud: 'AzureCloud', transport: { http: fake.transport, tokens: async () => 'test-token', collectors }, ...connect } },
    requests: () => fake.requests.map((request) => `${request.method} ${new URL(request.url).pathname}`),
    unmatched: fake.unmatched,
  };
}

async function scan(options: Partial<ScanOptions> & Pick<ScanOptions, 'source'>): Promise<{ readonly result: ScanResult; readonly findings: Finding[] }> {
  const findings: Finding[] = [];
  const result = await executeScan({
    provider: 'azure',
    checks: CHECKS,
    config: { ...DEFAULT_SCAN_CONFIG, checks: DEFAULT_CHECK_CONFIG },
    sinks: [{ receives: 'all', write: async (batch) => void findings.push(...batch) }],
    productVersion: 'test',
    now: () => new Date('2026-06-01T12:00:00.000Z'),
    ...options,
  });
  return { result, findings };
}

const byResource = (findings: readonly Finding[]) =>
  findings.map((finding) => `${finding.check.id} ${finding.status} ${finding.accountId} ${finding.resource.uid}${finding.error ? ` ${finding.error.code}` : ''}`).sort();

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'palisade-azure-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('live Azure scan', () => {
  it('scans the tenant and every enabled subscription, with errors as data', async () => {
    const live = source();
    const { result, findings } = await scan({ source: live.source });
    expect(live.unmatched).toEqual([]);
    expect([...result.accountsScanned].sort()).toEqual([DEV, PROD, TEST_TENANT_ID].sort());
    expect(result.notScanned).toEqual([`subscription ${OLD} (Legacy): Disabled, not scanned`]);
    expect(byResource(findings)).toEqual(
      [
        `azure/test-entra-users-cannot-create-apps PASS ${TEST_TENANT_ID} /tenants/${TEST_TENANT_ID}`,
        `azure/test-storage-https-only PASS ${PROD} /subscriptions/${PROD}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/prodlogs`,
        `azure/test-storage-https-only FAIL ${PROD} /subscriptions/${PROD}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/prodarchive`,
        // Denied: ERROR with ARM's own code, never "no storage accounts".
        `azure/test-storage-https-only ERROR ${DEV} /subscriptions/${DEV} AuthorizationFailed`,
        `azure/test-keyvault-listed PASS ${PROD} /subscriptions/${PROD}`,
        // The collector threw: its checks report NotCollected, never PASS.
        `azure/test-keyvault-listed ERROR ${DEV} /subscriptions/${DEV} NotCollected`,
      ].sort(),
    );
    expect(result.errors).toEqual([
      { accountId: DEV, service: 'keyvault', error: { api: 'keyvault:*', code: 'ECONNRESET', message: 'keyvault could not be collected: socket hang up' } },
    ]);
    // Counters come from the clients: per ARM namespace and for Graph.
    expect(result.apiCounters['Microsoft.Storage']).toMatchObject({ calls: 2, errors: 1, errorCodes: { AuthorizationFailed: 1 } });
    expect(result.apiCounters['graph']).toMatchObject({ calls: 2, errors: 0 });
    expect(result.apiCounters['Microsoft.Resources']).toMatchObject({ calls: 3 });
  });

  it('describes each finding’s scope: kind, display name and the tenant as organization', async () => {
    const { findings } = await scan({ source: source().source });
    const tenant = findings.find((finding) => finding.accountId === TEST_TENANT_ID)!;
    expect(tenant).toMatchObject({ provider: 'azure', scopeKind: 'tenant', accountName: 'contoso-demo.onmicrosoft.com', region: 'global', organization: { organizationId: TEST_TENANT_ID } });
    expect(tenant.partition).toBeUndefined();
    const storage = findings.find((finding) => finding.resource.name === 'prodarchive')!;
    expect(storage).toMatchObject({ scopeKind: 'subscription', accountName: 'Production', region: 'westeurope', resource: { type: 'Microsoft.Storage/storageAccounts', tags: { env: 'prod' } } });
  });

  it('narrows to --subscription-ids and names the ones it cannot see', async () => {
    const unknown = 'ffffffff-0000-4000-8000-000000000000';
    const live = source({ subscriptionIds: [DEV, unknown] });
    const { result } = await scan({ source: live.source });
    expect([...result.accountsScanned].sort()).toEqual([DEV, TEST_TENANT_ID].sort());
    expect(result.notScanned).toEqual([`subscription ${unknown}: not visible to the signed-in identity (no role on it, or another tenant)`]);
    expect(live.requests()).not.toContain(`GET /subscriptions/${PROD}/providers/Microsoft.Storage/storageAccounts`);
  });

  it('does not scan a scope none of the selected checks reads, and reads no locations for --region', async () => {
    const live = source({ regions: ['eastus'] });
    const { result, findings } = await scan({ source: live.source, checks: [storageHttpsOnly] });
    expect([...result.accountsScanned].sort()).toEqual([DEV, PROD].sort());
    expect(live.requests().filter((request) => request.endsWith('/locations'))).toEqual([]);
    // The westeurope account is outside the requested locations.
    expect(findings.map((finding) => finding.resource.name)).not.toContain('prodarchive');
  });

  it('records a denied location listing as the subscription’s error', async () => {
    const table = { ...routes(), [`GET /subscriptions/${DEV}/locations`]: armError(403, 'AuthorizationFailed') };
    const { result } = await scan({ source: source({}, table).source, checks: [storageHttpsOnly] });
    expect(result.errors).toContainEqual(expect.objectContaining({ accountId: DEV, error: expect.objectContaining({ api: 'Microsoft.Resources/subscriptions/locations/read', code: 'AuthorizationFailed' }) }));
  });

  it('scans the subscriptions when Graph denies the organization, the tenant named by its id', async () => {
    const table = { ...routes(), 'GET /v1.0/organization': graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') };
    const { result, findings } = await scan({ source: source({}, table).source });
    expect(findings.find((finding) => finding.scopeKind === 'tenant')?.accountName).toBe(TEST_TENANT_ID);
    expect(result.errors).toContainEqual({ accountId: TEST_TENANT_ID, error: expect.objectContaining({ api: 'graph:organization.list', code: 'Authorization_RequestDenied' }) });
  });

  it('mutes by subscription and tenant ids, whatever their case', async () => {
    const mutelist = parseMutelist(
      `Mutelist:\n  Accounts:\n    "${PROD.toUpperCase()}":\n      Checks:\n        "test-storage-https-only":\n          Regions: ["*"]\n          Resources: ["*"]\n          Reason: archive account reviewed\n`,
      'mutelist.yaml',
      new Date('2026-06-01T00:00:00Z'),
      AZURE_SCOPE_ID_FORMAT,
    );
    const { findings } = await scan({ source: source().source, mutelist });
    const storage = findings.filter((finding) => finding.accountId === PROD && finding.check.id === 'azure/test-storage-https-only');
    expect(storage.map((finding) => finding.muted?.reason)).toEqual(['archive account reviewed', 'archive account reviewed']);
    expect(() => parseMutelist('Mutelist:\n  Accounts:\n    "123456789012":\n      Checks: {}\n', 'm.yaml', new Date(), AZURE_SCOPE_ID_FORMAT)).toThrow(/an Azure subscription or tenant id \(a GUID\)/);
  });

  it('saves the collected scopes to a snapshot that scans offline to the same findings', async () => {
    const path = join(work, 'live.json.gz');
    const live = await scan({ source: source().source, snapshotOut: path });
    const offline = await scan({ source: { kind: 'snapshot', path } });
    expect(byResource(offline.findings)).toEqual(byResource(live.findings));
    expect(offline.result.errors).toEqual(live.result.errors.filter((error) => error.service !== undefined || error.accountId !== TEST_TENANT_ID));
  });
});

describe('Azure tasks', () => {
  it('plans the tenant and each subscription as one group, and assembles what the in-process scan collects', async () => {
    const live = source();
    const runtime = await AZURE_TASKS.createRuntime(live.source, { options: { config: DEFAULT_SCAN_CONFIG }, onProgress: () => {} });
    const discovery = await AZURE_TASKS.discover(runtime, () => true);
    expect(discovery.targets.map((target) => [target.accountId, target.access?.['scope']])).toEqual([
      [TEST_TENANT_ID, 'tenant'],
      [PROD, 'subscription'],
      [DEV, 'subscription'],
    ]);
    const services = new Set(['entra', 'storage', 'keyvault']);
    const snapshots: AzureScopeSnapshot[] = [];
    for (const target of discovery.targets) {
      const prepared = (await AZURE_TASKS.prepare(runtime, target, services, () => true))!;
      expect(prepared.groups).toEqual([{ name: 'global', location: 'global', services: target.accountId === TEST_TENANT_ID ? ['entra'] : ['storage', 'keyvault'] }]);
      // Parts travel as JSON between processes.
      const parts = await Promise.all(prepared.groups.map(async (group) => JSON.parse(JSON.stringify((await AZURE_TASKS.collect(runtime, prepared.scope, group)).snapshot)) as AzureScopeSnapshot));
      snapshots.push(AZURE_TASKS.assemble(prepared.scope, parts));
    }
    expect(snapshots.map((snapshot) => [snapshot.kind, snapshot.accountId, snapshot.displayName, snapshot.regions])).toEqual([
      ['tenant', TEST_TENANT_ID, 'contoso-demo.onmicrosoft.com', ['global']],
      ['subscription', PROD, 'Production', ['eastus', 'westeurope']],
      ['subscription', DEV, 'Development', ['eastus']],
    ]);
    const { findings } = await scan({ source: { kind: 'scopes', scopes: snapshots, origin: 'live' } });
    const inProcess = await scan({ source: source().source });
    expect(byResource(findings)).toEqual(byResource(inProcess.findings));
    expect(runtime.apiCounters()['Microsoft.Storage']).toMatchObject({ calls: 2 });
    runtime.close();
  });

  it('gives a failed group a part whose checks report ERROR with the failure’s code', async () => {
    const scope = { accountId: PROD, access: { scope: 'subscription', tenantId: TEST_TENANT_ID, cloud: 'AzureChinaCloud', displayName: 'Production' }, locations: ['eastus'] };
    const part = AZURE_TASKS.failedPart(scope, { name: 'global', location: 'global', services: ['storage'] }, { code: 'States.Timeout', message: 'the task timed out' });
    expect(part).toMatchObject({ kind: 'subscription', cloud: 'AzureChinaCloud', services: {}, errors: [{ accountId: PROD, service: 'storage', error: { api: 'storage:*', code: 'States.Timeout' } }] });
    const { findings, result } = await scan({ source: { kind: 'scopes', scopes: [AZURE_TASKS.assemble(scope, [part])], origin: 'live' }, checks: [storageHttpsOnly] });
    expect(findings.map((finding) => [finding.status, finding.error?.code])).toEqual([['ERROR', 'NotCollected']]);
    expect(result.errors.map((error) => error.error.code)).toEqual(['States.Timeout']);
  });
});

describe('Azure snapshots', () => {
  const subscriptionScope: AzureScopeSnapshot = {
    kind: 'subscription',
    accountId: PROD,
    displayName: 'Production',
    tenantId: TEST_TENANT_ID,
    cloud: 'AzureCloud',
    regions: ['eastus', 'westeurope'],
    collectedAt: '2026-06-01T10:00:00.000Z',
    services: {
      storage: {
        accounts: {
          value: [
            { id: '/subscriptions/x/a', name: 'a', location: 'eastus', properties: { supportsHttpsTrafficOnly: true } },
            { id: '/subscriptions/x/b', name: 'b', location: 'West Europe', properties: { supportsHttpsTrafficOnly: false } },
            { id: '/subscriptions/x/c', name: 'c', location: 'global', properties: { supportsHttpsTrafficOnly: false } },
          ],
        },
        denied: { error: { api: STORAGE_API, code: 'AuthorizationFailed', message: 'no' } },
        nested: { inner: { value: [{ location: 'westeurope' }, { name: 'no location' }] } },
      } as never,
    },
    errors: [],
  };

  it('narrows every located list to the requested locations, keeping global and unlocated items', () => {
    const narrowed = narrowAzureScope(subscriptionScope, ['westeurope']);
    const storage = narrowed.services.storage as unknown as { accounts: { value: { name: string }[] }; denied: unknown; nested: { inner: { value: unknown[] } } };
    expect(narrowed.regions).toEqual(['westeurope']);
    expect(storage.accounts.value.map((account) => account.name)).toEqual(['b', 'c']);
    expect(storage.denied).toEqual({ error: { api: STORAGE_API, code: 'AuthorizationFailed', message: 'no' } });
    expect(storage.nested.inner.value).toEqual([{ location: 'westeurope' }, { name: 'no location' }]);
    // The tenant has no locations: a requested region neither narrows it nor is missing from it.
    const tenant: AzureScopeSnapshot = { ...subscriptionScope, kind: 'tenant', accountId: TEST_TENANT_ID, regions: ['global'], services: {} };
    expect(narrowAzureScope(tenant, ['westeurope'])).toBe(tenant);
    expect(AZURE_PROVIDER.hasLocations?.(tenant)).toBe(false);
  });

  it('reports no RegionNotInSnapshot for the tenant when a snapshot scan asks for a location', async () => {
    const path = join(work, 'regions.json.gz');
    const writer = await SnapshotWriter.open(path, 'test', 'azure');
    const subscriptionPart: AzureScopeSnapshot = { ...subscriptionScope, services: {} };
    const tenantPart: AzureScopeSnapshot = { ...subscriptionScope, kind: 'tenant', accountId: TEST_TENANT_ID, displayName: 'contoso-demo.onmicrosoft.com', regions: ['global'], services: {} };
    await writer.add(subscriptionPart);
    await writer.add(tenantPart);
    await writer.commit();
    const { result } = await scan({ source: { kind: 'snapshot', path, regions: ['northeurope'] }, checks: [storageHttpsOnly] });
    expect(result.errors.map((error) => [error.accountId, error.error.code])).toEqual([[PROD, 'RegionNotInSnapshot']]);
    expect(result.regionsNotInSnapshot).toEqual(['northeurope']);
  });

  async function lines(name: string, scope: unknown, provider = 'azure'): Promise<string> {
    const path = join(work, name);
    const header = { format: 'palisade-snapshot', version: 1, provider, createdAt: '2026-06-01T10:00:00.000Z', producer: 'test' };
    await writeFile(path, gzipSync(`${JSON.stringify(header)}\n${JSON.stringify({ account: scope })}\n`));
    return path;
  }

  async function readError(path: string): Promise<string> {
    try {
      for await (const _scope of AZURE_PROVIDER.readSnapshot(path)) {
        // read to the end
      }
    } catch (error) {
      return (error as Error).message;
    }
    return 'no error';
  }

  it.each([
    ['a scope kind it does not know', { kind: 'account' }, 'account.kind'],
    ['a subscription id that is not a GUID', { accountId: '123456789012' }, 'account.accountId'],
    ['an unknown cloud', { cloud: 'AzureGermanCloud' }, 'account.cloud'],
    ['a tenant service on a subscription', { services: { entra: {} } }, 'account.services.entra'],
    ['a service value that is not fetched', { services: { storage: { accounts: [] } } }, 'account.services.storage.accounts'],
    ['a tenant scope whose tenant differs', { kind: 'tenant', regions: ['global'], services: {} }, 'account.tenantId'],
  ])('refuses %s, naming the line and field', async (_what, change, field) => {
    const path = await lines(`bad-${field}-${Math.random().toString(36).slice(2)}.json.gz`, { ...subscriptionScope, services: {}, ...change });
    const message = await readError(path);
    expect(message).toContain(`${path}:2 (${field})`);
  });

  it('refuses an AWS snapshot', async () => {
    const path = await lines('aws.json.gz', {}, 'aws');
    expect(await readError(path)).toContain('unsupported provider aws');
  });
});

describe('Azure scan requests', () => {
  const base = { version: 1, provider: 'azure', scope: { checks: ['aws/s3-bucket-default-encryption'], frameworks: [] }, config: DEFAULT_SCAN_CONFIG, limits: {}, output: {} };
  const storageCheck = ALL_CHECKS.find((check) => check.provider === 'azure' && check.requires.length === 1 && check.requires[0] === 'storage');
  const entraCheck = ALL_CHECKS.find((check) => check.provider === 'azure' && check.requires.length === 1 && check.requires[0] === 'entra');

  it.runIf(storageCheck)('runs a request for an Azure snapshot with the Azure provider, a service not collected being ERROR', async () => {
    const path = join(work, 'request.json.gz');
    const writer = await SnapshotWriter.open(path, 'test', 'azure');
    const scope: AzureScopeSnapshot = { kind: 'subscription', accountId: PROD, displayName: 'Production', tenantId: TEST_TENANT_ID, cloud: 'AzureCloud', regions: ['eastus'], collectedAt: '2026-06-01T10:00:00.000Z', services: {}, errors: [] };
    await writer.add(scope);
    await writer.commit();
    const request = parseScanRequest({ ...base, source: { kind: 'snapshot', path }, scope: { checks: [storageCheck!.id], frameworks: [], regions: ['eastus'] }, mutelist: { file: 'm', rules: [{ account: PROD.toUpperCase(), check: '*', regions: ['.*'], resources: ['.*'], tags: [], reason: 'accepted' }] } });
    const findings: Finding[] = [];
    const result = await runScan(request, [{ receives: 'all', write: async (batch) => void findings.push(...batch) }]);
    expect(result.accountsScanned).toEqual([PROD]);
    expect(findings.map((finding) => [finding.provider, finding.status, finding.error?.code, finding.resource.uid, finding.muted?.reason])).toEqual([['azure', 'ERROR', 'NotCollected', `/subscriptions/${PROD}`, 'accepted']]);
  });

  it.runIf(entraCheck)('runs a live Azure request through the transport hook: discovery, the tenant and the subscription', async () => {
    const request = parseScanRequest({
      ...base,
      source: { kind: 'azure', cloud: 'AzureCloud', subscriptionIds: [FIXTURE_SUBSCRIPTION] },
      scope: { checks: [entraCheck!.id, ...(storageCheck ? [storageCheck.id] : [])], frameworks: [] },
      transport: { module: fileURLToPath(new URL('../test/fixtures/azure-transport.ts', import.meta.url)), export: 'emptyAzure' },
    });
    expect(request.source).toEqual({ kind: 'azure', cloud: 'AzureCloud', subscriptionIds: [FIXTURE_SUBSCRIPTION] });
    const findings: Finding[] = [];
    const result = await runScan(request, [{ receives: 'all', write: async (batch) => void findings.push(...batch) }]);
    expect([...result.accountsScanned].sort()).toEqual([FIXTURE_SUBSCRIPTION, FIXTURE_TENANT].sort());
    // The table answers discovery only: every read of the collectors is an error as data, none a PASS.
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((finding) => finding.status === 'ERROR')).toBe(true);
    expect(result.apiCounters['graph']?.calls).toBeGreaterThan(0);
  });

  it('takes an azure source only for the azure provider, and validates its cloud and ids', () => {
    expect(() => parseScanRequest({ ...base, source: { kind: 'live', credentials: {} } })).toThrow('source.kind: azure scans read "snapshot" or "azure" sources (got "live")');
    expect(() => parseScanRequest({ ...base, provider: 'aws', source: { kind: 'azure', cloud: 'AzureCloud' } })).toThrow('source.kind: aws scans read "snapshot" or "live" sources (got "azure")');
    expect(() => parseScanRequest({ ...base, source: { kind: 'azure', cloud: 'AzureStack' } })).toThrow(/source.cloud: must be one of AzureCloud, AzureChinaCloud, AzureUSGovernment/);
    expect(() => parseScanRequest({ ...base, source: { kind: 'azure', cloud: 'AzureCloud', subscriptionIds: ['prod'] } })).toThrow('source.subscriptionIds[0]: "prod" is not a subscription id (a GUID)');
    expect(() => parseScanRequest({ ...base, source: { kind: 'azure', cloud: 'AzureCloud', tenantId: 'contoso.com' } })).toThrow('source.tenantId: "contoso.com" is not a tenant id (a GUID)');
  });

  it('validates locations in the provider’s own format', () => {
    const request = { ...base, source: { kind: 'azure', cloud: 'AzureCloud' }, scope: { ...base.scope, regions: ['East US'] } };
    expect(() => parseScanRequest(request)).toThrow('scope.regions[0]: "East US" is not an Azure location name');
  });

  it('keeps an AWS check out of an Azure scan', () => {
    expect(() => parseScanRequest({ ...base, source: { kind: 'azure', cloud: 'AzureCloud' } })).toThrow('check "aws/s3-bucket-default-encryption" is a aws check, not azure');
  });
});
