/** Fixture builders of the sql family: a well-kept logical server and database unless overridden. */
import type { Fetched } from '@palisade/core';
import type { AzureScopeSnapshot, SqlDatabase, SqlFirewallRule, SqlServer } from '@palisade/core/azure';
import { TEST_LOCATION, TEST_TENANT_ID, armId, ok, subscriptionSnapshot } from './scope.ts';

export function sqlServerId(name: string): string {
  return armId('Microsoft.Sql/servers', name);
}

/** A user database with transparent data encryption on, unless overridden. */
export function sqlDatabase(serverName: string, overrides: Partial<SqlDatabase> & { name: string }): SqlDatabase {
  return {
    id: `${sqlServerId(serverName)}/databases/${overrides.name}`,
    location: TEST_LOCATION,
    kind: 'v12.0,user',
    status: 'Online',
    skuName: 'GP_Gen5',
    transparentDataEncryption: ok({ state: 'Enabled' }),
    ...overrides,
  };
}

export function sqlFirewallRule(serverName: string, name: string, startIpAddress: string, endIpAddress: string): SqlFirewallRule {
  return { id: `${sqlServerId(serverName)}/firewallRules/${name}`, name, startIpAddress, endIpAddress };
}

/**
 * A server that passes every sql check unless overridden: private, TLS 1.2, Entra-only admin,
 * audited to storage for 180 days, TDE with a Key Vault key, Defender on, vulnerability assessment
 * in the classic configuration with recurring scans mailed to the security team and the admins.
 */
export function sqlServer(overrides: Partial<SqlServer> & { name: string }): SqlServer {
  return {
    id: sqlServerId(overrides.name),
    location: TEST_LOCATION,
    kind: 'v12.0',
    version: '12.0',
    publicNetworkAccess: 'Disabled',
    minimalTlsVersion: '1.2',
    entraAdministrator: ok({ administratorType: 'ActiveDirectory', login: 'sql-admins', sid: 'a3f2c1d0-5b6e-4c7d-8e9f-0a1b2c3d4e5f', tenantId: TEST_TENANT_ID, azureADOnlyAuthentication: true }),
    auditing: ok({
      state: 'Enabled',
      storageEndpoint: 'https://stauditprod.blob.core.windows.net/',
      retentionDays: 180,
      isAzureMonitorTargetEnabled: false,
      auditActionsAndGroups: ['SUCCESSFUL_DATABASE_AUTHENTICATION_GROUP', 'FAILED_DATABASE_AUTHENTICATION_GROUP', 'BATCH_COMPLETED_GROUP'],
    }),
    encryptionProtector: ok({ serverKeyType: 'AzureKeyVault', serverKeyName: 'kv-data_tde_0123456789abcdef', uri: 'https://kv-data.vault.azure.net/keys/tde/0123456789abcdef', autoRotationEnabled: true }),
    firewallRules: ok([]),
    securityAlertPolicy: ok({ state: 'Enabled', emailAccountAdmins: true, emailAddresses: ['secops@contoso.com'], disabledAlerts: [] }),
    vulnerabilityAssessment: ok({
      storageContainerPath: 'https://stvascans.blob.core.windows.net/vulnerability-assessment/',
      recurringScans: { isEnabled: true, emailSubscriptionAdmins: true, emails: ['secops@contoso.com'] },
    }),
    expressVulnerabilityAssessment: ok({ state: 'Disabled' }),
    databases: ok([sqlDatabase(overrides.name, { name: 'appdb' })]),
    ...overrides,
  };
}

/** A subscription scope whose sql data holds `servers` (a list, or a fetched list such as `denied(...)`). */
export function sqlSnapshot(servers: readonly SqlServer[] | Fetched<readonly SqlServer[]>): AzureScopeSnapshot {
  return subscriptionSnapshot({ sql: { servers: Array.isArray(servers) ? ok(servers) : (servers as Fetched<readonly SqlServer[]>) } });
}
