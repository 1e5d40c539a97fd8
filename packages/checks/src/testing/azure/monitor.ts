/** Fixture builders of the monitor family: Azure Monitor data of the test subscription. */
import type { ActivityLogAlert, ActivityLogStorageAccount, ApplicationInsightsComponent, MonitorData, MonitorDiagnosticSetting } from '@palisade/core/azure';
import { TEST_LOCATION, TEST_SUBSCRIPTION_ID, armId, ok } from './scope.ts';

/** The uid of the test subscription, on which subscription-wide monitor checks report. */
export const MONITOR_SUBSCRIPTION_UID = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

export const MONITOR_WORKSPACE_ID = armId('Microsoft.OperationalInsights/workspaces', 'law-security', 'rg-logs');
export const MONITOR_ACTION_GROUP_ID = armId('microsoft.insights/actionGroups', 'ag-secops', 'rg-monitor');

/** A subscription diagnostic setting sending Administrative, Security, Alert and Policy to a workspace unless overridden. */
export function monitorDiagnosticSetting(overrides: Partial<MonitorDiagnosticSetting> = {}): MonitorDiagnosticSetting {
  const name = overrides.name ?? 'activity-log';
  return {
    id: `${MONITOR_SUBSCRIPTION_UID}/providers/microsoft.insights/diagnosticSettings/${name}`,
    name,
    workspaceId: MONITOR_WORKSPACE_ID,
    logs: ['Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Policy', 'Autoscale', 'ResourceHealth'].map((category) => ({
      category,
      enabled: ['Administrative', 'Security', 'Alert', 'Policy'].includes(category),
    })),
    ...overrides,
  };
}

/** The uid of a test storage account that archives the activity log. */
export function activityLogStorageAccountId(name = 'stactivityarchive'): string {
  return armId('Microsoft.Storage/storageAccounts', name, 'rg-logs');
}

/** An archive account encrypted with a customer-managed key and closed to anonymous access unless overridden. */
export function activityLogStorageAccount(overrides: Partial<ActivityLogStorageAccount> = {}): ActivityLogStorageAccount {
  const name = overrides.name ?? 'stactivityarchive';
  return {
    id: activityLogStorageAccountId(name),
    name,
    location: TEST_LOCATION,
    keySource: 'Microsoft.Keyvault',
    keyVaultUri: 'https://kv-logs.vault.azure.net/',
    keyName: 'activity-log-key',
    allowBlobPublicAccess: false,
    publicNetworkAccess: 'Enabled',
    networkDefaultAction: 'Deny',
    activityLogContainer: ok({ publicAccess: 'None' }),
    ...overrides,
  };
}

/** A diagnostic setting archiving to `account`. */
export function archivingDiagnosticSetting(account: ActivityLogStorageAccount, overrides: Partial<MonitorDiagnosticSetting> = {}): MonitorDiagnosticSetting {
  return monitorDiagnosticSetting({ name: 'activity-archive', workspaceId: undefined, storageAccountId: account.id, storageAccount: ok(account), ...overrides });
}

/** An enabled, subscription-wide alert on `operationName` notifying an action group unless overridden. */
export function activityLogAlert(operationName: string, overrides: Partial<ActivityLogAlert> = {}): ActivityLogAlert {
  const name = overrides.name ?? `alert-${operationName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return {
    id: armId('microsoft.insights/activityLogAlerts', name, 'rg-monitor'),
    name,
    location: 'Global',
    tags: {},
    enabled: true,
    scopes: [MONITOR_SUBSCRIPTION_UID],
    condition: {
      allOf: [
        { field: 'category', equals: 'Administrative' },
        { field: 'operationName', equals: operationName },
      ],
    },
    actionGroupIds: [MONITOR_ACTION_GROUP_ID],
    ...overrides,
  };
}

/** A workspace-based component that refuses local (instrumentation key) authentication unless overridden. */
export function applicationInsightsComponent(overrides: Partial<ApplicationInsightsComponent> = {}): ApplicationInsightsComponent {
  const name = overrides.name ?? 'appi-web';
  return {
    id: armId('Microsoft.Insights/components', name, 'rg-app'),
    name,
    location: TEST_LOCATION,
    tags: {},
    kind: 'web',
    applicationType: 'web',
    workspaceResourceId: MONITOR_WORKSPACE_ID,
    ingestionMode: 'LogAnalytics',
    disableLocalAuth: true,
    publicNetworkAccessForIngestion: 'Enabled',
    publicNetworkAccessForQuery: 'Enabled',
    retentionInDays: 90,
    ...overrides,
  };
}

/** Monitor data with every list empty unless overridden. */
export function monitorData(overrides: Partial<MonitorData> = {}): MonitorData {
  return { diagnosticSettings: ok([]), activityLogAlerts: ok([]), applicationInsightsComponents: ok([]), ...overrides };
}
