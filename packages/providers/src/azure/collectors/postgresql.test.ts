import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armError, fakeAzure, page } from '../testing.ts';
import { postgresqlCollector } from './postgresql.ts';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const ORDERS = `${SUB}/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-orders`;
const REPORTING = `${SUB}/resourceGroups/rg-bi/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-reporting`;
const CONFIG_PAGE_2 = '$top=200&$skiptoken=c2tpcHRva2Vu';

// Bodies as ARM answers them for Microsoft.DBforPostgreSQL API version 2024-08-01 (azure-rest-api-specs examples).
const server = (id: string, name: string, location: string, network: Record<string, unknown>) => ({
  sku: { name: 'Standard_D2ds_v5', tier: 'GeneralPurpose' },
  systemData: { createdAt: '2024-05-02T10:11:12.1234567Z' },
  properties: {
    fullyQualifiedDomainName: `${name}.postgres.database.azure.com`,
    version: '16',
    minorVersion: '4',
    administratorLogin: 'pgadmin',
    state: 'Ready',
    availabilityZone: '1',
    storage: { storageSizeGB: 128, autoGrow: 'Disabled', tier: 'P10', iops: 500 },
    authConfig: { activeDirectoryAuth: name === 'pg-orders' ? 'Enabled' : 'Disabled', passwordAuth: 'Enabled', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
    dataEncryption: { type: 'SystemManaged' },
    backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled', earliestRestoreDate: '2026-05-25T10:11:12.1234567+00:00' },
    network,
    highAvailability: { mode: 'Disabled', state: 'NotEnabled' },
    replicationRole: 'Primary',
    replicaCapacity: 5,
  },
  location,
  tags: { owner: 'data-platform' },
  id,
  name,
  type: 'Microsoft.DBforPostgreSQL/flexibleServers',
});

const parameter = (serverId: string, name: string, value: string, defaultValue: string, dataType = 'Boolean') => ({
  properties: {
    value,
    description: `Server parameter ${name}.`,
    defaultValue,
    dataType,
    allowedValues: dataType === 'Boolean' ? 'on,off' : '1-7',
    source: value === defaultValue ? 'system-default' : 'user-override',
    isDynamicConfig: true,
    isReadOnly: false,
    isConfigPendingRestart: false,
    documentationLink: 'https://www.postgresql.org/docs/16/runtime-config-logging.html',
  },
  id: `${serverId}/configurations/${name}`,
  name,
  type: 'Microsoft.DBforPostgreSQL/flexibleServers/configurations',
});

function routes(): Record<string, unknown> {
  return {
    [`GET ${SUB}/providers/Microsoft.DBforPostgreSQL/flexibleServers`]: page([
      server(ORDERS, 'pg-orders', 'eastus', { publicNetworkAccess: 'Disabled', delegatedSubnetResourceId: `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-data/subnets/snet-pg` }),
      server(REPORTING, 'pg-reporting', 'westeurope', { publicNetworkAccess: 'Enabled' }),
    ]),
    [`GET ${ORDERS}/configurations`]: page(
      [parameter(ORDERS, 'allow_in_place_tablespaces', 'off', 'off'), parameter(ORDERS, 'connection_throttle.enable', 'on', 'off'), parameter(ORDERS, 'log_checkpoints', 'on', 'on')],
      `https://management.azure.com${ORDERS}/configurations?api-version=2024-08-01&${CONFIG_PAGE_2}`,
    ),
    [`GET ${ORDERS}/configurations?${CONFIG_PAGE_2}`]: page([
      parameter(ORDERS, 'log_connections', 'on', 'on'),
      parameter(ORDERS, 'log_disconnections', 'on', 'off'),
      parameter(ORDERS, 'logfiles.retention_days', '7', '3', 'Integer'),
      parameter(ORDERS, 'require_secure_transport', 'on', 'on'),
      parameter(ORDERS, 'ssl_min_protocol_version', 'TLSv1.2', 'TLSv1.2', 'Enumeration'),
      parameter(ORDERS, 'work_mem', '4096', '4096', 'Integer'),
    ]),
    [`GET ${ORDERS}/firewallRules`]: page([]),
    [`GET ${REPORTING}/configurations`]: page([parameter(REPORTING, 'require_secure_transport', 'off', 'on')]),
    [`GET ${REPORTING}/firewallRules`]: page([
      {
        properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' },
        id: `${REPORTING}/firewallRules/AllowAllAzureServicesAndResourcesWithinAzureIps_2024-5-2_10-15-3`,
        name: 'AllowAllAzureServicesAndResourcesWithinAzureIps_2024-5-2_10-15-3',
        type: 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules',
      },
    ]),
  };
}

describe('postgresql collector', () => {
  it('maps flexible servers with the parameters checks read, across configuration pages', async () => {
    const fake = fakeAzure(routes());

    const data = await postgresqlCollector.collect(fake.context());

    expect(fake.unmatched).toEqual([]);
    expect(data.flexibleServers.value).toEqual([
      {
        id: ORDERS,
        name: 'pg-orders',
        location: 'eastus',
        tags: { owner: 'data-platform' },
        version: '16',
        state: 'Ready',
        publicNetworkAccess: 'Disabled',
        delegatedSubnetResourceId: `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-data/subnets/snet-pg`,
        activeDirectoryAuth: 'Enabled',
        passwordAuth: 'Enabled',
        configurations: {
          value: [
            { name: 'connection_throttle.enable', value: 'on', defaultValue: 'off', source: 'user-override' },
            { name: 'log_checkpoints', value: 'on', defaultValue: 'on', source: 'system-default' },
            { name: 'log_connections', value: 'on', defaultValue: 'on', source: 'system-default' },
            { name: 'log_disconnections', value: 'on', defaultValue: 'off', source: 'user-override' },
            { name: 'logfiles.retention_days', value: '7', defaultValue: '3', source: 'user-override' },
            { name: 'require_secure_transport', value: 'on', defaultValue: 'on', source: 'system-default' },
            { name: 'ssl_min_protocol_version', value: 'TLSv1.2', defaultValue: 'TLSv1.2', source: 'system-default' },
          ],
        },
        firewallRules: { value: [] },
      },
      {
        id: REPORTING,
        name: 'pg-reporting',
        location: 'westeurope',
        tags: { owner: 'data-platform' },
        version: '16',
        state: 'Ready',
        publicNetworkAccess: 'Enabled',
        activeDirectoryAuth: 'Disabled',
        passwordAuth: 'Enabled',
        configurations: { value: [{ name: 'require_secure_transport', value: 'off', defaultValue: 'on', source: 'user-override' }] },
        firewallRules: {
          value: [
            {
              id: `${REPORTING}/firewallRules/AllowAllAzureServicesAndResourcesWithinAzureIps_2024-5-2_10-15-3`,
              name: 'AllowAllAzureServicesAndResourcesWithinAzureIps_2024-5-2_10-15-3',
              startIpAddress: '0.0.0.0',
              endIpAddress: '0.0.0.0',
            },
          ],
        },
      },
    ]);
  });

  it('reads only the servers in the scanned locations', async () => {
    const fake = fakeAzure(routes());

    const data = await postgresqlCollector.collect(fake.context({ locations: new Set(['eastus']) }));

    expect(data.flexibleServers.value?.map((item) => item.name)).toEqual(['pg-orders']);
  });

  it('returns the ARM error code when listing servers is denied', async () => {
    const fake = fakeAzure({
      [`GET ${SUB}/providers/Microsoft.DBforPostgreSQL/flexibleServers`]: armError(
        403,
        'AuthorizationFailed',
        `The client 'scanner@contoso.com' does not have authorization to perform action 'Microsoft.DBforPostgreSQL/flexibleServers/read' over scope '${SUB}'.`,
      ),
    });

    const data = await postgresqlCollector.collect(fake.context());

    expect(data.flexibleServers.error).toMatchObject({ api: 'Microsoft.DBforPostgreSQL/flexibleServers/read', code: 'AuthorizationFailed', httpStatus: 403 });
  });

  it('keeps a denied parameter list as an error of that server only', async () => {
    const fake = fakeAzure({ ...routes(), [`GET ${REPORTING}/configurations`]: armError(403, 'AuthorizationFailed') });

    const data = await postgresqlCollector.collect(fake.context());

    const [orders, reporting] = data.flexibleServers.value ?? [];
    expect(orders?.configurations.value).toHaveLength(7);
    expect(reporting?.configurations.error).toMatchObject({ api: 'Microsoft.DBforPostgreSQL/flexibleServers/configurations/read', code: 'AuthorizationFailed', resourceUid: REPORTING });
    expect(reporting?.firewallRules.value).toHaveLength(1);
  });
});
