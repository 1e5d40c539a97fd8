/**
 * Azure Monitor of one subscription, read from `Microsoft.Insights`: the subscription diagnostic
 * settings that export the activity log, activity log alert rules and Application Insights
 * components. For a setting that archives to a storage account, the account's encryption and
 * public access (and its `insights-activity-logs` container) are read too, since whether the
 * archive is protected is a property of where it is written.
 */
import type { Fetched } from '@palisade/core';
import type { ActivityLogAlert, ActivityLogAlertCondition, ActivityLogStorageAccount, ApplicationInsightsComponent, MonitorDiagnosticSetting } from '@palisade/core/azure';
import type { ArmClient } from '../client.ts';
import { inLocations, mapLimit } from '../collector.ts';
import type { AzureCollector } from '../collector.ts';

export const MONITOR_API_VERSIONS = {
  diagnosticSettings: '2021-05-01-preview',
  activityLogAlerts: '2020-10-01',
  components: '2020-02-02',
  storageAccounts: '2023-05-01',
} as const;

/** The container Azure Monitor creates in the destination account for the activity log. */
export const ACTIVITY_LOG_CONTAINER = 'insights-activity-logs';

interface ArmDiagnosticSetting {
  readonly id?: string;
  readonly name?: string;
  readonly properties?: {
    readonly storageAccountId?: string | null;
    readonly workspaceId?: string | null;
    readonly eventHubAuthorizationRuleId?: string | null;
    readonly eventHubName?: string | null;
    readonly marketplacePartnerId?: string | null;
    readonly logs?: readonly { readonly category?: string | null; readonly categoryGroup?: string | null; readonly enabled?: boolean }[];
  };
}

interface ArmCondition {
  readonly field?: string;
  readonly equals?: string;
  readonly containsAny?: readonly string[] | null;
  readonly anyOf?: readonly ArmCondition[] | null;
}

interface ArmActivityLogAlert {
  readonly id?: string;
  readonly name?: string;
  readonly location?: string;
  readonly tags?: Record<string, string> | null;
  readonly properties?: {
    readonly scopes?: readonly string[];
    readonly condition?: { readonly allOf?: readonly ArmCondition[] };
    readonly actions?: { readonly actionGroups?: readonly { readonly actionGroupId?: string }[] };
    readonly enabled?: boolean;
    readonly description?: string;
  };
}

interface ArmComponent {
  readonly id?: string;
  readonly name?: string;
  readonly location?: string;
  // The list answers `""` for a component without tags.
  readonly tags?: Record<string, string> | string | null;
  readonly kind?: string;
  readonly properties?: {
    readonly Application_Type?: string;
    readonly WorkspaceResourceId?: string;
    readonly IngestionMode?: string;
    readonly DisableLocalAuth?: boolean;
    readonly publicNetworkAccessForIngestion?: string;
    readonly publicNetworkAccessForQuery?: string;
    readonly RetentionInDays?: number;
  };
}

interface ArmStorageAccount {
  readonly id?: string;
  readonly name?: string;
  readonly location?: string;
  readonly properties?: {
    readonly encryption?: { readonly keySource?: string; readonly keyvaultproperties?: { readonly keyvaulturi?: string; readonly keyname?: string } };
    readonly allowBlobPublicAccess?: boolean;
    readonly publicNetworkAccess?: string;
    readonly networkAcls?: { readonly defaultAction?: string };
  };
}

interface ArmContainer {
  readonly properties?: { readonly publicAccess?: string };
}

export const monitorCollector: AzureCollector<'monitor'> = {
  service: 'monitor',
  async collect(context) {
    const { arm, subscriptionId } = context;
    const base = `/subscriptions/${subscriptionId}/providers/Microsoft.Insights`;
    const [settings, activityLogAlerts, components] = await Promise.all([
      arm.list<ArmDiagnosticSetting>('Microsoft.Insights/diagnosticSettings/read', `${base}/diagnosticSettings`, MONITOR_API_VERSIONS.diagnosticSettings),
      arm.list<ArmActivityLogAlert>('Microsoft.Insights/activityLogAlerts/read', `${base}/activityLogAlerts`, MONITOR_API_VERSIONS.activityLogAlerts),
      arm.list<ArmComponent>('Microsoft.Insights/components/read', `${base}/components`, MONITOR_API_VERSIONS.components),
    ]);
    return {
      diagnosticSettings: settings.error ? { error: settings.error } : { value: await withStorageAccounts(arm, settings.value) },
      activityLogAlerts: activityLogAlerts.error ? { error: activityLogAlerts.error } : { value: activityLogAlerts.value.map(toActivityLogAlert) },
      applicationInsightsComponents: components.error
        ? { error: components.error }
        : { value: components.value.filter((component) => inLocations(context, component.location)).map(toComponent) },
    };
  },
};

