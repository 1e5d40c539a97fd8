/**
 * Azure Database for PostgreSQL flexible servers: the subscription's servers, then for each server
 * in the scanned locations its server parameters (kept: those security checks read) and firewall
 * rules. Single servers are not read: the service was retired in March 2025.
 */
import type { Fetched } from '@palisade/core';
import type { PostgreSqlConfiguration, PostgreSqlFirewallRule, PostgreSqlFlexibleServer } from '@palisade/core/azure';
import { inLocations, mapLimit } from '../collector.ts';
import type { AzureCollector, AzureCollectorContext } from '../collector.ts';

const API_VERSION = '2024-08-01';

/** The server parameters the checks read; the other few hundred are dropped from the snapshot. */
export const POSTGRESQL_PARAMETERS: ReadonlySet<string> = new Set([
  'require_secure_transport',
  'ssl_min_protocol_version',
  'log_checkpoints',
  'log_connections',
  'log_disconnections',
  'connection_throttle.enable',
  'logfiles.retention_days',
]);

interface ArmResource<P> {
  readonly id: string;
  readonly name: string;
  readonly location?: string;
  readonly tags?: Record<string, string> | null;
  readonly properties?: P;
}

interface ArmServerProperties {
  readonly version?: string;
  readonly state?: string;
  readonly network?: { readonly publicNetworkAccess?: string; readonly delegatedSubnetResourceId?: string };
  readonly authConfig?: { readonly activeDirectoryAuth?: string; readonly passwordAuth?: string };
}

interface ArmConfigurationProperties {
  readonly value?: string;
  readonly defaultValue?: string;
  readonly source?: string;
}

interface ArmFirewallRuleProperties {
  readonly startIpAddress?: string;
  readonly endIpAddress?: string;
}

const enabledOrDisabled = (value: string | undefined): 'Enabled' | 'Disabled' | undefined => (value === 'Enabled' || value === 'Disabled' ? value : undefined);

export const postgresqlCollector: AzureCollector<'postgresql'> = {
  service: 'postgresql',
  async collect(context) {
    const listed = await context.arm.list<ArmResource<ArmServerProperties>>(
      'Microsoft.DBforPostgreSQL/flexibleServers/read',
      `/subscriptions/${context.subscriptionId}/providers/Microsoft.DBforPostgreSQL/flexibleServers`,
      API_VERSION,
    );
    if (listed.error) return { flexibleServers: { error: listed.error } };
    const inScope = listed.value.filter((server) => inLocations(context, server.location));
    return { flexibleServers: { value: await mapLimit(inScope, 8, (server) => collectServer(context, server)) } };
  },
};

async function collectServer({ arm }: AzureCollectorContext, server: ArmResource<ArmServerProperties>): Promise<PostgreSqlFlexibleServer> {
  const detail = { resourceUid: server.id };
  const [configurations, firewallRules] = await Promise.all([
    arm.list<ArmResource<ArmConfigurationProperties>>('Microsoft.DBforPostgreSQL/flexibleServers/configurations/read', `${server.id}/configurations`, API_VERSION, detail),
    arm.list<ArmResource<ArmFirewallRuleProperties>>('Microsoft.DBforPostgreSQL/flexibleServers/firewallRules/read', `${server.id}/firewallRules`, API_VERSION, detail),
  ]);
  const properties = server.properties ?? {};
  const activeDirectoryAuth = enabledOrDisabled(properties.authConfig?.activeDirectoryAuth);
  const passwordAuth = enabledOrDisabled(properties.authConfig?.passwordAuth);
  return {
    id: server.id,
    name: server.name,
    location: server.location ?? '',
    ...(server.tags ? { tags: server.tags } : {}),
    ...(properties.version ? { version: properties.version } : {}),
    ...(properties.state ? { state: properties.state } : {}),
    publicNetworkAccess: properties.network?.publicNetworkAccess === 'Disabled' ? 'Disabled' : 'Enabled',
    ...(properties.network?.delegatedSubnetResourceId ? { delegatedSubnetResourceId: properties.network.delegatedSubnetResourceId } : {}),
    ...(activeDirectoryAuth ? { activeDirectoryAuth } : {}),
    ...(passwordAuth ? { passwordAuth } : {}),
    configurations: keepParameters(configurations),
    firewallRules: firewallRules.error
      ? { error: firewallRules.error }
      : {
          value: firewallRules.value.map(
            (rule): PostgreSqlFirewallRule => ({ id: rule.id, name: rule.name, startIpAddress: rule.properties?.startIpAddress ?? '', endIpAddress: rule.properties?.endIpAddress ?? '' }),
          ),
        },
  };
}

function keepParameters(fetched: Fetched<readonly ArmResource<ArmConfigurationProperties>[]>): Fetched<readonly PostgreSqlConfiguration[]> {
  if (fetched.error) return { error: fetched.error };
  return {
    value: fetched.value
      .filter((configuration) => POSTGRESQL_PARAMETERS.has(configuration.name))
      .map((configuration) => ({
        name: configuration.name,
        value: configuration.properties?.value ?? '',
        ...(configuration.properties?.defaultValue !== undefined ? { defaultValue: configuration.properties.defaultValue } : {}),
        ...(configuration.properties?.source ? { source: configuration.properties.source } : {}),
      })),
  };
}
