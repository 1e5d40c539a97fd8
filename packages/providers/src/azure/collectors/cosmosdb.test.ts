import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armError, fakeAzure, page } from '../testing.ts';
import { cosmosdbCollector } from './cosmosdb.ts';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const CATALOG = `${SUB}/resourceGroups/rg-shop/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-catalog`;
const SESSIONS = `${SUB}/resourceGroups/rg-web/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-sessions`;
const SKIP_TOKEN = '$skipToken=Y29zbW9zLWNhdGFsb2c';

// Bodies as ARM lists database accounts, API version 2024-11-15 (azure-rest-api-specs example CosmosDBDatabaseAccountList).
const account = (id: string, name: string, location: string, properties: Record<string, unknown>) => ({
  id,
  name,
  location,
  type: 'Microsoft.DocumentDB/databaseAccounts',
  kind: 'GlobalDocumentDB',
  tags: {},
  properties: {
    provisioningState: 'Succeeded',
    documentEndpoint: `https://${name}.documents.azure.com:443/`,
    databaseAccountOfferType: 'Standard',
    consistencyPolicy: { defaultConsistencyLevel: 'Session', maxIntervalInSeconds: 5, maxStalenessPrefix: 100 },
    locations: [{ id: `${name}-${location.replace(/\s/g, '').toLowerCase()}`, locationName: location, documentEndpoint: `https://${name}.documents.azure.com:443/`, provisioningState: 'Succeeded', failoverPriority: 0 }],
    cors: [],
    defaultIdentity: 'FirstPartyIdentity',
    enableFreeTier: false,
    apiProperties: {},
    backupPolicy: { type: 'Periodic', periodicModeProperties: { backupIntervalInMinutes: 240, backupRetentionIntervalInHours: 8, backupStorageRedundancy: 'Geo' } },
    networkAclBypass: 'None',
    networkAclBypassResourceIds: [],
    ...properties,
  },
  systemData: { createdAt: '2024-03-12T22:05:09Z' },
});

function routes(): Record<string, unknown> {
  return {
    [`GET ${SUB}/providers/Microsoft.DocumentDB/databaseAccounts`]: page(
      [
        account(CATALOG, 'cosmos-catalog', 'East US', {
          publicNetworkAccess: 'Disabled',
          isVirtualNetworkFilterEnabled: true,
          ipRules: [],
          virtualNetworkRules: [{ id: `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-app/subnets/snet-app`, ignoreMissingVNetServiceEndpoint: false }],
          privateEndpointConnections: [
            {
              id: `${CATALOG}/privateEndpointConnections/pe-catalog`,
              properties: {
                privateEndpoint: { id: `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/pe-catalog` },
                privateLinkServiceConnectionState: { status: 'Approved', actionsRequired: 'None' },
              },
            },
          ],
          disableLocalAuth: true,
          disableKeyBasedMetadataWriteAccess: true,
          keyVaultKeyUri: 'https://kv-data.vault.azure.net/keys/cosmos-cmk',
          minimalTlsVersion: 'Tls12',
        }),
      ],
      `https://management.azure.com${SUB}/providers/Microsoft.DocumentDB/databaseAccounts?api-version=2024-11-15&${SKIP_TOKEN}`,
    ),
    [`GET ${SUB}/providers/Microsoft.DocumentDB/databaseAccounts?${SKIP_TOKEN}`]: page([
      account(SESSIONS, 'cosmos-sessions', 'West Europe', {
        ipRules: [{ ipAddressOrRange: '0.0.0.0' }, { ipAddressOrRange: '203.0.113.0/24' }],
        isVirtualNetworkFilterEnabled: false,
        virtualNetworkRules: [],
        disableKeyBasedMetadataWriteAccess: false,
        minimalTlsVersion: 'Tls',
      }),
    ]),
  };
}

describe('cosmosdb collector', () => {
  it('maps accounts across pages with their network and authentication settings', async () => {
    const fake = fakeAzure(routes());

    const data = await cosmosdbCollector.collect(fake.context());

    expect(fake.unmatched).toEqual([]);
    expect(data.accounts.value).toEqual([
      {
        id: CATALOG,
        name: 'cosmos-catalog',
        location: 'East US',
        tags: {},
        kind: 'GlobalDocumentDB',
        publicNetworkAccess: 'Disabled',
        isVirtualNetworkFilterEnabled: true,
        ipRules: [],
        virtualNetworkRules: [`${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-app/subnets/snet-app`],
        privateEndpointConnections: [
          { id: `${CATALOG}/privateEndpointConnections/pe-catalog`, privateEndpointId: `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/pe-catalog`, status: 'Approved' },
        ],
        disableLocalAuth: true,
        disableKeyBasedMetadataWriteAccess: true,
        keyVaultKeyUri: 'https://kv-data.vault.azure.net/keys/cosmos-cmk',
        minimalTlsVersion: 'Tls12',
      },
      {
        id: SESSIONS,
        name: 'cosmos-sessions',
        location: 'West Europe',
        tags: {},
        kind: 'GlobalDocumentDB',
        publicNetworkAccess: 'Enabled',
        isVirtualNetworkFilterEnabled: false,
        ipRules: [{ ipAddressOrRange: '0.0.0.0' }, { ipAddressOrRange: '203.0.113.0/24' }],
        virtualNetworkRules: [],
        privateEndpointConnections: [],
        disableLocalAuth: false,
        disableKeyBasedMetadataWriteAccess: false,
        minimalTlsVersion: 'Tls',
      },
    ]);
  });

  it('keeps only the accounts in the scanned locations', async () => {
    const fake = fakeAzure(routes());

    const data = await cosmosdbCollector.collect(fake.context({ locations: new Set(['westeurope']) }));

    expect(data.accounts.value?.map((item) => item.name)).toEqual(['cosmos-sessions']);
  });

  it('returns the ARM error code when listing accounts is denied', async () => {
    const fake = fakeAzure({
      [`GET ${SUB}/providers/Microsoft.DocumentDB/databaseAccounts`]: armError(
        403,
        'AuthorizationFailed',
        `The client 'scanner@contoso.com' does not have authorization to perform action 'Microsoft.DocumentDB/databaseAccounts/read' over scope '${SUB}'.`,
      ),
    });

    const data = await cosmosdbCollector.collect(fake.context());

    expect(data.accounts.error).toMatchObject({ api: 'Microsoft.DocumentDB/databaseAccounts/read', code: 'AuthorizationFailed', httpStatus: 403 });
  });
});
