/**
 * Azure Database for MySQL flexible servers: the subscription's servers, then for each server in
 * the scanned locations its server parameters (kept: those security checks read). Single servers
 * are not read: the service was retired in September 2024.
 */
import type { Fetched } from '@palisade/core';
import type { MySqlConfiguration, MySqlFlexibleServer } from '@palisade/core/azure';
import { inLocations, mapLimit } from '../collector.ts';
import type { AzureCollector, AzureCollectorContext } from '../collector.ts';

const API_VERSION = '2023-12-30';

/** The server parameters the checks read; the other few hundred are dropped from the snapshot. */
export const MYSQL_PARAMETERS: ReadonlySet<string> = new Set(['require_secure_transport', 'tls_version', 'audit_log_enabled', 'audit_log_events']);

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
  readonly network?: { readonly publicNetworkAccess?: string };
}

interface ArmConfigurationProperties {
  readonly value?: string;
  readonly defaultValue?: string;
  readonly source?: string;
}

export const mysqlCollector: AzureCollector<'mysql'> = {
  service: 'mysql',
  async collect(context) {
    const listed = await context.arm.list<ArmResource<ArmServerProperties>>(
      'Microsoft.DBforMySQL/flexibleServers/read',
      `/subscriptions/${context.subscriptionId}/providers/Microsoft.DBforMySQL/flexibleServers`,
      API_VERSION,
    );
    if (listed.error) return { flexibleServers: { error: listed.error } };
    const inScope = listed.value.filter((server) => inLocations(context, server.location));
    return { flexibleServers: { value: await mapLimit(inScope, 8, (server) => collectServer(context, server)) } };
  },
};

async function collectServer({ arm }: AzureCollectorContext, server: ArmResource<ArmServerProperties>): Promise<MySqlFlexibleServer> {
  const configurations = await arm.list<ArmResource<ArmConfigurationProperties>>('Microsoft.DBforMySQL/flexibleServers/configurations/read', `${server.id}/configurations`, API_VERSION, {
    resourceUid: server.id,
  });
  const properties = server.properties ?? {};
  return {
    id: server.id,
    name: server.name,
    location: server.location ?? '',
    ...(server.tags ? { tags: server.tags } : {}),
    ...(properties.version ? { version: properties.version } : {}),
    ...(properties.state ? { state: properties.state } : {}),
    publicNetworkAccess: properties.network?.publicNetworkAccess === 'Disabled' ? 'Disabled' : 'Enabled',
    configurations: keepParameters(configurations),
  };
}

function keepParameters(fetched: Fetched<readonly ArmResource<ArmConfigurationProperties>[]>): Fetched<readonly MySqlConfiguration[]> {
  if (fetched.error) return { error: fetched.error };
  return {
    value: fetched.value
      .filter((configuration) => MYSQL_PARAMETERS.has(configuration.name))
      .map((configuration) => ({
        name: configuration.name,
        value: configuration.properties?.value ?? '',
        ...(configuration.properties?.defaultValue !== undefined ? { defaultValue: configuration.properties.defaultValue } : {}),
        ...(configuration.properties?.source ? { source: configuration.properties.source } : {}),
      })),
  };
}