/** Reads each destination account once, however many settings write to it. */
async function withStorageAccounts(arm: ArmClient, settings: readonly ArmDiagnosticSetting[]): Promise<MonitorDiagnosticSetting[]> {
  // Resource ids are case-insensitive: one read per account, keyed by the lower-case id.
  const accountIds = new Map<string, string>();
  for (const setting of settings) {
    const id = setting.properties?.storageAccountId;
    if (id && !accountIds.has(id.toLowerCase())) accountIds.set(id.toLowerCase(), id);
  }
  const accounts = new Map<string, Fetched<ActivityLogStorageAccount | null>>();
  await mapLimit([...accountIds], 8, async ([key, id]) => {
    accounts.set(key, await readStorageAccount(arm, id));
  });
  return settings.map((setting) => {
    const properties = setting.properties ?? {};
    const storageAccount = properties.storageAccountId ? accounts.get(properties.storageAccountId.toLowerCase()) : undefined;
    return {
      id: setting.id ?? '',
      name: setting.name ?? '',
      ...(properties.storageAccountId ? { storageAccountId: properties.storageAccountId } : {}),
      ...(properties.workspaceId ? { workspaceId: properties.workspaceId } : {}),
      ...(properties.eventHubAuthorizationRuleId ? { eventHubAuthorizationRuleId: properties.eventHubAuthorizationRuleId } : {}),
      ...(properties.eventHubName ? { eventHubName: properties.eventHubName } : {}),
      ...(properties.marketplacePartnerId ? { marketplacePartnerId: properties.marketplacePartnerId } : {}),
      logs: (properties.logs ?? []).map((log) => ({
        ...(log.category ? { category: log.category } : {}),
        ...(log.categoryGroup ? { categoryGroup: log.categoryGroup } : {}),
        enabled: log.enabled === true,
      })),
      ...(storageAccount ? { storageAccount } : {}),
    };
  });
}

async function readStorageAccount(arm: ArmClient, id: string): Promise<Fetched<ActivityLogStorageAccount | null>> {
  const account = await arm.get<ArmStorageAccount>('Microsoft.Storage/storageAccounts/read', id, MONITOR_API_VERSIONS.storageAccounts, { notFound: ['404'], resourceUid: id });
  if (account.error) return { error: account.error };
  if (account.value === null) return { value: null };
  const containerPath = `${id}/blobServices/default/containers/${ACTIVITY_LOG_CONTAINER}`;
  const container = await arm.get<ArmContainer>('Microsoft.Storage/storageAccounts/blobServices/containers/read', containerPath, MONITOR_API_VERSIONS.storageAccounts, {
    notFound: ['404'],
    resourceUid: id,
  });
  const properties = account.value.properties ?? {};
  const keyVault = properties.encryption?.keyvaultproperties;
  return {
    value: {
      id: account.value.id ?? id,
      name: account.value.name ?? id.split('/').pop() ?? id,
      location: account.value.location ?? '',
      keySource: properties.encryption?.keySource ?? 'Microsoft.Storage',
      ...(keyVault?.keyvaulturi ? { keyVaultUri: keyVault.keyvaulturi } : {}),
      ...(keyVault?.keyname ? { keyName: keyVault.keyname } : {}),
      ...(properties.allowBlobPublicAccess !== undefined ? { allowBlobPublicAccess: properties.allowBlobPublicAccess } : {}),
      ...(properties.publicNetworkAccess ? { publicNetworkAccess: properties.publicNetworkAccess } : {}),
      ...(properties.networkAcls?.defaultAction ? { networkDefaultAction: properties.networkAcls.defaultAction } : {}),
      activityLogContainer: container.error
        ? { error: container.error }
        : { value: container.value === null ? null : { publicAccess: container.value.properties?.publicAccess ?? 'None' } },
    },
  };
}

function toCondition(condition: ArmCondition): ActivityLogAlertCondition {
  return {
    ...(condition.field ? { field: condition.field } : {}),
    ...(condition.equals !== undefined && condition.equals !== null ? { equals: condition.equals } : {}),
    ...(condition.containsAny ? { containsAny: condition.containsAny } : {}),
    ...(condition.anyOf ? { anyOf: condition.anyOf.map(toCondition) } : {}),
  };
}

function toActivityLogAlert(alert: ArmActivityLogAlert): ActivityLogAlert {
  const properties = alert.properties ?? {};
  return {
    id: alert.id ?? '',
    name: alert.name ?? '',
    location: alert.location ?? 'Global',
    tags: alert.tags ?? {},
    enabled: properties.enabled !== false,
    scopes: properties.scopes ?? [],
    condition: { allOf: (properties.condition?.allOf ?? []).map(toCondition) },
    actionGroupIds: (properties.actions?.actionGroups ?? []).flatMap((group) => (group.actionGroupId ? [group.actionGroupId] : [])),
    ...(properties.description ? { description: properties.description } : {}),
  };
}

function toComponent(component: ArmComponent): ApplicationInsightsComponent {
  const properties = component.properties ?? {};
  return {
    id: component.id ?? '',
    name: component.name ?? '',
    location: component.location ?? '',
    tags: typeof component.tags === 'object' && component.tags !== null ? component.tags : {},
    ...(component.kind ? { kind: component.kind } : {}),
    ...(properties.Application_Type ? { applicationType: properties.Application_Type } : {}),
    ...(properties.WorkspaceResourceId ? { workspaceResourceId: properties.WorkspaceResourceId } : {}),
    ...(properties.IngestionMode ? { ingestionMode: properties.IngestionMode } : {}),
    disableLocalAuth: properties.DisableLocalAuth === true,
    ...(properties.publicNetworkAccessForIngestion ? { publicNetworkAccessForIngestion: properties.publicNetworkAccessForIngestion } : {}),
    ...(properties.publicNetworkAccessForQuery ? { publicNetworkAccessForQuery: properties.publicNetworkAccessForQuery } : {}),
    ...(properties.RetentionInDays !== undefined ? { retentionInDays: properties.RetentionInDays } : {}),
  };
}
