/** Fixture builders of the mysql family: a well-kept flexible server unless overridden. */
import type { Fetched } from '@palisade/core';
import type { AzureScopeSnapshot, MySqlConfiguration, MySqlFlexibleServer } from '@palisade/core/azure';
import { TEST_LOCATION, armId, ok, subscriptionSnapshot } from './scope.ts';

export function mySqlServerId(name: string): string {
  return armId('Microsoft.DBforMySQL/flexibleServers', name);
}

/** The parameters every mysql check reads, set as the checks want them. */
export const MYSQL_SECURE_PARAMETERS: Readonly<Record<string, string>> = {
  require_secure_transport: 'ON',
  tls_version: 'TLSv1.2,TLSv1.3',
  audit_log_enabled: 'ON',
  audit_log_events: 'CONNECTION,ADMIN,DDL',
};

/** Server parameters from `name → value` pairs. */
export function mySqlParameters(values: Readonly<Record<string, string>>): MySqlConfiguration[] {
  return Object.entries(values).map(([name, value]) => ({ name, value, source: 'user-override' }));
}

/** A flexible server that passes every mysql check unless overridden. */
export function mySqlServer(overrides: Partial<MySqlFlexibleServer> & { name: string }): MySqlFlexibleServer {
  return {
    id: mySqlServerId(overrides.name),
    location: TEST_LOCATION,
    version: '8.0.21',
    state: 'Ready',
    publicNetworkAccess: 'Disabled',
    configurations: ok(mySqlParameters(MYSQL_SECURE_PARAMETERS)),
    ...overrides,
  };
}

/** A server whose parameters are the secure ones with `changes` applied (a value of `undefined` removes the parameter). */
export function mySqlServerWith(name: string, changes: Readonly<Record<string, string | undefined>>, overrides: Partial<MySqlFlexibleServer> = {}): MySqlFlexibleServer {
  const values: Record<string, string> = { ...MYSQL_SECURE_PARAMETERS };
  for (const [parameter, value] of Object.entries(changes)) {
    if (value === undefined) delete values[parameter];
    else values[parameter] = value;
  }
  return mySqlServer({ name, configurations: ok(mySqlParameters(values)), ...overrides });
}

/** A subscription scope whose mysql data holds `servers` (a list, or a fetched list such as `denied(...)`). */
export function mySqlSnapshot(servers: readonly MySqlFlexibleServer[] | Fetched<readonly MySqlFlexibleServer[]>): AzureScopeSnapshot {
  return subscriptionSnapshot({ mysql: { flexibleServers: Array.isArray(servers) ? ok(servers) : (servers as Fetched<readonly MySqlFlexibleServer[]>) } });
}
