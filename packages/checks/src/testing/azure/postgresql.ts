/** Fixture builders of the postgresql family: a well-kept flexible server unless overridden. */
import type { Fetched } from '@palisade/core';
import type { AzureScopeSnapshot, PostgreSqlConfiguration, PostgreSqlFirewallRule, PostgreSqlFlexibleServer } from '@palisade/core/azure';
import { TEST_LOCATION, armId, ok, subscriptionSnapshot } from './scope.ts';

export function postgreSqlServerId(name: string): string {
  return armId('Microsoft.DBforPostgreSQL/flexibleServers', name);
}

/** The parameters every postgresql check reads, set as the checks want them. */
export const POSTGRESQL_SECURE_PARAMETERS: Readonly<Record<string, string>> = {
  require_secure_transport: 'on',
  ssl_min_protocol_version: 'TLSv1.2',
  log_checkpoints: 'on',
  log_connections: 'on',
  log_disconnections: 'on',
  'connection_throttle.enable': 'on',
  'logfiles.retention_days': '7',
};

/** Server parameters from `name → value` pairs. */
export function postgreSqlParameters(values: Readonly<Record<string, string>>): PostgreSqlConfiguration[] {
  return Object.entries(values).map(([name, value]) => ({ name, value, source: 'user-override' }));
}

export function postgreSqlFirewallRule(serverName: string, name: string, startIpAddress: string, endIpAddress: string): PostgreSqlFirewallRule {
  return { id: `${postgreSqlServerId(serverName)}/firewallRules/${name}`, name, startIpAddress, endIpAddress };
}

/** A flexible server that passes every postgresql check unless overridden: private, every parameter set, no firewall rules. */
export function postgreSqlServer(overrides: Partial<PostgreSqlFlexibleServer> & { name: string }): PostgreSqlFlexibleServer {
  return {
    id: postgreSqlServerId(overrides.name),
    location: TEST_LOCATION,
    version: '16',
    state: 'Ready',
    publicNetworkAccess: 'Disabled',
    activeDirectoryAuth: 'Enabled',
    passwordAuth: 'Disabled',
    configurations: ok(postgreSqlParameters(POSTGRESQL_SECURE_PARAMETERS)),
    firewallRules: ok([]),
    ...overrides,
  };
}

/** A server whose parameters are the secure ones with `changes` applied (a value of `undefined` removes the parameter). */
export function postgreSqlServerWith(name: string, changes: Readonly<Record<string, string | undefined>>, overrides: Partial<PostgreSqlFlexibleServer> = {}): PostgreSqlFlexibleServer {
  const values: Record<string, string> = { ...POSTGRESQL_SECURE_PARAMETERS };
  for (const [parameter, value] of Object.entries(changes)) {
    if (value === undefined) delete values[parameter];
    else values[parameter] = value;
  }
  return postgreSqlServer({ name, configurations: ok(postgreSqlParameters(values)), ...overrides });
}

/** A subscription scope whose postgresql data holds `servers` (a list, or a fetched list such as `denied(...)`). */
export function postgreSqlSnapshot(servers: readonly PostgreSqlFlexibleServer[] | Fetched<readonly PostgreSqlFlexibleServer[]>): AzureScopeSnapshot {
  return subscriptionSnapshot({ postgresql: { flexibleServers: Array.isArray(servers) ? ok(servers) : (servers as Fetched<readonly PostgreSqlFlexibleServer[]>) } });
}
