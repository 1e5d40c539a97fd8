import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armError, fakeAzure, page } from '../testing.ts';
import { monitorCollector } from './monitor.ts';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const INSIGHTS = `${SUB}/providers/Microsoft.Insights`;
const ARCHIVE = `${SUB}/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/stactivityarchive`;
const CONTAINER = `${ARCHIVE}/blobServices/default/containers/insights-activity-logs`;
const WORKSPACE = `${SUB}/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-security`;
const ACTION_GROUP = `${SUB}/resourceGroups/rg-monitor/providers/microsoft.insights/actionGroups/ag-secops`;

// Shaped like `GET /subscriptions/{id}/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview`.
const SETTINGS = page([
  {
    id: `${SUB}/providers/microsoft.insights/diagnosticSettings/activity-to-archive`,
    type: 'Microsoft.Insights/diagnosticSettings',
    name: 'activity-to-archive',
    location: 'global',
    kind: null,
    tags: null,
    properties: {
      storageAccountId: ARCHIVE,
      serviceBusRuleId: null,
      workspaceId: null,
      eventHubAuthorizationRuleId: null,
      eventHubName: null,
      logs: [
        { category: 'Administrative', enabled: true },
        { category: 'Security', enabled: true },
        { category: 'ServiceHealth', enabled: false },
        { category: 'Alert', enabled: true },
        { category: 'Recommendation', enabled: false },
        { category: 'Policy', enabled: true },
        { category: 'Autoscale', enabled: false },
        { category: 'ResourceHealth', enabled: false },
      ],
    },
    identity: null,
  },
  {
    id: `${SUB}/providers/microsoft.insights/diagnosticSettings/activity-to-sentinel`,
    type: 'Microsoft.Insights/diagnosticSettings',
    name: 'activity-to-sentinel',
    location: 'global',
    kind: null,
    tags: null,
    properties: { storageAccountId: null, serviceBusRuleId: null, workspaceId: WORKSPACE, eventHubAuthorizationRuleId: null, eventHubName: null, logs: [{ categoryGroup: 'allLogs', enabled: true }] },
    identity: null,
  },
]);

// Shaped like `GET {storage account id}?api-version=2023-05-01`.
const ACCOUNT = {
  sku: { name: 'Standard_GRS', tier: 'Standard' },
  kind: 'StorageV2',
  id: ARCHIVE,
  name: 'stactivityarchive',
  type: 'Microsoft.Storage/storageAccounts',
  location: 'eastus',
  tags: {},
  properties: {
    publicNetworkAccess: 'Enabled',
    minimumTlsVersion: 'TLS1_2',
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    networkAcls: { bypass: 'AzureServices', virtualNetworkRules: [], ipRules: [], defaultAction: 'Deny' },
    supportsHttpsTrafficOnly: true,
    encryption: {
      requireInfrastructureEncryption: false,
      services: { blob: { keyType: 'Account', enabled: true, lastEnabledTime: '2024-02-01T10:00:00.0000000Z' }, file: { keyType: 'Account', enabled: true, lastEnabledTime: '2024-02-01T10:00:00.0000000Z' } },
      keySource: 'Microsoft.Keyvault',
      keyvaultproperties: { keyvaulturi: 'https://kv-logs.vault.azure.net/', keyname: 'activity-log-key', keyversion: '', currentVersionedKeyIdentifier: 'https://kv-logs.vault.azure.net/keys/activity-log-key/4f3c2b1a' },
    },
    accessTier: 'Hot',
    provisioningState: 'Succeeded',
    creationTime: '2024-02-01T10:00:00.0000000Z',
    primaryLocation: 'eastus',
    statusOfPrimary: 'available',
  },
};

// Shaped like `GET {account}/blobServices/default/containers/{name}?api-version=2023-05-01`.
const CONTAINER_BODY = {
  id: CONTAINER,
  name: 'insights-activity-logs',
  type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
  etag: '"0x8DC2F3A1B2C3D4E"',
  properties: {
    immutableStorageWithVersioning: { enabled: false },
    deleted: false,
    remainingRetentionDays: 0,
    defaultEncryptionScope: '$account-encryption-key',
    denyEncryptionScopeOverride: false,
    publicAccess: 'None',
    leaseStatus: 'Unlocked',
    leaseState: 'Available',
    lastModifiedTime: '2024-02-01T10:05:00.0000000Z',
    hasImmutabilityPolicy: false,
    hasLegalHold: false,
  },
};

