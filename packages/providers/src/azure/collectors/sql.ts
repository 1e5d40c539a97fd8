/**
 * Azure SQL Database: the subscription's logical servers, then for each server in the scanned
 * locations its Entra administrator, auditing, TDE protector, firewall rules, Defender for SQL
 * setting, vulnerability assessment (classic and express configurations) and user databases with
 * their transparent data encryption. Each read is its own `Fetched`, so a denied setting is an
 * ERROR on that server alone.
 */
import type { Fetched } from '@palisade/core';
import type {
  SqlDatabase,
  SqlDatabaseTransparentDataEncryption,
  SqlFirewallRule,
  SqlServer,
  SqlServerAuditingSettings,
  SqlServerEncryptionProtector,
  SqlServerEntraAdministrator,
  SqlServerExpressVulnerabilityAssessment,
  SqlServerSecurityAlertPolicy,
  SqlServerVulnerabilityAssessment,
} from '@palisade/core/azure';
import type { ArmClient } from '../client.ts';
import { inLocations, mapLimit } from '../collector.ts';
import type { AzureCollector, AzureCollectorContext } from '../collector.ts';

const API_VERSION = '2023-08-01';
/** Detail reads of a setting that was never written answer 404 with this code: "not configured". */
const NOT_CONFIGURED = ['ResourceNotFound'];

/** The envelope ARM wraps every resource in. */
interface ArmResource<P> {
  readonly id: string;
  readonly name: string;
  readonly type?: string;
  readonly location?: string;
  readonly kind?: string;
  readonly tags?: Record<string, string> | null;
  readonly sku?: { readonly name?: string };
  readonly properties?: P;
}

interface ArmServerProperties {
  readonly version?: string;
  readonly fullyQualifiedDomainName?: string;
  readonly publicNetworkAccess?: string;
  readonly minimalTlsVersion?: string | null;
}

interface ArmAdministratorProperties {
  readonly administratorType?: string;
  readonly login?: string;
  readonly sid?: string;
  readonly tenantId?: string;
  readonly azureADOnlyAuthentication?: boolean;
}

interface ArmAuditingProperties {
  readonly state?: string;
  readonly storageEndpoint?: string;
  readonly retentionDays?: number;
  readonly isAzureMonitorTargetEnabled?: boolean;
  readonly auditActionsAndGroups?: readonly string[];
}

interface ArmEncryptionProtectorProperties {
  readonly serverKeyType?: string;
  readonly serverKeyName?: string;
  readonly uri?: string;
  readonly autoRotationEnabled?: boolean;
}

interface ArmFirewallRuleProperties {
  readonly startIpAddress?: string;
  readonly endIpAddress?: string;
}

interface ArmSecurityAlertPolicyProperties {
  readonly state?: string;
  readonly emailAccountAdmins?: boolean;
  readonly emailAddresses?: readonly string[];
  readonly disabledAlerts?: readonly string[];
}

interface ArmVulnerabilityAssessmentProperties {
  readonly storageContainerPath?: string;
  readonly recurringScans?: { readonly isEnabled?: boolean; readonly emailSubscriptionAdmins?: boolean; readonly emails?: readonly string[] };
}

interface ArmDatabaseProperties {
  readonly status?: string;
}

function mapFetched<T, R>(fetched: Fetched<T>, map: (value: T) => R): Fetched<R> {
  return fetched.error ? { error: fetched.error } : { value: map(fetched.value) };
}

function orNull<T, R>(fetched: Fetched<T | null>, map: (value: T) => R): Fetched<R | null> {
  return mapFetched(fetched, (value) => (value === null ? null : map(value)));
}

/** Email lists come back as `["a@x.com;b@x.com"]` from some clients: one address per entry. */
function splitEmails(emails: readonly string[] | undefined): string[] {
  return (emails ?? []).flatMap((entry) => entry.split(';')).map((email) => email.trim()).filter((email) => email !== '');
}

export const sqlCollector: AzureCollector<'sql'> = {
  service: 'sql',
  async collect(context) {
    const listed = await context.arm.list<ArmResource<ArmServerProperties>>('Microsoft.Sql/servers/read', `/subscriptions/${context.subscriptionId}/providers/Microsoft.Sql/servers`, API_VERSION);
    if (listed.error) return { servers: { error: listed.error } };
    const inScope = listed.value.filter((server) => inLocations(context, server.location));
    const servers = await mapLimit(inScope, 8, (server) => collectServer(context, server));
    return { servers: { value: servers } };
  },
};

