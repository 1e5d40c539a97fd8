import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armError, fakeAzure, page } from '../testing.ts';
import { sqlCollector } from './sql.ts';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const PROD = `${SUB}/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-prod-eus`;
const LEGACY = `${SUB}/resourceGroups/rg-legacy/providers/Microsoft.Sql/servers/sql-legacy-weu`;
const SKIP_TOKEN = '$skipToken=c3FsLXByb2QtZXVz';

// Bodies as ARM answers them for Microsoft.Sql API version 2023-08-01 (azure-rest-api-specs examples).
const server = (id: string, name: string, location: string, properties: Record<string, unknown>) => ({
  id,
  name,
  type: 'Microsoft.Sql/servers',
  location,
  kind: 'v12.0',
  tags: name === 'sql-prod-eus' ? { environment: 'production' } : {},
  properties: {
    administratorLogin: 'sqladmin',
    version: '12.0',
    state: 'Ready',
    fullyQualifiedDomainName: `${name}.database.windows.net`,
    privateEndpointConnections: [],
    restrictOutboundNetworkAccess: 'Disabled',
    ...properties,
  },
});

const database = (serverId: string, name: string, location: string, kind: string) => ({
  id: `${serverId}/databases/${name}`,
  name,
  type: 'Microsoft.Sql/servers/databases',
  location,
  kind,
  sku: name === 'master' ? { name: 'System', tier: 'System', capacity: 0 } : { name: 'GP_S_Gen5', tier: 'GeneralPurpose', family: 'Gen5', capacity: 2 },
  properties: {
    collation: 'SQL_Latin1_General_CP1_CI_AS',
    maxSizeBytes: 34359738368,
    status: 'Online',
    databaseId: '6c764297-577b-470f-9af4-96d3d41e2ba3',
    creationDate: '2024-03-14T09:12:43.23Z',
    currentServiceObjectiveName: name === 'master' ? 'System0' : 'GP_S_Gen5_2',
    requestedBackupStorageRedundancy: 'Geo',
    zoneRedundant: false,
  },
});

const tde = (databaseId: string, state: string) => ({ id: databaseId, name: 'current', type: 'Microsoft.Sql/servers/databases/transparentDataEncryption', properties: { state } });

