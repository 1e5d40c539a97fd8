/**
 * Demo data of Azure Monitor: the well-kept subscription (index 0) exports every activity log
 * category to a workspace and a customer-key encrypted archive, alerts on each CIS operation and
 * on service health, and runs workspace-based Application Insights; the neglected one (index 1)
 * exports only the Administrative category to a public, Microsoft-key archive and has a few
 * half-configured alert rules and a classic component.
 */
import type { ActivityLogAlert, ApplicationInsightsComponent, MonitorData, MonitorDiagnosticSetting } from '@palisade/core/azure';
import type { DemoSubscription } from './types.ts';

const OPERATIONS = [
  'Microsoft.Authorization/policyAssignments/write',
  'Microsoft.Authorization/policyAssignments/delete',
  'Microsoft.Network/networkSecurityGroups/write',
  'Microsoft.Network/networkSecurityGroups/delete',
  'Microsoft.Security/securitySolutions/write',
  'Microsoft.Security/securitySolutions/delete',
  'Microsoft.Sql/servers/firewallRules/write',
  'Microsoft.Sql/servers/firewallRules/delete',
  'Microsoft.Network/publicIPAddresses/write',
  'Microsoft.Network/publicIPAddresses/delete',
];

const CATEGORIES = ['Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Policy', 'Autoscale', 'ResourceHealth'];

export function demoMonitor(subscription: DemoSubscription): MonitorData {
  const kept = subscription.index === 0;
  const sub = `/subscriptions/${subscription.subscriptionId}`;
  const [primary = 'eastus', secondary = primary] = subscription.locations;
  const group = (name: string) => `${sub}/resourceGroups/${name}`;
  const workspace = `${group('rg-logs')}/providers/Microsoft.OperationalInsights/workspaces/law-security`;
  const archiveName = kept ? 'stprodactivityarchive' : 'stdevactivitylogs';
  const archive = `${group('rg-logs')}/providers/Microsoft.Storage/storageAccounts/${archiveName}`;
  const actionGroup = `${group('rg-monitor')}/providers/microsoft.insights/actionGroups/ag-secops`;

  const setting: MonitorDiagnosticSetting = {
    id: `${sub}/providers/microsoft.insights/diagnosticSettings/activity-log`,
    name: 'activity-log',
    ...(kept ? { workspaceId: workspace } : {}),
    storageAccountId: archive,
    logs: CATEGORIES.map((category) => ({ category, enabled: kept ? ['Administrative', 'Security', 'Alert', 'Policy', 'ServiceHealth'].includes(category) : category === 'Administrative' })),
    storageAccount: {
      value: {
        id: archive,
        name: archiveName,
        location: primary,
        keySource: kept ? 'Microsoft.Keyvault' : 'Microsoft.Storage',
        ...(kept ? { keyVaultUri: 'https://kv-prod-logs.vault.azure.net/', keyName: 'activity-archive' } : {}),
        allowBlobPublicAccess: !kept,
        publicNetworkAccess: kept ? 'Disabled' : 'Enabled',
        networkDefaultAction: kept ? 'Deny' : 'Allow',
        activityLogContainer: { value: { publicAccess: kept ? 'None' : 'Container' } },
      },
    },
  };

  const alert = (name: string, allOf: ActivityLogAlert['condition']['allOf'], overrides: Partial<ActivityLogAlert> = {}): ActivityLogAlert => ({
    id: `${group('rg-monitor')}/providers/microsoft.insights/activityLogAlerts/${name}`,
    name,
    location: 'Global',
    tags: {},
    enabled: true,
    scopes: [sub],
    condition: { allOf },
    actionGroupIds: [actionGroup],
    ...overrides,
  });
  const operationAlert = (operation: string, overrides: Partial<ActivityLogAlert> = {}) =>
    alert(
      `alert-${operation.split('/').slice(1).join('-').toLowerCase()}`,
      [
        { field: 'category', equals: 'Administrative' },
        { field: 'operationName', equals: operation },
      ],
      overrides,
    );
  const activityLogAlerts = kept
    ? [...OPERATIONS.map((operation) => operationAlert(operation)), alert('service-health', [{ field: 'category', equals: 'ServiceHealth' }])]
    : [
        operationAlert('Microsoft.Network/networkSecurityGroups/write', { enabled: false }),
        operationAlert('Microsoft.Sql/servers/firewallRules/write', { actionGroupIds: [] }),
        operationAlert('Microsoft.Network/publicIPAddresses/write', { scopes: [group('rg-dev')] }),
      ];

  const component = (name: string, location: string, modern: boolean): ApplicationInsightsComponent => ({
    id: `${group(`rg-app-${location}`)}/providers/Microsoft.Insights/components/${name}`,
    name,
    location,
    tags: { env: kept ? 'prod' : 'dev' },
    kind: 'web',
    applicationType: 'web',
    ...(modern ? { workspaceResourceId: workspace, ingestionMode: 'LogAnalytics' } : { ingestionMode: 'ApplicationInsights' }),
    disableLocalAuth: modern,
    publicNetworkAccessForIngestion: 'Enabled',
    publicNetworkAccessForQuery: 'Enabled',
    retentionInDays: 90,
  });
  const applicationInsightsComponents = kept
    ? [component('appi-shop', primary, true), component('appi-api', secondary, true)]
    : [component('appi-dev-shop', primary, false), component('appi-dev-api', secondary, true)];

  return {
    diagnosticSettings: { value: [setting] },
    activityLogAlerts: { value: activityLogAlerts },
    applicationInsightsComponents: { value: applicationInsightsComponents },
  };
}