const NEXT_ALERTS = `https://management.azure.com${INSIGHTS}/activityLogAlerts?api-version=2020-10-01&$skipToken=next`;

// Shaped like `GET /subscriptions/{id}/providers/Microsoft.Insights/activityLogAlerts?api-version=2020-10-01`.
const ALERTS_PAGE_1 = page(
  [
    {
      id: `${SUB}/resourceGroups/rg-monitor/providers/microsoft.insights/activityLogAlerts/alert-policy-assignment-write`,
      type: 'Microsoft.Insights/ActivityLogAlerts',
      name: 'alert-policy-assignment-write',
      location: 'Global',
      tags: {},
      properties: {
        scopes: [`subscriptions/${TEST_SUBSCRIPTION_ID}`],
        condition: {
          allOf: [
            { field: 'category', equals: 'Administrative' },
            { field: 'operationName', equals: 'Microsoft.Authorization/policyAssignments/write' },
          ],
        },
        actions: { actionGroups: [{ actionGroupId: ACTION_GROUP, webhookProperties: {} }] },
        enabled: true,
        description: 'Policy assignment created or updated',
      },
    },
  ],
  NEXT_ALERTS,
);

const ALERTS_PAGE_2 = page([
  {
    id: `${SUB}/resourceGroups/rg-monitor/providers/microsoft.insights/activityLogAlerts/service-health`,
    type: 'Microsoft.Insights/ActivityLogAlerts',
    name: 'service-health',
    location: 'Global',
    tags: { team: 'platform' },
    properties: {
      scopes: [SUB],
      condition: {
        allOf: [
          { field: 'category', equals: 'ServiceHealth', 'odata.type': null },
          {
            anyOf: [
              { field: 'properties.incidentType', equals: 'Incident', 'odata.type': null },
              { field: 'properties.incidentType', equals: 'Maintenance', 'odata.type': null },
            ],
            'odata.type': null,
          },
        ],
      },
      actions: { actionGroups: [] },
      enabled: false,
    },
  },
]);

// Shaped like `GET /subscriptions/{id}/providers/Microsoft.Insights/components?api-version=2020-02-02`.
const COMPONENTS = page([
  {
    id: `${SUB}/resourceGroups/rg-app/providers/Microsoft.Insights/components/appi-web`,
    name: 'appi-web',
    type: 'Microsoft.Insights/components',
    location: 'East US',
    tags: '',
    kind: 'web',
    properties: {
      ApplicationId: 'appi-web',
      AppId: '16526d1a-dfba-4362-a9e9-123456789abc',
      Application_Type: 'web',
      Flow_Type: 'Bluefield',
      Request_Source: 'rest',
      InstrumentationKey: 'dc5931c7-a7ad-4ad0-89d6-123456789abc',
      CreationDate: '2024-02-14T12:24:05.0041213+00:00',
      TenantId: 'f438d567-7177-4fe1-a5e3-123456789abc',
      provisioningState: 'Succeeded',
      SamplingPercentage: 100.0,
      RetentionInDays: 90,
      WorkspaceResourceId: WORKSPACE,
      ConnectionString: 'InstrumentationKey=dc5931c7-a7ad-4ad0-89d6-123456789abc',
      DisableIpMasking: false,
      DisableLocalAuth: true,
      publicNetworkAccessForQuery: 'Enabled',
      publicNetworkAccessForIngestion: 'Enabled',
      IngestionMode: 'LogAnalytics',
    },
  },
  {
    id: `${SUB}/resourceGroups/rg-eu/providers/Microsoft.Insights/components/appi-eu`,
    name: 'appi-eu',
    type: 'Microsoft.Insights/components',
    location: 'West Europe',
    tags: { env: 'prod' },
    kind: 'web',
    properties: { Application_Type: 'web', provisioningState: 'Succeeded', IngestionMode: 'ApplicationInsights', publicNetworkAccessForQuery: 'Enabled', publicNetworkAccessForIngestion: 'Enabled' },
  },
]);