function routes(): Record<string, unknown> {
  return {
    [`GET ${SUB}/providers/Microsoft.Sql/servers`]: page(
      [server(PROD, 'sql-prod-eus', 'eastus', { publicNetworkAccess: 'Disabled', minimalTlsVersion: '1.2' })],
      `https://management.azure.com${SUB}/providers/Microsoft.Sql/servers?api-version=2023-08-01&${SKIP_TOKEN}`,
    ),
    [`GET ${SUB}/providers/Microsoft.Sql/servers?${SKIP_TOKEN}`]: page([server(LEGACY, 'sql-legacy-weu', 'westeurope', { publicNetworkAccess: 'Enabled' })]),

    [`GET ${PROD}/administrators`]: page([
      {
        id: `${PROD}/administrators/ActiveDirectory`,
        name: 'ActiveDirectory',
        type: 'Microsoft.Sql/servers/administrators',
        properties: { administratorType: 'ActiveDirectory', login: 'sql-admins', sid: 'c6b82b90-a647-49cb-8a62-0d2d3cb7ac7c', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', azureADOnlyAuthentication: true },
      },
    ]),
    [`GET ${PROD}/auditingSettings/default`]: {
      id: `${PROD}/auditingSettings/default`,
      name: 'default',
      type: 'Microsoft.Sql/servers/auditingSettings',
      properties: {
        state: 'Enabled',
        storageEndpoint: 'https://staudit.blob.core.windows.net/',
        retentionDays: 180,
        auditActionsAndGroups: ['SUCCESSFUL_DATABASE_AUTHENTICATION_GROUP', 'FAILED_DATABASE_AUTHENTICATION_GROUP', 'BATCH_COMPLETED_GROUP'],
        storageAccountSubscriptionId: TEST_SUBSCRIPTION_ID,
        isStorageSecondaryKeyInUse: false,
        isAzureMonitorTargetEnabled: true,
        isManagedIdentityInUse: false,
      },
    },
    [`GET ${PROD}/encryptionProtector/current`]: {
      id: `${PROD}/encryptionProtector/current`,
      name: 'current',
      type: 'Microsoft.Sql/servers/encryptionProtector',
      location: 'East US',
      kind: 'azurekeyvault',
      properties: {
        serverKeyName: 'kv-data_tde-key_0123456789abcdef0123456789abcdef',
        serverKeyType: 'AzureKeyVault',
        uri: 'https://kv-data.vault.azure.net/keys/tde-key/0123456789abcdef0123456789abcdef',
        autoRotationEnabled: true,
      },
    },
    [`GET ${PROD}/firewallRules`]: page([]),
    [`GET ${PROD}/securityAlertPolicies/Default`]: {
      id: `${PROD}/securityAlertPolicies/Default`,
      name: 'Default',
      type: 'Microsoft.Sql/servers/securityAlertPolicies',
      properties: { state: 'Enabled', creationTime: '2024-03-14T09:20:11.937Z', emailAccountAdmins: true, emailAddresses: ['secops@contoso.com;dba@contoso.com'], disabledAlerts: [''], retentionDays: 0 },
    },
    [`GET ${PROD}/vulnerabilityAssessments/default`]: {
      id: `${PROD}/vulnerabilityAssessments/default`,
      name: 'default',
      type: 'Microsoft.Sql/servers/vulnerabilityAssessments',
      properties: { recurringScans: { isEnabled: false, emailSubscriptionAdmins: true, emails: [] } },
    },
    [`GET ${PROD}/sqlVulnerabilityAssessments/default`]: {
      id: `${PROD}/sqlVulnerabilityAssessments/default`,
      name: 'default',
      type: 'Microsoft.Sql/servers/sqlVulnerabilityAssessments',
      properties: { state: 'Enabled' },
    },
    [`GET ${PROD}/databases`]: page([database(PROD, 'master', 'eastus', 'v12.0,system'), database(PROD, 'orders', 'eastus', 'v12.0,user,vcore,serverless')]),
    [`GET ${PROD}/databases/orders/transparentDataEncryption/current`]: tde(`${PROD}/databases/orders`, 'Enabled'),

    [`GET ${LEGACY}/administrators`]: page([]),
    [`GET ${LEGACY}/auditingSettings/default`]: {
      id: `${LEGACY}/auditingSettings/default`,
      name: 'default',
      type: 'Microsoft.Sql/servers/auditingSettings',
      properties: {
        state: 'Disabled',
        storageEndpoint: '',
        retentionDays: 0,
        auditActionsAndGroups: [],
        storageAccountSubscriptionId: '00000000-0000-0000-0000-000000000000',
        isStorageSecondaryKeyInUse: false,
        isAzureMonitorTargetEnabled: false,
        isManagedIdentityInUse: false,
      },
    },
    [`GET ${LEGACY}/encryptionProtector/current`]: {
      id: `${LEGACY}/encryptionProtector/current`,
      name: 'current',
      type: 'Microsoft.Sql/servers/encryptionProtector',
      location: 'West Europe',
      kind: 'servicemanaged',
      properties: { serverKeyName: 'ServiceManaged', serverKeyType: 'ServiceManaged', autoRotationEnabled: false },
    },
    [`GET ${LEGACY}/firewallRules`]: page([
      { id: `${LEGACY}/firewallRules/AllowAllWindowsAzureIps`, name: 'AllowAllWindowsAzureIps', type: 'Microsoft.Sql/servers/firewallRules', properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' } },
      { id: `${LEGACY}/firewallRules/anywhere`, name: 'anywhere', type: 'Microsoft.Sql/servers/firewallRules', properties: { startIpAddress: '0.0.0.0', endIpAddress: '255.255.255.255' } },
    ]),
    [`GET ${LEGACY}/securityAlertPolicies/Default`]: armError(404, 'ResourceNotFound', "The Resource 'Microsoft.Sql/servers/sql-legacy-weu/securityAlertPolicies/Default' under resource group 'rg-legacy' was not found."),
    [`GET ${LEGACY}/vulnerabilityAssessments/default`]: {
      id: `${LEGACY}/vulnerabilityAssessments/default`,
      name: 'default',
      type: 'Microsoft.Sql/servers/vulnerabilityAssessments',
      properties: {
        storageContainerPath: 'https://stvascans.blob.core.windows.net/vulnerability-assessment/',
        recurringScans: { isEnabled: true, emailSubscriptionAdmins: false, emails: ['dba@contoso.com'] },
      },
    },
    [`GET ${LEGACY}/sqlVulnerabilityAssessments/default`]: {
      id: `${LEGACY}/sqlVulnerabilityAssessments/default`,
      name: 'default',
      type: 'Microsoft.Sql/servers/sqlVulnerabilityAssessments',
      properties: { state: 'Disabled' },
    },
    [`GET ${LEGACY}/databases`]: page([database(LEGACY, 'master', 'westeurope', 'v12.0,system'), database(LEGACY, 'crm', 'westeurope', 'v12.0,user')]),
    [`GET ${LEGACY}/databases/crm/transparentDataEncryption/current`]: tde(`${LEGACY}/databases/crm`, 'Disabled'),
  };
}

describe('sql collector', () => {
  it('maps servers across pages with their settings and user databases', async () => {
    const fake = fakeAzure(routes());

    const data = await sqlCollector.collect(fake.context());

    expect(fake.unmatched).toEqual([]);
    expect(data.servers.value).toEqual([
      {
        id: PROD,
        name: 'sql-prod-eus',
        location: 'eastus',
        tags: { environment: 'production' },
        kind: 'v12.0',
        version: '12.0',
        fullyQualifiedDomainName: 'sql-prod-eus.database.windows.net',
        publicNetworkAccess: 'Disabled',
        minimalTlsVersion: '1.2',
        entraAdministrator: {
          value: { administratorType: 'ActiveDirectory', login: 'sql-admins', sid: 'c6b82b90-a647-49cb-8a62-0d2d3cb7ac7c', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', azureADOnlyAuthentication: true },
        },
        auditing: {
          value: {
            state: 'Enabled',
            storageEndpoint: 'https://staudit.blob.core.windows.net/',
            retentionDays: 180,
            isAzureMonitorTargetEnabled: true,
            auditActionsAndGroups: ['SUCCESSFUL_DATABASE_AUTHENTICATION_GROUP', 'FAILED_DATABASE_AUTHENTICATION_GROUP', 'BATCH_COMPLETED_GROUP'],
          },
        },
        encryptionProtector: {
          value: {
            serverKeyType: 'AzureKeyVault',
            serverKeyName: 'kv-data_tde-key_0123456789abcdef0123456789abcdef',
            uri: 'https://kv-data.vault.azure.net/keys/tde-key/0123456789abcdef0123456789abcdef',
            autoRotationEnabled: true,
          },
        },
        firewallRules: { value: [] },
        securityAlertPolicy: { value: { state: 'Enabled', emailAccountAdmins: true, emailAddresses: ['secops@contoso.com', 'dba@contoso.com'], disabledAlerts: [] } },
        vulnerabilityAssessment: { value: { recurringScans: { isEnabled: false, emailSubscriptionAdmins: true, emails: [] } } },
        expressVulnerabilityAssessment: { value: { state: 'Enabled' } },
        databases: {
          value: [
            {
              id: `${PROD}/databases/orders`,
              name: 'orders',
              location: 'eastus',
              kind: 'v12.0,user,vcore,serverless',
              status: 'Online',
              skuName: 'GP_S_Gen5',
              transparentDataEncryption: { value: { state: 'Enabled' } },
            },
          ],
        },
      },
      {
        id: LEGACY,
        name: 'sql-legacy-weu',
        location: 'westeurope',
        tags: {},
        kind: 'v12.0',
        version: '12.0',
        fullyQualifiedDomainName: 'sql-legacy-weu.database.windows.net',
        publicNetworkAccess: 'Enabled',
        minimalTlsVersion: 'None',
        entraAdministrator: { value: null },
        auditing: { value: { state: 'Disabled', retentionDays: 0, isAzureMonitorTargetEnabled: false, auditActionsAndGroups: [] } },
        encryptionProtector: { value: { serverKeyType: 'ServiceManaged', serverKeyName: 'ServiceManaged', autoRotationEnabled: false } },
        firewallRules: {
          value: [
            { id: `${LEGACY}/firewallRules/AllowAllWindowsAzureIps`, name: 'AllowAllWindowsAzureIps', startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' },
            { id: `${LEGACY}/firewallRules/anywhere`, name: 'anywhere', startIpAddress: '0.0.0.0', endIpAddress: '255.255.255.255' },
          ],
        },
        securityAlertPolicy: { value: null },
        vulnerabilityAssessment: {
          value: { storageContainerPath: 'https://stvascans.blob.core.windows.net/vulnerability-assessment/', recurringScans: { isEnabled: true, emailSubscriptionAdmins: false, emails: ['dba@contoso.com'] } },
        },
        expressVulnerabilityAssessment: { value: { state: 'Disabled' } },
        databases: {
          value: [
            { id: `${LEGACY}/databases/crm`, name: 'crm', location: 'westeurope', kind: 'v12.0,user', status: 'Online', skuName: 'GP_S_Gen5', transparentDataEncryption: { value: { state: 'Disabled' } } },
          ],
        },
      },
    ]);
  });

  it('reads only the servers in the scanned locations', async () => {
    const fake = fakeAzure(routes());

    const data = await sqlCollector.collect(fake.context({ locations: new Set(['westeurope']) }));

    expect(data.servers.value?.map((item) => item.name)).toEqual(['sql-legacy-weu']);
    expect(fake.requests.some((request) => request.url.includes('sql-prod-eus/'))).toBe(false);
  });

  it('returns the ARM error code when listing servers is denied', async () => {
    const fake = fakeAzure({
      [`GET ${SUB}/providers/Microsoft.Sql/servers`]: armError(
        403,
        'AuthorizationFailed',
        `The client 'scanner@contoso.com' with object id '0f2b1c3d-0000-4000-8000-000000000001' does not have authorization to perform action 'Microsoft.Sql/servers/read' over scope '${SUB}' or the scope is invalid.`,
      ),
    });

    const data = await sqlCollector.collect(fake.context());

    expect(data.servers.error).toMatchObject({ api: 'Microsoft.Sql/servers/read', code: 'AuthorizationFailed', httpStatus: 403 });
  });

  it('keeps a denied setting as an error of that server only', async () => {
    const fake = fakeAzure({
      ...routes(),
      [`GET ${LEGACY}/auditingSettings/default`]: armError(403, 'AuthorizationFailed', "The client does not have authorization to perform action 'Microsoft.Sql/servers/auditingSettings/read'."),
      [`GET ${LEGACY}/databases/crm/transparentDataEncryption/current`]: armError(
        403,
        'AuthorizationFailed',
        "The client does not have authorization to perform action 'Microsoft.Sql/servers/databases/transparentDataEncryption/read'.",
      ),
    });

    const data = await sqlCollector.collect(fake.context());

    const [prod, legacy] = data.servers.value ?? [];
    expect(prod?.auditing.value?.state).toBe('Enabled');
    expect(legacy?.auditing.error).toMatchObject({ api: 'Microsoft.Sql/servers/auditingSettings/read', code: 'AuthorizationFailed', httpStatus: 403, resourceUid: LEGACY });
    expect(legacy?.encryptionProtector.value?.serverKeyType).toBe('ServiceManaged');
    expect(legacy?.databases.value?.[0]?.transparentDataEncryption.error).toMatchObject({
      api: 'Microsoft.Sql/servers/databases/transparentDataEncryption/read',
      code: 'AuthorizationFailed',
      resourceUid: `${LEGACY}/databases/crm`,
    });
  });

  it('keeps a denied database list as an error of that server', async () => {
    const fake = fakeAzure({ ...routes(), [`GET ${PROD}/databases`]: armError(403, 'AuthorizationFailed') });

    const data = await sqlCollector.collect(fake.context());

    expect(data.servers.value?.[0]?.databases.error).toMatchObject({ api: 'Microsoft.Sql/servers/databases/read', code: 'AuthorizationFailed', resourceUid: PROD });
    expect(data.servers.value?.[1]?.databases.value).toHaveLength(1);
  });
});
