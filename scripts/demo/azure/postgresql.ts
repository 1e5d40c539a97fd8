/**
 * Demo PostgreSQL flexible servers: production runs inside its virtual network with hardened
 * parameters (the analytics server keeps the default 3-day log retention); development exposes a
 * server to the internet and to every Azure service, with plaintext connections allowed.
 */
import type { Fetched } from '@palisade/core';
import type { PostgreSqlConfiguration, PostgreSqlData, PostgreSqlFirewallRule, PostgreSqlFlexibleServer } from '@palisade/core/azure';
import type { DemoSubscription } from './types.ts';

const ok = <T>(value: T): Fetched<T> => ({ value });

/** Parameter defaults of a new flexible server, as ARM reports them. */
const DEFAULTS: Readonly<Record<string, string>> = {
  require_secure_transport: 'on',
  ssl_min_protocol_version: 'TLSv1.2',
  log_checkpoints: 'on',
  log_connections: 'on',
  log_disconnections: 'off',
  'connection_throttle.enable': 'off',
  'logfiles.retention_days': '3',
};

function parameters(changes: Readonly<Record<string, string>> = {}): PostgreSqlConfiguration[] {
  return Object.entries({ ...DEFAULTS, ...changes }).map(([name, value]) => ({
    name,
    value,
    defaultValue: DEFAULTS[name] ?? '',
    source: value === DEFAULTS[name] ? 'system-default' : 'user-override',
  }));
}

const HARDENED = { log_disconnections: 'on', 'connection_throttle.enable': 'on', 'logfiles.retention_days': '7' };

export function demoPostgreSql(subscription: DemoSubscription): PostgreSqlData {
  const { subscriptionId, index } = subscription;
  const [primary = 'eastus', secondary = 'westeurope'] = subscription.locations;
  const suffix = subscriptionId.replace(/-/g, '').slice(0, 6).toLowerCase();
  const serverId = (group: string, name: string) => `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${name}`;
  const rule = (server: string, name: string, startIpAddress: string, endIpAddress: string): PostgreSqlFirewallRule => ({ id: `${server}/firewallRules/${name}`, name, startIpAddress, endIpAddress });

  if (index === 0) {
    const ledgerName = `pg-prod-${suffix}-ledger`;
    const analyticsName = `pg-prod-${suffix}-analytics`;
    const servers: PostgreSqlFlexibleServer[] = [
      {
        id: serverId('rg-prod-data', ledgerName),
        name: ledgerName,
        location: primary,
        tags: { env: 'prod', owner: 'finance', classification: 'confidential' },
        version: '16',
        state: 'Ready',
        publicNetworkAccess: 'Disabled',
        delegatedSubnetResourceId: `/subscriptions/${subscriptionId}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-prod-${primary}/subnets/snet-postgres`,
        activeDirectoryAuth: 'Enabled',
        passwordAuth: 'Disabled',
        configurations: ok(parameters({ ...HARDENED, ssl_min_protocol_version: 'TLSv1.3' })),
        firewallRules: ok([]),
      },
      {
        // Reached through a private endpoint; nobody raised the log retention from its default.
        id: serverId('rg-prod-bi', analyticsName),
        name: analyticsName,
        location: secondary,
        tags: { env: 'prod', owner: 'bi' },
        version: '15',
        state: 'Ready',
        publicNetworkAccess: 'Disabled',
        activeDirectoryAuth: 'Enabled',
        passwordAuth: 'Enabled',
        configurations: ok(parameters({ ...HARDENED, 'logfiles.retention_days': '3' })),
        firewallRules: ok([]),
      },
    ];
    return { flexibleServers: ok(servers) };
  }

  const appName = `pg-dev-${suffix}-app`;
  const app = serverId('rg-dev-app', appName);
  const gisName = `pg-dev-${suffix}-gis`;
  const gis = serverId('rg-dev-sandbox', gisName);
  const servers: PostgreSqlFlexibleServer[] = [
    {
      id: app,
      name: appName,
      location: primary,
      tags: { env: 'dev' },
      version: '13',
      state: 'Ready',
      publicNetworkAccess: 'Enabled',
      activeDirectoryAuth: 'Disabled',
      passwordAuth: 'Enabled',
      configurations: ok(parameters({ require_secure_transport: 'off', log_connections: 'off', log_checkpoints: 'off' })),
      firewallRules: ok([rule(app, 'AllowAllAzureServicesAndResourcesWithinAzureIps_2024-3-4_9-12-41', '0.0.0.0', '0.0.0.0'), rule(app, 'AllowAll_2024-3-4_9-14-2', '0.0.0.0', '255.255.255.255')]),
    },
    {
      id: gis,
      name: gisName,
      location: secondary,
      tags: { env: 'dev', owner: 'data-science' },
      version: '16',
      state: 'Ready',
      publicNetworkAccess: 'Enabled',
      activeDirectoryAuth: 'Disabled',
      passwordAuth: 'Enabled',
      configurations: ok(parameters({ ssl_min_protocol_version: 'TLSv1.1', 'logfiles.retention_days': '1' })),
      firewallRules: ok([rule(gis, 'home-office', '192.0.2.17', '192.0.2.17')]),
    },
  ];
  return { flexibleServers: ok(servers) };
}