async function collectServer({ arm }: AzureCollectorContext, server: ArmResource<ArmServerProperties>): Promise<SqlServer> {
  const detail = { resourceUid: server.id };
  const notConfigured = { ...detail, notFound: NOT_CONFIGURED };
  const [administrators, auditing, encryptionProtector, firewallRules, securityAlertPolicy, vulnerabilityAssessment, expressVulnerabilityAssessment, databases] = await Promise.all([
    arm.list<ArmResource<ArmAdministratorProperties>>('Microsoft.Sql/servers/administrators/read', `${server.id}/administrators`, API_VERSION, detail),
    arm.get<ArmResource<ArmAuditingProperties>>('Microsoft.Sql/servers/auditingSettings/read', `${server.id}/auditingSettings/default`, API_VERSION, notConfigured),
    arm.get<ArmResource<ArmEncryptionProtectorProperties>>('Microsoft.Sql/servers/encryptionProtector/read', `${server.id}/encryptionProtector/current`, API_VERSION, notConfigured),
    arm.list<ArmResource<ArmFirewallRuleProperties>>('Microsoft.Sql/servers/firewallRules/read', `${server.id}/firewallRules`, API_VERSION, detail),
    arm.get<ArmResource<ArmSecurityAlertPolicyProperties>>('Microsoft.Sql/servers/securityAlertPolicies/read', `${server.id}/securityAlertPolicies/Default`, API_VERSION, notConfigured),
    arm.get<ArmResource<ArmVulnerabilityAssessmentProperties>>('Microsoft.Sql/servers/vulnerabilityAssessments/read', `${server.id}/vulnerabilityAssessments/default`, API_VERSION, notConfigured),
    arm.get<ArmResource<{ readonly state?: string }>>('Microsoft.Sql/servers/sqlVulnerabilityAssessments/read', `${server.id}/sqlVulnerabilityAssessments/default`, API_VERSION, notConfigured),
    collectDatabases(arm, server),
  ]);
  const properties = server.properties ?? {};
  return {
    id: server.id,
    name: server.name,
    location: server.location ?? '',
    ...(server.tags ? { tags: server.tags } : {}),
    ...(server.kind ? { kind: server.kind } : {}),
    ...(properties.version ? { version: properties.version } : {}),
    ...(properties.fullyQualifiedDomainName ? { fullyQualifiedDomainName: properties.fullyQualifiedDomainName } : {}),
    publicNetworkAccess: properties.publicNetworkAccess === 'Disabled' || properties.publicNetworkAccess === 'SecuredByPerimeter' ? properties.publicNetworkAccess : 'Enabled',
    minimalTlsVersion: properties.minimalTlsVersion ?? 'None',
    entraAdministrator: mapFetched(administrators, (items) => toEntraAdministrator(items.find((item) => item.properties?.administratorType === 'ActiveDirectory'))),
    auditing: orNull(auditing, toAuditing),
    encryptionProtector: orNull(encryptionProtector, toEncryptionProtector),
    firewallRules: mapFetched(firewallRules, (rules) => rules.map(toFirewallRule)),
    securityAlertPolicy: orNull(securityAlertPolicy, toSecurityAlertPolicy),
    vulnerabilityAssessment: orNull(vulnerabilityAssessment, toVulnerabilityAssessment),
    expressVulnerabilityAssessment: orNull(expressVulnerabilityAssessment, (resource): SqlServerExpressVulnerabilityAssessment => ({ state: resource.properties?.state === 'Enabled' ? 'Enabled' : 'Disabled' })),
    databases,
  };
}

