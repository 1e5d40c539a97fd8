import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armError, fakeAzure, page } from '../testing.ts';
import { mysqlCollector } from './mysql.ts';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const SHOP = `${SUB}/resourceGroups/rg-shop/providers/Microsoft.DBforMySQL/flexibleServers/mysql-shop`;
const WIKI = `${SUB}/resourceGroups/rg-wiki/providers/Microsoft.DBforMySQL/flexibleServers/mysql-wiki`;
const CONFIG_PAGE_2 = 'page=2&pageSize=100';

// Bodies as ARM answers them for Microsoft.DBforMySQL flexible servers, API version 2023-12-30 (azure-rest-api-specs examples).
const server = (id: string, name: string, location: string, publicNetworkAccess: string) => ({
  sku: { name: 'Standard_B1ms', tier: 'Burstable' },
  properties: {
    administratorLogin: 'mysqladmin',
    storage: { storageSizeGB: 32, iops: 396, autoGrow: 'Enabled', storageSku: 'Premium_LRS' },
    version: '8.0.21',
    state: 'Ready',
    fullyQualifiedDomainName: `${name}.mysql.database.azure.com`,
    availabilityZone: '1',
    maintenanceWindow: { customWindow: 'Disabled', dayOfWeek: 0, startHour: 0, startMinute: 0 },
    replicationRole: 'None',
    replicaCapacity: 10,
    network: { publicNetworkAccess },
    backup: { backupRetentionDays: 7, backupIntervalHours: 24, geoRedundantBackup: 'Disabled', earliestRestoreDate: '2026-05-25T07:08:17.4259886+00:00' },
    highAvailability: { mode: 'Disabled', state: 'NotEnabled' },
  },
  location,
  tags: {},
  id,
  name,
  type: 'Microsoft.DBforMySQL/flexibleServers',
});

const parameter = (serverId: string, name: string, value: string, defaultValue: string, allowedValues: string) => ({
  properties: {
    value,
    description: `Server parameter ${name}.`,
    defaultValue,
    dataType: 'Enumeration',
    allowedValues,
    source: value === defaultValue ? 'system-default' : 'user-override',
    isConfigPendingRestart: 'False',
    isDynamicConfig: 'True',
    isReadOnly: 'False',
  },
  id: `${serverId}/configurations/${name}`,
  name,
  type: 'Microsoft.DBforMySQL/flexibleServers/configurations',
});

function routes(): Record<string, unknown> {
  return {
    [`GET ${SUB}/providers/Microsoft.DBforMySQL/flexibleServers`]: page([server(SHOP, 'mysql-shop', 'Southeast Asia', 'Disabled'), server(WIKI, 'mysql-wiki', 'eastus', 'Enabled')]),
    [`GET ${SHOP}/configurations`]: page(
      [parameter(SHOP, 'audit_log_enabled', 'ON', 'OFF', 'ON,OFF'), parameter(SHOP, 'audit_log_events', 'CONNECTION,DDL', 'CONNECTION', 'DDL,DML_SELECT,DML_NONSELECT,DCL,ADMIN,DML,GENERAL,CONNECTION,TABLE_ACCESS'), parameter(SHOP, 'event_scheduler', 'OFF', 'OFF', 'ON,OFF')],
      `https://management.azure.com${SHOP}/configurations?api-version=2023-12-30&${CONFIG_PAGE_2}`,
    ),
    [`GET ${SHOP}/configurations?${CONFIG_PAGE_2}`]: page([
      parameter(SHOP, 'require_secure_transport', 'ON', 'ON', 'ON,OFF'),
      parameter(SHOP, 'tls_version', 'TLSv1.2,TLSv1.3', 'TLSv1.2,TLSv1.3', 'TLSv1,TLSv1.1,TLSv1.2,TLSv1.3'),
    ]),
    [`GET ${WIKI}/configurations`]: page([parameter(WIKI, 'require_secure_transport', 'OFF', 'ON', 'ON,OFF'), parameter(WIKI, 'tls_version', 'TLSv1.1,TLSv1.2', 'TLSv1.2,TLSv1.3', 'TLSv1,TLSv1.1,TLSv1.2,TLSv1.3')]),
  };
}

describe('mysql collector', () => {
  it('maps flexible servers with the parameters checks read, across configuration pages', async () => {
    const fake = fakeAzure(routes());

    const data = await mysqlCollector.collect(fake.context());

    expect(fake.unmatched).toEqual([]);
    expect(data.flexibleServers.value).toEqual([
      {
        id: SHOP,
        name: 'mysql-shop',
        location: 'Southeast Asia',
        tags: {},
        version: '8.0.21',
        state: 'Ready',
        publicNetworkAccess: 'Disabled',
        configurations: {
          value: [
            { name: 'audit_log_enabled', value: 'ON', defaultValue: 'OFF', source: 'user-override' },
            { name: 'audit_log_events', value: 'CONNECTION,DDL', defaultValue: 'CONNECTION', source: 'user-override' },
            { name: 'require_secure_transport', value: 'ON', defaultValue: 'ON', source: 'system-default' },
            { name: 'tls_version', value: 'TLSv1.2,TLSv1.3', defaultValue: 'TLSv1.2,TLSv1.3', source: 'system-default' },
          ],
        },
      },
      {
        id: WIKI,
        name: 'mysql-wiki',
        location: 'eastus',
        tags: {},
        version: '8.0.21',
        state: 'Ready',
        publicNetworkAccess: 'Enabled',
        configurations: {
          value: [
            { name: 'require_secure_transport', value: 'OFF', defaultValue: 'ON', source: 'user-override' },
            { name: 'tls_version', value: 'TLSv1.1,TLSv1.2', defaultValue: 'TLSv1.2,TLSv1.3', source: 'user-override' },
          ],
        },
      },
    ]);
  });

  it('reads only the servers in the scanned locations (display names included)', async () => {
    const fake = fakeAzure(routes());

    const data = await mysqlCollector.collect(fake.context({ locations: new Set(['southeastasia']) }));

    expect(data.flexibleServers.value?.map((item) => item.name)).toEqual(['mysql-shop']);
  });

  it('returns the ARM error code when listing servers is denied', async () => {
    const fake = fakeAzure({ [`GET ${SUB}/providers/Microsoft.DBforMySQL/flexibleServers`]: armError(403, 'AuthorizationFailed', "The client does not have authorization to perform action 'Microsoft.DBforMySQL/flexibleServers/read'.") });

    const data = await mysqlCollector.collect(fake.context());

    expect(data.flexibleServers.error).toMatchObject({ api: 'Microsoft.DBforMySQL/flexibleServers/read', code: 'AuthorizationFailed', httpStatus: 403 });
  });

  it('keeps a denied parameter list as an error of that server only', async () => {
    const fake = fakeAzure({ ...routes(), [`GET ${WIKI}/configurations`]: armError(403, 'AuthorizationFailed') });

    const data = await mysqlCollector.collect(fake.context());

    const [shop, wiki] = data.flexibleServers.value ?? [];
    expect(shop?.configurations.value).toHaveLength(4);
    expect(wiki?.configurations.error).toMatchObject({ api: 'Microsoft.DBforMySQL/flexibleServers/configurations/read', code: 'AuthorizationFailed', resourceUid: WIKI });
  });
});
