/**
 * Azure Monitor (`Microsoft.Insights`) of one subscription: where the activity log is exported
 * (subscription diagnostic settings, with the storage account that archives it), activity log
 * alert rules, and Application Insights components. Diagnostic settings of single resources belong
 * to the family that owns the resource.
 *
 * API versions: diagnosticSettings 2021-05-01-preview, activityLogAlerts 2020-10-01, components
 * 2020-02-02, storageAccounts 2023-05-01 (with blobServices/containers).
 */
import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';

/** One log category of a diagnostic setting: a `category` (`Administrative`, `Security`, …) or a `categoryGroup` (`allLogs`). */
export interface MonitorLogSetting {
  readonly category?: string;
  readonly categoryGroup?: string;
  readonly enabled: boolean;
}

/**
 * The storage account a subscription's activity log is archived to, read by the monitor collector
 * because the setting points at it (it may sit in another subscription).
 */
export interface ActivityLogStorageAccount {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  /** `Microsoft.Storage` (Microsoft-managed key) or `Microsoft.Keyvault` (customer-managed key). */
  readonly keySource: string;
  /** The key vault URI and key name when `keySource` is `Microsoft.Keyvault`. */
  readonly keyVaultUri?: string;
  readonly keyName?: string;
  /** Account-wide switch for anonymous blob access; absent on old accounts (then containers decide). */
  readonly allowBlobPublicAccess?: boolean;
  /** `Enabled`, `Disabled` or `SecuredByPerimeter`. */
  readonly publicNetworkAccess?: string;
  /** `Allow` or `Deny` (the firewall's default action). */
  readonly networkDefaultAction?: string;
  /**
   * The `insights-activity-logs` container Azure Monitor writes to: its `publicAccess` (`None`,
   * `Blob`, `Container`), or null when it does not exist yet (nothing exported so far).
   */
  readonly activityLogContainer: Fetched<{ readonly publicAccess: string } | null>;
}

/** A subscription diagnostic setting: exports the activity log (`Microsoft.Insights/diagnosticSettings`). */
export interface MonitorDiagnosticSetting {
  readonly id: string;
  readonly name: string;
  readonly storageAccountId?: string;
  readonly workspaceId?: string;
  readonly eventHubAuthorizationRuleId?: string;
  readonly eventHubName?: string;
  readonly marketplacePartnerId?: string;
  readonly logs: readonly MonitorLogSetting[];
  /**
   * The destination storage account when `storageAccountId` is set (absent otherwise); null when
   * the account no longer exists.
   */
  readonly storageAccount?: Fetched<ActivityLogStorageAccount | null>;
}

/** A leaf of an activity log alert's condition, or a group of alternatives (`anyOf`). */
export interface ActivityLogAlertCondition {
  /** `category`, `operationName`, `level`, `status`, `caller`, `resourceType`, `resourceGroup`, `resourceId`, `properties.incidentType`, … */
  readonly field?: string;
  readonly equals?: string;
  /** Matches any of these values. */
  readonly containsAny?: readonly string[];
  readonly anyOf?: readonly ActivityLogAlertCondition[];
}

/** An activity log alert rule (`Microsoft.Insights/activityLogAlerts`); its location is `Global`. */
export interface ActivityLogAlert {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags: Tags;
  readonly enabled: boolean;
  /** The subscription, resource groups or resources whose events the rule watches (ARM writes them with or without a leading `/`). */
  readonly scopes: readonly string[];
  /** Every leaf must match (`allOf`). */
  readonly condition: { readonly allOf: readonly ActivityLogAlertCondition[] };
  /** Action groups notified when the rule fires. */
  readonly actionGroupIds: readonly string[];
  readonly description?: string;
}

/** An Application Insights component (`Microsoft.Insights/components`); ARM's PascalCase properties in camelCase. */
export interface ApplicationInsightsComponent {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags: Tags;
  /** `web`, `ios`, `other`, … */
  readonly kind?: string;
  readonly applicationType?: string;
  /** The Log Analytics workspace of a workspace-based component; absent for a classic one. */
  readonly workspaceResourceId?: string;
  /** `LogAnalytics`, `ApplicationInsights` (classic) or `ApplicationInsightsWithDiagnosticSettings`. */
  readonly ingestionMode?: string;
  /** Only Microsoft Entra authenticated telemetry is accepted (instrumentation keys refused). */
  readonly disableLocalAuth: boolean;
  readonly publicNetworkAccessForIngestion?: string;
  readonly publicNetworkAccessForQuery?: string;
  readonly retentionInDays?: number;
}

export interface MonitorData {
  /** Subscription diagnostic settings (activity log export); empty when none exists. */
  readonly diagnosticSettings: Fetched<readonly MonitorDiagnosticSetting[]>;
  readonly activityLogAlerts: Fetched<readonly ActivityLogAlert[]>;
  readonly applicationInsightsComponents: Fetched<readonly ApplicationInsightsComponent[]>;
}
