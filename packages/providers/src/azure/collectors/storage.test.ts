import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armError, fakeAzure, page } from '../testing.ts';
import { storageCollector } from './storage.ts';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const LIST = `${SUB}/providers/Microsoft.Storage/storageAccounts`;
const PROD = `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Storage/storageAccounts/stprodata`;
const FILES = `${SUB}/resourceGroups/rg-shared/providers/Microsoft.Storage/storageAccounts/stsharedfiles`;
const WORKSPACE = `${SUB}/resourcegroups/rg-monitor/providers/microsoft.operationalinsights/workspaces/law-prod`;

const denied = (action: string, scope: string) =>
  armError(
    403,
    'AuthorizationFailed',
    `The client 'scanner@contoso.com' with object id '11111111-2222-3333-4444-555555555555' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );

// Shaped like Storage Accounts - List (2023-05-01): properties nested, private endpoint connections with their state.
const prodAccount = {
  sku: { name: 'Standard_ZRS', tier: 'Standard' },
  kind: 'StorageV2',
  id: PROD,
  name: 'stprodata',
  type: 'Microsoft.Storage/storageAccounts',
  location: 'eastus',
  tags: { env: 'prod', owner: 'data-platform' },
  properties: {
    keyCreationTime: { key1: '2026-04-02T08:11:41.0000000Z', key2: '2026-04-02T08:11:41.0000000Z' },
    keyPolicy: { keyExpirationPeriodInDays: 90 },
    privateEndpointConnections: [
      {
        id: `${PROD}/privateEndpointConnections/stprodata.5d2e8a1c-0f4b-4c6e-9a7d-2b1f3e4d5c6a`,
        name: 'stprodata.5d2e8a1c-0f4b-4c6e-9a7d-2b1f3e4d5c6a',
        type: 'Microsoft.Storage/storageAccounts/privateEndpointConnections',
        properties: {
          provisioningState: 'Succeeded',
          privateEndpoint: { id: `${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/privateEndpoints/pe-stprodata-blob` },
          privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved', actionRequired: 'None' },
        },
      },
    ],
    minimumTlsVersion: 'TLS1_2',
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    allowCrossTenantReplication: false,
    publicNetworkAccess: 'Disabled',
    isHnsEnabled: false,
    networkAcls: {
      resourceAccessRules: [],
      bypass: 'AzureServices',
      virtualNetworkRules: [{ id: `${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/snet-app`, action: 'Allow', state: 'Succeeded' }],
      ipRules: [{ value: '203.0.113.0/24', action: 'Allow' }],
      defaultAction: 'Deny',
    },
    supportsHttpsTrafficOnly: true,
    encryption: {
      identity: { userAssignedIdentity: `${SUB}/resourceGroups/rg-prod/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-stprodata` },
      requireInfrastructureEncryption: true,
      keyvaultproperties: { keyvaulturi: 'https://kv-prod-cmk.vault.azure.net/', keyname: 'stprodata-cmk', currentVersionedKeyIdentifier: 'https://kv-prod-cmk.vault.azure.net/keys/stprodata-cmk/3b1f0e2d4c5a49a8b7c6d5e4f3a2b1c0' },
      services: { file: { keyType: 'Account', enabled: true }, blob: { keyType: 'Account', enabled: true } },
      keySource: 'Microsoft.Keyvault',
    },
    accessTier: 'Hot',
    provisioningState: 'Succeeded',
    creationTime: '2025-02-11T09:30:12.4433210Z',
    primaryEndpoints: { blob: 'https://stprodata.blob.core.windows.net/', queue: 'https://stprodata.queue.core.windows.net/', table: 'https://stprodata.table.core.windows.net/', file: 'https://stprodata.file.core.windows.net/' },
    primaryLocation: 'eastus',
    statusOfPrimary: 'available',
  },
};

// An older premium file account: no key policy, no TLS minimum, no network rules written by ARM.
const filesAccount = {
  sku: { name: 'Premium_LRS', tier: 'Premium' },
  kind: 'FileStorage',
  id: FILES,
  name: 'stsharedfiles',
  type: 'Microsoft.Storage/storageAccounts',
  location: 'westeurope',
  tags: {},
  properties: {
    keyCreationTime: { key1: null, key2: null },
    privateEndpointConnections: [],
    networkAcls: { bypass: 'AzureServices', virtualNetworkRules: [], ipRules: [], defaultAction: 'Allow' },
    supportsHttpsTrafficOnly: false,
    encryption: { services: { file: { keyType: 'Account', enabled: true, lastEnabledTime: '2021-06-01T10:00:00.0000000Z' } }, keySource: 'Microsoft.Storage' },
    provisioningState: 'Succeeded',
    creationTime: '2021-06-01T10:00:00.0000000Z',
    primaryEndpoints: { file: 'https://stsharedfiles.file.core.windows.net/' },
    primaryLocation: 'westeurope',
    statusOfPrimary: 'available',
  },
};

// Blob Services - Get Service Properties.
const prodBlobService = {
  sku: { name: 'Standard_ZRS', tier: 'Standard' },
  id: `${PROD}/blobServices/default`,
  name: 'default',
  type: 'Microsoft.Storage/storageAccounts/blobServices',
  properties: {
    changeFeed: { enabled: true, retentionInDays: 30 },
    restorePolicy: { enabled: false },
    containerDeleteRetentionPolicy: { enabled: true, days: 14 },
    cors: { corsRules: [] },
    deleteRetentionPolicy: { allowPermanentDelete: false, enabled: true, days: 14 },
    isVersioningEnabled: true,
  },
};

// File Services - Get Service Properties, with SMB hardened.
const fileService = (id: string) => ({
  sku: { name: 'Premium_LRS', tier: 'Premium' },
  id: `${id}/fileServices/default`,
  name: 'default',
  type: 'Microsoft.Storage/storageAccounts/fileServices',
  properties: {
    protocolSettings: {
      smb: { multichannel: { enabled: false }, versions: 'SMB3.1.1', authenticationMethods: 'Kerberos', kerberosTicketEncryption: 'AES-256', channelEncryption: 'AES-256-GCM' },
    },
    cors: { corsRules: [] },
    shareDeleteRetentionPolicy: { enabled: true, days: 7 },
  },
});

// Diagnostic Settings - List (2021-05-01-preview): nulls for unused destinations, as ARM writes them.
const diagnosticSetting = (service: string) => ({
  id: `${PROD}/${service}Services/default/providers/microsoft.insights/diagnosticSettings/to-law`,
  type: 'Microsoft.Insights/diagnosticSettings',
  name: 'to-law',
  location: null,
  kind: null,
  tags: null,
  properties: {
    storageAccountId: null,
    serviceBusRuleId: null,
    workspaceId: WORKSPACE,
    eventHubAuthorizationRuleId: null,
    eventHubName: null,
    metrics: [{ category: 'Transaction', enabled: true, retentionPolicy: { enabled: false, days: 0 } }],
    logs: [
      { category: 'StorageRead', categoryGroup: null, enabled: true, retentionPolicy: { enabled: false, days: 0 } },
      { category: 'StorageWrite', categoryGroup: null, enabled: true, retentionPolicy: { enabled: false, days: 0 } },
      { category: 'StorageDelete', categoryGroup: null, enabled: true, retentionPolicy: { enabled: false, days: 0 } },
    ],
    logAnalyticsDestinationType: null,
  },
  identity: null,
});

const NEXT = `https://management.azure.com${LIST}?api-version=2023-05-01&$skiptoken=c3RzaGFyZWRmaWxlcw%3D%3D`;

function routes(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    [`GET ${LIST}`]: page([prodAccount], NEXT),
    [`GET ${LIST}?$skiptoken=c3RzaGFyZWRmaWxlcw==`]: page([filesAccount]),
    [`GET ${PROD}/blobServices/default`]: prodBlobService,
    [`GET ${PROD}/fileServices/default`]: fileService(PROD),
    [`GET ${PROD}/blobServices/default/providers/Microsoft.Insights/diagnosticSettings`]: page([diagnosticSetting('blob')]),
    [`GET ${PROD}/queueServices/default/providers/Microsoft.Insights/diagnosticSettings`]: page([diagnosticSetting('queue')]),
    [`GET ${PROD}/tableServices/default/providers/Microsoft.Insights/diagnosticSettings`]: page([]),
    [`GET ${FILES}/fileServices/default`]: { ...fileService(FILES), properties: { cors: { corsRules: [] }, shareDeleteRetentionPolicy: { enabled: false, days: 0 } } },
    ...overrides,
  };
}

describe('storage collector', () => {
  it('maps accounts across pages, reading only the services each kind of account offers', async () => {
    const fake = fakeAzure(routes());
    const data = await storageCollector.collect(fake.context());
    expect(fake.unmatched).toEqual([]);
    const [prod, files] = data.accounts.value ?? [];
    expect(prod).toEqual({
      id: PROD,
      name: 'stprodata',
      location: 'eastus',
      tags: { env: 'prod', owner: 'data-platform' },
      kind: 'StorageV2',
      sku: { name: 'Standard_ZRS', tier: 'Standard' },
      creationTime: '2025-02-11T09:30:12.4433210Z',
      supportsHttpsTrafficOnly: true,
      minimumTlsVersion: 'TLS1_2',
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      allowCrossTenantReplication: false,
      publicNetworkAccess: 'Disabled',
      networkAcls: {
        defaultAction: 'Deny',
        bypass: 'AzureServices',
        ipRules: [{ value: '203.0.113.0/24', action: 'Allow' }],
        virtualNetworkRules: [{ id: `${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/snet-app`, action: 'Allow', state: 'Succeeded' }],
      },
      encryption: {
        keySource: 'Microsoft.Keyvault',
        requireInfrastructureEncryption: true,
        keyvaultproperties: prodAccount.properties.encryption.keyvaultproperties,
      },
      keyPolicy: { keyExpirationPeriodInDays: 90 },
      keyCreationTime: { key1: '2026-04-02T08:11:41.0000000Z', key2: '2026-04-02T08:11:41.0000000Z' },
      privateEndpointConnections: [
        {
          id: `${PROD}/privateEndpointConnections/stprodata.5d2e8a1c-0f4b-4c6e-9a7d-2b1f3e4d5c6a`,
          privateEndpointId: `${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/privateEndpoints/pe-stprodata-blob`,
          status: 'Approved',
        },
      ],
      blobService: { value: { deleteRetentionPolicy: { enabled: true, days: 14 }, containerDeleteRetentionPolicy: { enabled: true, days: 14 }, isVersioningEnabled: true } },
      fileService: {
        value: {
          shareDeleteRetentionPolicy: { enabled: true, days: 7 },
          smb: { versions: 'SMB3.1.1', channelEncryption: 'AES-256-GCM', authenticationMethods: 'Kerberos', kerberosTicketEncryption: 'AES-256' },
        },
      },
      diagnosticSettings: {
        blob: {
          value: [
            {
              id: `${PROD}/blobServices/default/providers/microsoft.insights/diagnosticSettings/to-law`,
              name: 'to-law',
              workspaceId: WORKSPACE,
              logs: [
                { category: 'StorageRead', enabled: true },
                { category: 'StorageWrite', enabled: true },
                { category: 'StorageDelete', enabled: true },
              ],
            },
          ],
        },
        queue: { value: [expect.objectContaining({ name: 'to-law' })] },
        // No diagnostic setting on the table service: an empty list, not an error.
        table: { value: [] },
      },
    });
    // A FileStorage account has no blob, queue or table service: nothing read, nothing reported for them.
    expect(files).toEqual({
      id: FILES,
      name: 'stsharedfiles',
      location: 'westeurope',
      kind: 'FileStorage',
      sku: { name: 'Premium_LRS', tier: 'Premium' },
      creationTime: '2021-06-01T10:00:00.0000000Z',
      supportsHttpsTrafficOnly: false,
      networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
      encryption: { keySource: 'Microsoft.Storage' },
      keyCreationTime: {},
      privateEndpointConnections: [],
      fileService: { value: { shareDeleteRetentionPolicy: { enabled: false, days: 0 } } },
      diagnosticSettings: {},
    });
    expect(fake.requests.every((request) => new URL(request.url).searchParams.get('api-version') !== null)).toBe(true);
  });

  it('reports a denied account list as the error of the list', async () => {
    const fake = fakeAzure({ [`GET ${LIST}`]: denied('Microsoft.Storage/storageAccounts/read', SUB) });
    const data = await storageCollector.collect(fake.context());
    expect(data.accounts.error).toMatchObject({ api: 'Microsoft.Storage/storageAccounts/read', code: 'AuthorizationFailed', httpStatus: 403 });
    expect(fake.requests).toHaveLength(1);
  });

  it('reads a subscription that never registered Microsoft.Storage as having no account', async () => {
    const fake = fakeAzure({
      [`GET ${LIST}`]: armError(409, 'MissingSubscriptionRegistration', "The subscription is not registered to use namespace 'Microsoft.Storage'. See https://aka.ms/rps-not-found for how to register subscriptions."),
    });
    expect(await storageCollector.collect(fake.context())).toEqual({ accounts: { value: [] } });
  });

  it('keeps a denied detail read on its account, and the account and its other reads intact', async () => {
    const fake = fakeAzure(
      routes({
        [`GET ${PROD}/fileServices/default`]: denied('Microsoft.Storage/storageAccounts/fileServices/read', `${PROD}/fileServices/default`),
        [`GET ${PROD}/queueServices/default/providers/Microsoft.Insights/diagnosticSettings`]: denied('Microsoft.Insights/diagnosticSettings/read', `${PROD}/queueServices/default`),
      }),
    );
    const data = await storageCollector.collect(fake.context());
    const [prod, files] = data.accounts.value ?? [];
    expect(prod?.fileService?.error).toMatchObject({ api: 'Microsoft.Storage/storageAccounts/fileServices/read', code: 'AuthorizationFailed', resourceUid: PROD });
    expect(prod?.diagnosticSettings.queue?.error).toMatchObject({ api: 'Microsoft.Insights/diagnosticSettings/read', code: 'AuthorizationFailed', resourceUid: PROD });
    expect(prod?.blobService?.value?.isVersioningEnabled).toBe(true);
    expect(prod?.diagnosticSettings.blob?.value).toHaveLength(1);
    expect(files?.fileService?.value).toBeDefined();
  });

  it('reads only the accounts in the scanned locations', async () => {
    const fake = fakeAzure(routes());
    const data = await storageCollector.collect(fake.context({ locations: new Set(['westeurope']) }));
    expect(data.accounts.value?.map((account) => account.name)).toEqual(['stsharedfiles']);
    expect(fake.requests.some((request) => request.url.includes('/stprodata/'))).toBe(false);
  });
});
