/**
 * Demo MySQL flexible servers: production keeps them private, TLS 1.2+ only and audited;
 * development exposes a wiki database with plaintext connections, old TLS and no audit log.
 */
import type { Fetched } from '@palisade/core';
import type { MySqlConfiguration, MySqlData, MySqlFlexibleServer } from '@palisade/core/azure';
import type { DemoSubscription } from './types.ts';

const ok = <T>(value: T): Fetched<T> => ({ value });

/** Parameter defaults of a new MySQL 8.0 flexible server, as ARM reports them. */
const DEFAULTS: Readonly<Record<string, string>> = {
  require_secure_transport: 'ON',
  tls_version: 'TLSv1.2,TLSv1.3',
  audit_log_enabled: 'OFF',
  audit_log_events: 'CONNECTION',
};

function parameters(changes: Readonly<Record<string, string>> = {}): MySqlConfiguration[] {
  return Object.entries({ ...DEFAULTS, ...changes }).map(([name, value]) => ({
    name,
    value,
    defaultValue: DEFAULTS[name] ?? '',
    source: value === DEFAULTS[name] ? 'system-default' : 'user-override',
  }));
}

export function demoMySql(subscription: DemoSubscription): MySqlData {
  const { subscriptionId, index } = subscription;
  const [primary = 'eastus', secondary = 'westeurope'] = subscription.locations;
  const suffix = subscriptionId.replace(/-/g, '').slice(0, 6).toLowerCase();
  const serverId = (group: string, name: string) => `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.DBforMySQL/flexibleServers/${name}`;
  const server = (group: string, name: string, location: string, tags: Record<string, string>, publicNetworkAccess: 'Enabled' | 'Disabled', changes: Readonly<Record<string, string>>, version = '8.0.21'): MySqlFlexibleServer => ({
    id: serverId(group, name),
    name,
    location,
    tags,
    version,
    state: 'Ready',
    publicNetworkAccess,
    configurations: ok(parameters(changes)),
  });

  if (index === 0) {
    return {
      flexibleServers: ok([
        server('rg-prod-shop', `mysql-prod-${suffix}-shop`, primary, { env: 'prod', owner: 'commerce' }, 'Disabled', { audit_log_enabled: 'ON', audit_log_events: 'CONNECTION,ADMIN,DDL,DCL' }),
        server('rg-prod-web', `mysql-prod-${suffix}-cms`, secondary, { env: 'prod', owner: 'marketing' }, 'Disabled', { audit_log_enabled: 'ON' }),
      ]),
    };
  }
  return {
    flexibleServers: ok([
      server('rg-dev-app', `mysql-dev-${suffix}-wiki`, primary, { env: 'dev' }, 'Enabled', { require_secure_transport: 'OFF', tls_version: 'TLSv1.2' }, '5.7'),
      server('rg-dev-sandbox', `mysql-dev-${suffix}-test`, secondary, { env: 'dev', owner: 'qa' }, 'Enabled', { tls_version: 'TLSv1.1,TLSv1.2,TLSv1.3', audit_log_enabled: 'ON', audit_log_events: 'DDL,DML' }),
    ]),
  };
}
