/**
 * Demo Azure SQL logical servers: production keeps its servers private, Entra-only, audited and
 * encrypted with its own keys, with a reporting server in the second location that lags behind
 * (SQL logins still on, service-managed TDE key, audit only to Log Analytics); development has the
 * usual drift — firewall open to everyone, no Entra admin, auditing and Defender off.
 */
import type { Fetched } from '@palisade/core';
import type { SqlDatabase, SqlData, SqlFirewallRule, SqlServer, SqlServerVulnerabilityAssessment } from '@palisade/core/azure';
import type { DemoSubscription } from './types.ts';

const ok = <T>(value: T): Fetched<T> => ({ value });

const AUDIT_GROUPS = ['SUCCESSFUL_DATABASE_AUTHENTICATION_GROUP', 'FAILED_DATABASE_AUTHENTICATION_GROUP', 'BATCH_COMPLETED_GROUP'];
/** What the classic configuration answers on a server where it was never set up. */
const CLASSIC_NOT_SET_UP: SqlServerVulnerabilityAssessment = { recurringScans: { isEnabled: false, emailSubscriptionAdmins: true, emails: [] } };

export function demoSql(subscription: DemoSubscription): SqlData {
  const { subscriptionId, tenantId, index } = subscription;
  const [primary = 'eastus', secondary = 'westeurope'] = subscription.locations;
  // Server names are global DNS names: a suffix from the subscription keeps the two estates apart.
  const suffix = subscriptionId.replace(/-/g, '').slice(0, 6).toLowerCase();
  const serverId = (group: string, name: string) => `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.Sql/servers/${name}`;
  const database = (server: string, name: string, location: string, tdeOn = true, kind = 'v12.0,user'): SqlDatabase => ({
    id: `${server}/databases/${name}`,
    name,
    location,
    kind,
    status: 'Online',
    skuName: kind.includes('serverless') ? 'GP_S_Gen5' : 'GP_Gen5',
    transparentDataEncryption: ok({ state: tdeOn ? 'Enabled' : 'Disabled' }),
  });
  const rule = (server: string, name: string, startIpAddress: string, endIpAddress: string): SqlFirewallRule => ({ id: `${server}/firewallRules/${name}`, name, startIpAddress, endIpAddress });
  const storage = (purpose: string) => `https://st${index === 0 ? 'prod' : 'dev'}${suffix}${purpose}.blob.core.windows.net/`;

  if (index === 0) {
    const ordersName = `sql-prod-${suffix}-orders`;
    const orders = serverId('rg-prod-data', ordersName);
    const reportingName = `sql-prod-${suffix}-reporting`;
    const reporting = serverId('rg-prod-bi', reportingName);
    const servers: SqlServer[] = [
      {
        id: orders,
        name: ordersName,
        location: primary,
        tags: { env: 'prod', owner: 'commerce', classification: 'confidential' },
        kind: 'v12.0',
        version: '12.0',
        fullyQualifiedDomainName: `${ordersName}.database.windows.net`,
        publicNetworkAccess: 'Disabled',
        minimalTlsVersion: '1.2',
        entraAdministrator: ok({ administratorType: 'ActiveDirectory', login: 'sg-sql-admins-prod', sid: '4f1c2a9e-7d3b-4e8a-9c6f-1b2d3e4f5a6b', tenantId, azureADOnlyAuthentication: true }),
        auditing: ok({ state: 'Enabled', storageEndpoint: storage('audit'), retentionDays: 180, isAzureMonitorTargetEnabled: true, auditActionsAndGroups: AUDIT_GROUPS }),
        encryptionProtector: ok({
          serverKeyType: 'AzureKeyVault',
          serverKeyName: `kv-prod-app-${suffix}_sql-tde_3f2a9c0d8e7b4a6c9d1e2f3a4b5c6d7e`,
          uri: `https://kv-prod-app-${suffix}.vault.azure.net/keys/sql-tde/3f2a9c0d8e7b4a6c9d1e2f3a4b5c6d7e`,
          autoRotationEnabled: true,
        }),
        firewallRules: ok([]),
        securityAlertPolicy: ok({ state: 'Enabled', emailAccountAdmins: true, emailAddresses: ['secops@contoso.com'], disabledAlerts: [] }),
        vulnerabilityAssessment: ok(CLASSIC_NOT_SET_UP),
        expressVulnerabilityAssessment: ok({ state: 'Enabled' }),
        databases: ok([database(orders, 'orders', primary), database(orders, 'inventory', primary), database(orders, 'payments-audit', primary, true, 'v12.0,user,vcore,serverless')]),
      },
      {
        // The reporting server predates the landing zone: still reachable from the office and the
        // BI gateway, SQL logins still on for a legacy report job, TDE with Microsoft's key.
        id: reporting,
        name: reportingName,
        location: secondary,
        tags: { env: 'prod', owner: 'bi' },
        kind: 'v12.0',
        version: '12.0',
        fullyQualifiedDomainName: `${reportingName}.database.windows.net`,
        publicNetworkAccess: 'Enabled',
        minimalTlsVersion: '1.2',
        entraAdministrator: ok({ administratorType: 'ActiveDirectory', login: 'sg-bi-admins', sid: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d', tenantId, azureADOnlyAuthentication: false }),
        auditing: ok({ state: 'Enabled', retentionDays: 0, isAzureMonitorTargetEnabled: true, auditActionsAndGroups: AUDIT_GROUPS }),
        encryptionProtector: ok({ serverKeyType: 'ServiceManaged', serverKeyName: 'ServiceManaged', autoRotationEnabled: false }),
        firewallRules: ok([rule(reporting, 'office-dublin', '203.0.113.10', '203.0.113.10'), rule(reporting, 'bi-gateway', '198.51.100.40', '198.51.100.47')]),
        securityAlertPolicy: ok({ state: 'Enabled', emailAccountAdmins: true, emailAddresses: ['secops@contoso.com'], disabledAlerts: [] }),
        vulnerabilityAssessment: ok({
          storageContainerPath: `${storage('vascans')}vulnerability-assessment/`,
          recurringScans: { isEnabled: true, emailSubscriptionAdmins: true, emails: ['secops@contoso.com', 'bi-dba@contoso.com'] },
        }),
        expressVulnerabilityAssessment: ok({ state: 'Disabled' }),
        databases: ok([database(reporting, 'reporting', secondary)]),
      },
    ];
    return { servers: ok(servers) };
  }

  const appName = `sql-dev-${suffix}-app`;
  const app = serverId('rg-dev-app', appName);
  const sandboxName = `sql-dev-${suffix}-sandbox`;
  const sandbox = serverId('rg-dev-sandbox', sandboxName);
  const servers: SqlServer[] = [
    {
      // Created from a quickstart years ago and never revisited.
      id: app,
      name: appName,
      location: primary,
      tags: { env: 'dev' },
      kind: 'v12.0',
      version: '12.0',
      fullyQualifiedDomainName: `${appName}.database.windows.net`,
      publicNetworkAccess: 'Enabled',
      minimalTlsVersion: 'None',
      entraAdministrator: ok(null),
      auditing: ok({ state: 'Disabled', retentionDays: 0, isAzureMonitorTargetEnabled: false, auditActionsAndGroups: [] }),
      encryptionProtector: ok({ serverKeyType: 'ServiceManaged', serverKeyName: 'ServiceManaged', autoRotationEnabled: false }),
      firewallRules: ok([rule(app, 'AllowAllWindowsAzureIps', '0.0.0.0', '0.0.0.0'), rule(app, 'dev-anywhere', '0.0.0.0', '255.255.255.255')]),
      securityAlertPolicy: ok(null),
      vulnerabilityAssessment: ok(CLASSIC_NOT_SET_UP),
      expressVulnerabilityAssessment: ok({ state: 'Disabled' }),
      databases: ok([database(app, 'appdb', primary), database(app, 'legacy-import', primary, false)]),
    },
    {
      id: sandbox,
      name: sandboxName,
      location: secondary,
      tags: { env: 'dev', owner: 'data-science' },
      kind: 'v12.0',
      version: '12.0',
      fullyQualifiedDomainName: `${sandboxName}.database.windows.net`,
      publicNetworkAccess: 'Enabled',
      minimalTlsVersion: '1.1',
      entraAdministrator: ok({ administratorType: 'ActiveDirectory', login: 'alex.wilber@contoso.com', sid: '86462606-fde0-4fc4-9e0c-a20eb73e54c6', tenantId, azureADOnlyAuthentication: false }),
      auditing: ok({ state: 'Enabled', storageEndpoint: storage('audit'), retentionDays: 30, isAzureMonitorTargetEnabled: false, auditActionsAndGroups: AUDIT_GROUPS }),
      encryptionProtector: ok({ serverKeyType: 'ServiceManaged', serverKeyName: 'ServiceManaged', autoRotationEnabled: false }),
      firewallRules: ok([rule(sandbox, 'home-office', '192.0.2.0', '192.0.2.255'), rule(sandbox, 'vpn-pool', '10.0.0.0', '10.255.255.255')]),
      securityAlertPolicy: ok({ state: 'Disabled', emailAccountAdmins: false, emailAddresses: [], disabledAlerts: [] }),
      vulnerabilityAssessment: ok({ storageContainerPath: `${storage('vascans')}vulnerability-assessment/`, recurringScans: { isEnabled: false, emailSubscriptionAdmins: false, emails: [] } }),
      expressVulnerabilityAssessment: ok({ state: 'Disabled' }),
      databases: ok([database(sandbox, 'scratch', secondary, true, 'v12.0,user,vcore,serverless')]),
    },
  ];
  return { servers: ok(servers) };
}
