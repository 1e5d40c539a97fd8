import { describe, expect, it } from 'vitest';
import { discoverAzure, listLocations } from './discovery.ts';
import { TEST_TENANT_ID, armError, fakeAzure, graphError, page } from './testing.ts';

const PROD = '7948bcee-488c-47ce-941c-38e20ede803d';
const DEV = '3b4e7a51-12c6-4d6c-b4f5-ae43c08e7a61';
const OLD = 'a1c0e4b2-52a6-4f7b-9b0e-7d36f5e1d0aa';

/** A subscription as `GET /subscriptions?api-version=2022-12-01` lists it. */
function subscription(subscriptionId: string, displayName: string, state = 'Enabled', tenantId = TEST_TENANT_ID): unknown {
  return {
    id: `/subscriptions/${subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId,
    tenantId,
    displayName,
    state,
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

/** Graph's `GET /organization` answer with the tenant's verified domains. */
const ORGANIZATION = {
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#organization(id,displayName,verifiedDomains)',
  value: [
    {
      id: TEST_TENANT_ID,
      displayName: 'Contoso',
      verifiedDomains: [
        { capabilities: 'Email, OfficeCommunicationsOnline', isDefault: false, isInitial: true, name: 'contoso.onmicrosoft.com', type: 'Managed' },
        { capabilities: 'Email, OfficeCommunicationsOnline', isDefault: true, isInitial: false, name: 'contoso.com', type: 'Managed' },
      ],
    },
  ],
};

function listing(items: readonly unknown[], nextLink?: string): unknown {
  return { ...(page(items, nextLink) as object), count: { type: 'Total', value: items.length } };
}

describe('discoverAzure', () => {
  it('lists every page of subscriptions, keeps the Enabled ones and names the tenant by its default domain', async () => {
    const fake = fakeAzure({
      'GET /subscriptions': listing([subscription(PROD, 'Production'), subscription(OLD, 'Legacy', 'Disabled')], 'https://management.azure.com/subscriptions?api-version=2022-12-01&%24skiptoken=abc'),
      'GET /subscriptions?$skiptoken=abc': listing([subscription(DEV.toUpperCase(), 'Development', 'Enabled')]),
      'GET /v1.0/organization': ORGANIZATION,
    });
    const discovered = await discoverAzure(fake.clients);
    expect(fake.unmatched).toEqual([]);
    expect(discovered.tenant).toEqual({ tenantId: TEST_TENANT_ID, displayName: 'contoso.com' });
    expect(discovered.subscriptions).toEqual([
      { subscriptionId: PROD, displayName: 'Production', state: 'Enabled', tenantId: TEST_TENANT_ID },
      { subscriptionId: DEV, displayName: 'Development', state: 'Enabled', tenantId: TEST_TENANT_ID },
    ]);
    expect(discovered.notScanned).toEqual([`subscription ${OLD} (Legacy): Disabled, not scanned`]);
    expect(discovered.errors).toEqual([]);
  });

  it('narrows to --subscription-ids, and says which named ones the identity cannot see', async () => {
    const fake = fakeAzure({ 'GET /subscriptions': listing([subscription(PROD, 'Production'), subscription(DEV, 'Development')]), 'GET /v1.0/organization': ORGANIZATION });
    const unknown = 'ffffffff-0000-4000-8000-000000000000';
    const discovered = await discoverAzure(fake.clients, { subscriptionIds: [DEV.toUpperCase(), unknown] });
    expect(discovered.subscriptions.map((entry) => entry.subscriptionId)).toEqual([DEV]);
    expect(discovered.notScanned).toEqual([`subscription ${unknown}: not visible to the signed-in identity (no role on it, or another tenant)`]);
  });

  it('keeps the tenant id as its name when Graph denies the organization read, and records the denial', async () => {
    const fake = fakeAzure({
      'GET /subscriptions': listing([subscription(PROD, 'Production')]),
      'GET /v1.0/organization': graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
    });
    const discovered = await discoverAzure(fake.clients);
    expect(discovered.tenant).toEqual({ tenantId: TEST_TENANT_ID, displayName: TEST_TENANT_ID });
    expect(discovered.errors).toEqual([
      { accountId: TEST_TENANT_ID, error: { api: 'graph:organization.list', code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', httpStatus: 403 } },
    ]);
  });

  it('takes --azure-tenant-id before Graph, and skips subscriptions of another tenant', async () => {
    const other = '11111111-2222-4333-8444-555555555555';
    const fake = fakeAzure({ 'GET /subscriptions': listing([subscription(PROD, 'Production'), subscription(DEV, 'Partner', 'Enabled', other)]), 'GET /v1.0/organization': ORGANIZATION });
    const discovered = await discoverAzure(fake.clients, { tenantId: TEST_TENANT_ID.toUpperCase() });
    expect(discovered.tenant?.tenantId).toBe(TEST_TENANT_ID);
    expect(discovered.subscriptions.map((entry) => entry.subscriptionId)).toEqual([PROD]);
    expect(discovered.notScanned).toEqual([`subscription ${DEV} (Partner): belongs to tenant ${other}, not the scanned tenant ${TEST_TENANT_ID}`]);
  });

  it('records a denied subscription list as a scan error and scans no subscription', async () => {
    const fake = fakeAzure({
      'GET /subscriptions': armError(403, 'AuthorizationFailed', "The client does not have authorization to perform action 'Microsoft.Resources/subscriptions/read'."),
      'GET /v1.0/organization': ORGANIZATION,
    });
    const discovered = await discoverAzure(fake.clients, { subscriptionIds: [PROD] });
    expect(discovered.subscriptions).toEqual([]);
    expect(discovered.tenant?.tenantId).toBe(TEST_TENANT_ID);
    expect(discovered.errors).toMatchObject([{ accountId: TEST_TENANT_ID, error: { api: 'Microsoft.Resources/subscriptions/read', code: 'AuthorizationFailed', httpStatus: 403 } }]);
    expect(discovered.notScanned).toEqual(['subscriptions: could not be listed (Microsoft.Resources/subscriptions/read: AuthorizationFailed)', `subscription ${PROD}: not scanned (the subscriptions could not be listed)`]);
  });

  it('knows no tenant when nothing names one', async () => {
    const fake = fakeAzure({ 'GET /subscriptions': listing([]), 'GET /v1.0/organization': graphError(403, 'Authorization_RequestDenied') });
    const discovered = await discoverAzure(fake.clients);
    expect(discovered.tenant).toBeUndefined();
    // The denial has no scope to belong to without a tenant id.
    expect(discovered.errors).toEqual([]);
  });
});

describe('listLocations', () => {
  /** A location as `GET /subscriptions/{id}/locations?api-version=2022-12-01` lists it. */
  const location = (name: string, displayName: string, regionType: 'Physical' | 'Logical', type = 'Region') => ({
    id: `/subscriptions/${PROD}/locations/${name}`,
    name,
    type,
    displayName,
    regionalDisplayName: displayName,
    metadata: { regionType, regionCategory: regionType === 'Physical' ? 'Recommended' : 'Other', ...(regionType === 'Physical' ? { geographyGroup: 'US', physicalLocation: 'Virginia', pairedRegion: [] } : {}) },
  });

  it('keeps the physical regions, sorted, and leaves out logical ones and edge zones', async () => {
    const fake = fakeAzure({
      [`GET /subscriptions/${PROD}/locations`]: page([
        location('westeurope', 'West Europe', 'Physical'),
        location('eastus', 'East US', 'Physical'),
        location('unitedstates', 'United States', 'Logical'),
        location('losangeles', 'Los Angeles', 'Physical', 'EdgeZone'),
      ]),
    });
    expect(await listLocations(fake.clients.arm, PROD)).toEqual({ locations: ['eastus', 'westeurope'] });
  });

  it('returns the denial as the subscription’s scan error', async () => {
    const fake = fakeAzure({ [`GET /subscriptions/${PROD}/locations`]: armError(403, 'AuthorizationFailed') });
    const listed = await listLocations(fake.clients.arm, PROD);
    expect(listed.locations).toEqual([]);
    expect(listed.error).toMatchObject({ accountId: PROD, error: { api: 'Microsoft.Resources/subscriptions/locations/read', code: 'AuthorizationFailed' } });
  });
});