function routes(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    [`GET ${INSIGHTS}/diagnosticSettings`]: SETTINGS,
    [`GET ${ARCHIVE}`]: ACCOUNT,
    [`GET ${CONTAINER}`]: CONTAINER_BODY,
    [`GET ${INSIGHTS}/activityLogAlerts`]: ALERTS_PAGE_1,
    [`GET ${INSIGHTS}/activityLogAlerts?$skipToken=next`]: ALERTS_PAGE_2,
    [`GET ${INSIGHTS}/components`]: COMPONENTS,
    ...overrides,
  };
}

describe('monitor collector', () => {
  it('maps diagnostic settings with their archive account, alert rules across pages and components', async () => {
    const fake = fakeAzure(routes());
    const data = await monitorCollector.collect(fake.context());
    expect(fake.unmatched).toEqual([]);

    expect(data.diagnosticSettings.value).toEqual([
      {
        id: `${SUB}/providers/microsoft.insights/diagnosticSettings/activity-to-archive`,
        name: 'activity-to-archive',
        storageAccountId: ARCHIVE,
        logs: [
          { category: 'Administrative', enabled: true },
          { category: 'Security', enabled: true },
          { category: 'ServiceHealth', enabled: false },
          { category: 'Alert', enabled: true },
          { category: 'Recommendation', enabled: false },
          { category: 'Policy', enabled: true },
          { category: 'Autoscale', enabled: false },
          { category: 'ResourceHealth', enabled: false },
        ],
        storageAccount: {
          value: {
            id: ARCHIVE,
            name: 'stactivityarchive',
            location: 'eastus',
            keySource: 'Microsoft.Keyvault',
            keyVaultUri: 'https://kv-logs.vault.azure.net/',
            keyName: 'activity-log-key',
            allowBlobPublicAccess: false,
            publicNetworkAccess: 'Enabled',
            networkDefaultAction: 'Deny',
            activityLogContainer: { value: { publicAccess: 'None' } },
          },
        },
      },
      {
        id: `${SUB}/providers/microsoft.insights/diagnosticSettings/activity-to-sentinel`,
        name: 'activity-to-sentinel',
        workspaceId: WORKSPACE,
        logs: [{ categoryGroup: 'allLogs', enabled: true }],
      },
    ]);

    expect(data.activityLogAlerts.value).toEqual([
      {
        id: `${SUB}/resourceGroups/rg-monitor/providers/microsoft.insights/activityLogAlerts/alert-policy-assignment-write`,
        name: 'alert-policy-assignment-write',
        location: 'Global',
        tags: {},
        enabled: true,
        scopes: [`subscriptions/${TEST_SUBSCRIPTION_ID}`],
        condition: {
          allOf: [
            { field: 'category', equals: 'Administrative' },
            { field: 'operationName', equals: 'Microsoft.Authorization/policyAssignments/write' },
          ],
        },
        actionGroupIds: [ACTION_GROUP],
        description: 'Policy assignment created or updated',
      },
      {
        id: `${SUB}/resourceGroups/rg-monitor/providers/microsoft.insights/activityLogAlerts/service-health`,
        name: 'service-health',
        location: 'Global',
        tags: { team: 'platform' },
        enabled: false,
        scopes: [SUB],
        condition: {
          allOf: [
            { field: 'category', equals: 'ServiceHealth' },
            {
              anyOf: [
                { field: 'properties.incidentType', equals: 'Incident' },
                { field: 'properties.incidentType', equals: 'Maintenance' },
              ],
            },
          ],
        },
        actionGroupIds: [],
      },
    ]);

    expect(data.applicationInsightsComponents.value).toEqual([
      {
        id: `${SUB}/resourceGroups/rg-app/providers/Microsoft.Insights/components/appi-web`,
        name: 'appi-web',
        location: 'East US',
        tags: {},
        kind: 'web',
        applicationType: 'web',
        workspaceResourceId: WORKSPACE,
        ingestionMode: 'LogAnalytics',
        disableLocalAuth: true,
        publicNetworkAccessForIngestion: 'Enabled',
        publicNetworkAccessForQuery: 'Enabled',
        retentionInDays: 90,
      },
      {
        id: `${SUB}/resourceGroups/rg-eu/providers/Microsoft.Insights/components/appi-eu`,
        name: 'appi-eu',
        location: 'West Europe',
        tags: { env: 'prod' },
        kind: 'web',
        applicationType: 'web',
        ingestionMode: 'ApplicationInsights',
        disableLocalAuth: false,
        publicNetworkAccessForIngestion: 'Enabled',
        publicNetworkAccessForQuery: 'Enabled',
      },
    ]);
  });

  it('keeps only the components in the scanned locations', async () => {
    const fake = fakeAzure(routes());
    const data = await monitorCollector.collect(fake.context({ locations: new Set(['westeurope']) }));
    expect(data.applicationInsightsComponents.value?.map((component) => component.name)).toEqual(['appi-eu']);
  });

  it('reads an archive account shared by two settings once', async () => {
    const second = { ...(SETTINGS as { value: object[] }).value[0], id: `${SUB}/providers/microsoft.insights/diagnosticSettings/second`, name: 'second' };
    const fake = fakeAzure(routes({ [`GET ${INSIGHTS}/diagnosticSettings`]: page([...(SETTINGS as { value: object[] }).value, second]) }));
    const data = await monitorCollector.collect(fake.context());
    expect(fake.requests.filter((request) => new URL(request.url).pathname === ARCHIVE)).toHaveLength(1);
    expect(data.diagnosticSettings.value?.[2]?.storageAccount?.value?.name).toBe('stactivityarchive');
  });

  it('keeps a denied list as an error with the API and code', async () => {
    const fake = fakeAzure(
      routes({
        [`GET ${INSIGHTS}/activityLogAlerts`]: armError(403, 'AuthorizationFailed', "The client 'scanner' does not have authorization to perform action 'microsoft.insights/activityLogAlerts/read'."),
      }),
    );
    const data = await monitorCollector.collect(fake.context());
    expect(data.activityLogAlerts.error).toMatchObject({ api: 'Microsoft.Insights/activityLogAlerts/read', code: 'AuthorizationFailed', httpStatus: 403 });
    expect(data.diagnosticSettings.value).toHaveLength(2);
  });

  it('reads a deleted archive account and a container not created yet as null', async () => {
    const missingContainer = fakeAzure(routes({ [`GET ${CONTAINER}`]: armError(404, 'ContainerNotFound', 'The specified container does not exist.') }));
    const withoutContainer = await monitorCollector.collect(missingContainer.context());
    expect(withoutContainer.diagnosticSettings.value?.[0]?.storageAccount?.value?.activityLogContainer).toEqual({ value: null });

    const missingAccount = fakeAzure(
      routes({ [`GET ${ARCHIVE}`]: armError(404, 'ResourceNotFound', "The Resource 'Microsoft.Storage/storageAccounts/stactivityarchive' under resource group 'rg-logs' was not found.") }),
    );
    const withoutAccount = await monitorCollector.collect(missingAccount.context());
    expect(withoutAccount.diagnosticSettings.value?.[0]?.storageAccount).toEqual({ value: null });
    expect(missingAccount.unmatched).toEqual([]);
  });

  it('keeps a denied account or container read as an error on that account only', async () => {
    const deniedAccount = fakeAzure(routes({ [`GET ${ARCHIVE}`]: armError(403, 'AuthorizationFailed') }));
    const data = await monitorCollector.collect(deniedAccount.context());
    expect(data.diagnosticSettings.value?.[0]?.storageAccount?.error).toMatchObject({ api: 'Microsoft.Storage/storageAccounts/read', code: 'AuthorizationFailed', resourceUid: ARCHIVE });
    expect(data.diagnosticSettings.value?.[0]?.logs).toHaveLength(8);

    const deniedContainer = fakeAzure(routes({ [`GET ${CONTAINER}`]: armError(403, 'AuthorizationFailed') }));
    const container = await monitorCollector.collect(deniedContainer.context());
    const account = container.diagnosticSettings.value?.[0]?.storageAccount?.value;
    expect(account?.keySource).toBe('Microsoft.Keyvault');
    expect(account?.activityLogContainer.error).toMatchObject({ api: 'Microsoft.Storage/storageAccounts/blobServices/containers/read', code: 'AuthorizationFailed', resourceUid: ARCHIVE });
  });
});