async function collectDatabases(arm: ArmClient, server: ArmResource<ArmServerProperties>): Promise<Fetched<readonly SqlDatabase[]>> {
  const listed = await arm.list<ArmResource<ArmDatabaseProperties>>('Microsoft.Sql/servers/databases/read', `${server.id}/databases`, API_VERSION, { resourceUid: server.id });
  if (listed.error) return { error: listed.error };
  // `master` is the server's system database: its encryption is managed by the service.
  const userDatabases = listed.value.filter((database) => database.name.toLowerCase() !== 'master');
  const databases = await mapLimit(userDatabases, 8, async (database): Promise<SqlDatabase> => {
    const tde = await arm.get<ArmResource<{ readonly state?: string }>>(
      'Microsoft.Sql/servers/databases/transparentDataEncryption/read',
      `${database.id}/transparentDataEncryption/current`,
      API_VERSION,
      { resourceUid: database.id, notFound: NOT_CONFIGURED },
    );
    return {
      id: database.id,
      name: database.name,
      location: database.location ?? server.location ?? '',
      ...(database.tags ? { tags: database.tags } : {}),
      ...(database.kind ? { kind: database.kind } : {}),
      ...(database.properties?.status ? { status: database.properties.status } : {}),
      ...(database.sku?.name ? { skuName: database.sku.name } : {}),
      transparentDataEncryption: orNull(tde, (resource): SqlDatabaseTransparentDataEncryption => ({ state: resource.properties?.state === 'Enabled' ? 'Enabled' : 'Disabled' })),
    };
  });
  return { value: databases };
}

function toEntraAdministrator(resource: ArmResource<ArmAdministratorProperties> | undefined): SqlServerEntraAdministrator | null {
  if (!resource?.properties) return null;
  const properties = resource.properties;
  return {
    administratorType: properties.administratorType ?? 'ActiveDirectory',
    login: properties.login ?? '',
    sid: properties.sid ?? '',
    ...(properties.tenantId ? { tenantId: properties.tenantId } : {}),
    azureADOnlyAuthentication: properties.azureADOnlyAuthentication === true,
  };
}

function toAuditing(resource: ArmResource<ArmAuditingProperties>): SqlServerAuditingSettings {
  const properties = resource.properties ?? {};
  return {
    state: properties.state === 'Enabled' ? 'Enabled' : 'Disabled',
    ...(properties.storageEndpoint ? { storageEndpoint: properties.storageEndpoint } : {}),
    retentionDays: properties.retentionDays ?? 0,
    isAzureMonitorTargetEnabled: properties.isAzureMonitorTargetEnabled === true,
    auditActionsAndGroups: properties.auditActionsAndGroups ?? [],
  };
}

function toEncryptionProtector(resource: ArmResource<ArmEncryptionProtectorProperties>): SqlServerEncryptionProtector {
  const properties = resource.properties ?? {};
  return {
    serverKeyType: properties.serverKeyType === 'AzureKeyVault' ? 'AzureKeyVault' : 'ServiceManaged',
    ...(properties.serverKeyName ? { serverKeyName: properties.serverKeyName } : {}),
    ...(properties.uri ? { uri: properties.uri } : {}),
    ...(properties.autoRotationEnabled !== undefined ? { autoRotationEnabled: properties.autoRotationEnabled } : {}),
  };
}

function toFirewallRule(resource: ArmResource<ArmFirewallRuleProperties>): SqlFirewallRule {
  return { id: resource.id, name: resource.name, startIpAddress: resource.properties?.startIpAddress ?? '', endIpAddress: resource.properties?.endIpAddress ?? '' };
}

function toSecurityAlertPolicy(resource: ArmResource<ArmSecurityAlertPolicyProperties>): SqlServerSecurityAlertPolicy {
  const properties = resource.properties ?? {};
  const state = properties.state === 'Enabled' || properties.state === 'New' ? properties.state : 'Disabled';
  return {
    state,
    ...(properties.emailAccountAdmins !== undefined ? { emailAccountAdmins: properties.emailAccountAdmins } : {}),
    emailAddresses: splitEmails(properties.emailAddresses),
    disabledAlerts: (properties.disabledAlerts ?? []).filter((alert) => alert !== ''),
  };
}

function toVulnerabilityAssessment(resource: ArmResource<ArmVulnerabilityAssessmentProperties>): SqlServerVulnerabilityAssessment {
  const properties = resource.properties ?? {};
  return {
    ...(properties.storageContainerPath ? { storageContainerPath: properties.storageContainerPath } : {}),
    recurringScans: {
      isEnabled: properties.recurringScans?.isEnabled === true,
      emailSubscriptionAdmins: properties.recurringScans?.emailSubscriptionAdmins === true,
      emails: splitEmails(properties.recurringScans?.emails),
    },
  };
}
