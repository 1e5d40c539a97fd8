import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armError, fakeAzure, page } from '../testing.ts';
import { locksCollector } from './locks.ts';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const ARM = 'https://management.azure.com';
const LOCKS = `${SUB}/providers/Microsoft.Authorization/locks`;
const RESOURCES = `${SUB}/resources`;
const VAULT = `${SUB}/resourceGroups/rg-prod/providers/Microsoft.KeyVault/vaults/kv-prod`;
// URLSearchParams writes the filter's spaces as `+`; the fake routes match the query as sent.
const VAULT_FILTER = `GET ${RESOURCES}?$filter=resourceType+eq+'Microsoft.KeyVault/vaults'`;
const STORAGE_FILTER = `GET ${RESOURCES}?$filter=resourceType+eq+'Microsoft.Storage/storageAccounts'`;

const denied = (action: string) =>
  armError(403, 'AuthorizationFailed', `The client 'scanner@contoso.com' with object id '11111111-2222-3333-4444-555555555555' does not have authorization to perform action '${action}' over scope '${SUB}' or the scope is invalid.`);

// Management Locks - List At Subscription Level (2020-05-01): locks of the subscription, its groups and resources.
const locks = [
  { properties: { level: 'CanNotDelete', notes: 'Production: removal needs a change ticket', owners: [] }, id: `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Authorization/locks/rg-prod-no-delete`, type: 'Microsoft.Authorization/locks', name: 'rg-prod-no-delete' },
  { properties: { level: 'ReadOnly' }, id: `${VAULT}/providers/Microsoft.Authorization/locks/kv-read-only`, type: 'Microsoft.Authorization/locks', name: 'kv-read-only' },
];

// Resources - List, filtered by type (2021-04-01).
const vaults = [
  { id: VAULT, name: 'kv-prod', type: 'Microsoft.KeyVault/vaults', location: 'eastus', tags: { env: 'prod' } },
  { id: `${SUB}/resourceGroups/rg-eu/providers/Microsoft.KeyVault/vaults/kv-eu`, name: 'kv-eu', type: 'Microsoft.KeyVault/vaults', location: 'westeurope' },
];
const accounts = [{ id: `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Storage/storageAccounts/stprod`, name: 'stprod', type: 'Microsoft.Storage/storageAccounts', kind: 'StorageV2', sku: { name: 'Standard_GRS', tier: 'Standard' }, location: 'eastus', tags: {} }];

const routes = (overrides: Record<string, unknown> = {}) => ({
  [`GET ${LOCKS}`]: page([locks[0]], `${ARM}${LOCKS}?api-version=2020-05-01&$skiptoken=lock2`),
  [`GET ${LOCKS}?$skiptoken=lock2`]: page([locks[1]]),
  [VAULT_FILTER]: page(vaults),
  [STORAGE_FILTER]: page(accounts),
  ...overrides,
});

describe('locks collector', () => {
  it('maps locks across pages with their scope, and the key vaults and storage accounts', async () => {
    const fake = fakeAzure(routes());
    const data = await locksCollector.collect(fake.context());
    expect(fake.unmatched).toEqual([]);
    expect(data.locks.value).toEqual([
      { id: locks[0]!.id, name: 'rg-prod-no-delete', level: 'CanNotDelete', scope: `${SUB}/resourceGroups/rg-prod`, notes: 'Production: removal needs a change ticket' },
      { id: locks[1]!.id, name: 'kv-read-only', level: 'ReadOnly', scope: VAULT },
    ]);
    expect(data.keyVaults.value).toEqual([
      { id: VAULT, name: 'kv-prod', type: 'Microsoft.KeyVault/vaults', location: 'eastus', tags: { env: 'prod' } },
      { id: vaults[1]!.id, name: 'kv-eu', type: 'Microsoft.KeyVault/vaults', location: 'westeurope', tags: {} },
    ]);
    expect(data.storageAccounts.value).toEqual([{ id: accounts[0]!.id, name: 'stprod', type: 'Microsoft.Storage/storageAccounts', location: 'eastus', tags: {} }]);
    const filters = fake.requests.map((request) => new URL(request.url).searchParams.get('$filter')).filter(Boolean);
    expect(filters).toEqual(["resourceType eq 'Microsoft.KeyVault/vaults'", "resourceType eq 'Microsoft.Storage/storageAccounts'"]);
  });

  it('keeps only resources in the scanned locations, and every lock', async () => {
    const fake = fakeAzure(routes());
    const data = await locksCollector.collect(fake.context({ locations: new Set(['eastus']) }));
    expect(data.keyVaults.value?.map((vault) => vault.name)).toEqual(['kv-prod']);
    expect(data.locks.value).toHaveLength(2);
  });

  it('turns a denied lock list into an error and still reads the resources', async () => {
    const fake = fakeAzure(routes({ [`GET ${LOCKS}`]: denied('Microsoft.Authorization/locks/read') }));
    const data = await locksCollector.collect(fake.context());
    expect(data.locks.error).toMatchObject({ api: 'Microsoft.Authorization/locks/read', code: 'AuthorizationFailed', httpStatus: 403 });
    expect(data.keyVaults.value).toHaveLength(2);
  });

  it('turns a denied resource list into an error for that type only', async () => {
    const fake = fakeAzure(routes({ [STORAGE_FILTER]: denied('Microsoft.Resources/subscriptions/resources/read') }));
    const data = await locksCollector.collect(fake.context());
    expect(data.storageAccounts.error).toMatchObject({ api: 'Microsoft.Resources/subscriptions/resources/read', code: 'AuthorizationFailed' });
    expect(data.keyVaults.value).toHaveLength(2);
  });

  it('answers empty lists for a subscription without locks', async () => {
    const fake = fakeAzure({ [`GET ${LOCKS}`]: page([]), [VAULT_FILTER]: page([]), [STORAGE_FILTER]: page([]) });
    expect(await locksCollector.collect(fake.context())).toEqual({ locks: { value: [] }, keyVaults: { value: [] }, storageAccounts: { value: [] } });
    expect(fake.unmatched).toEqual([]);
  });
});
