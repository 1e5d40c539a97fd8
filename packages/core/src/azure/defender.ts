/**
 * Microsoft Defender for Cloud (`Microsoft.Security`) of one subscription: the Defender plans and
 * their extensions, the legacy auto-provisioning setting, the security contact that receives alert
 * emails, the integration settings (Defender for Endpoint, Defender for Cloud Apps), the server
 * vulnerability assessment provider, and the few assessments (recommendations) checks read.
 *
 * API versions: pricings 2024-01-01, autoProvisioningSettings 2017-08-01-preview, securityContacts
 * 2023-12-01-preview (the shape with `emails`, `notificationsByRole` and `notificationsSources`; the
 * older `alertNotifications` / `alertsToAdmins` shape is not read), settings 2022-05-01,
 * serverVulnerabilityAssessmentsSettings 2023-05-01, assessments 2021-06-01.
 */
import type { Fetched } from '../fetched.ts';

/** A plan's optional capability (`AgentlessVmScanning`, `FileIntegrityMonitoring`, `AgentlessDiscoveryForKubernetes`, …). */
export interface DefenderPlanExtension {
  readonly name: string;
  /** ARM writes `"True"` / `"False"`; read as a boolean. */
  readonly isEnabled: boolean;
}

/**
 * One Defender plan's configuration on the subscription (`Microsoft.Security/pricings/<name>`).
 * Names: `VirtualMachines` (Servers), `AppServices`, `SqlServers` (Azure SQL databases),
 * `SqlServerVirtualMachines` (SQL servers on machines), `OpenSourceRelationalDatabases`, `CosmosDbs`,
 * `StorageAccounts`, `Containers`, `KeyVaults`, `Arm` (Resource Manager), `Api`, `Dns` (legacy),
 * `CloudPosture` (Defender CSPM), and deprecated ones such as `KubernetesService`.
 */
export interface DefenderPricing {
  readonly id: string;
  readonly name: string;
  /** `Standard` when the plan is on, `Free` when it is off. */
  readonly pricingTier: string;
  /** The sub-plan of a Standard plan, e.g. `P1` / `P2` for servers, `DefenderForStorageV2`. */
  readonly subPlan?: string;
  /** When the plan was last set to Standard. */
  readonly enablementTime?: string;
  /** The plan is retired; `replacedBy` names its successors. */
  readonly deprecated: boolean;
  readonly replacedBy: readonly string[];
  /** `FullyCovered`, `PartiallyCovered` (some resources opted out) or `NotCovered`. */
  readonly resourcesCoverageStatus?: string;
  readonly extensions: readonly DefenderPlanExtension[];
}

/** `Microsoft.Security/autoProvisioningSettings/default`: automatic deployment of the Log Analytics agent. */
export interface DefenderAutoProvisioningSetting {
  readonly id: string;
  readonly name: string;
  /** `On` or `Off`. */
  readonly autoProvision: string;
}

/** An integration setting (`Microsoft.Security/settings`): `MCAS`, `WDATP`, `WDATP_EXCLUDE_LINUX_PUBLIC_PREVIEW`, `WDATP_UNIFIED_SOLUTION`, `Sentinel`. */
export interface DefenderSetting {
  readonly id: string;
  readonly name: string;
  /** `DataExportSettings` or `AlertSyncSettings`. */
  readonly kind: string;
  readonly enabled: boolean;
}

/** What a security contact is emailed about: alerts from a minimum severity, attack paths from a minimum risk level. */
export type DefenderNotificationSource =
  | { readonly sourceType: 'Alert'; /** `High`, `Medium` or `Low`: alerts of this severity or higher. */ readonly minimalSeverity?: string }
  | { readonly sourceType: 'AttackPath'; /** `Critical`, `High`, `Medium` or `Low`: attack paths of this risk or higher. */ readonly minimalRiskLevel?: string };

/** The subscription's security contact (`Microsoft.Security/securityContacts/default`). */
export interface DefenderSecurityContact {
  readonly id: string;
  readonly name: string;
  /** The additional addresses, split from ARM's `;`-separated `emails`. */
  readonly emails: readonly string[];
  readonly phone?: string;
  /** Email notifications of this contact are on (true when ARM omits the switch). */
  readonly isEnabled: boolean;
  readonly notificationsByRole: {
    /** `On` or `Off`. */
    readonly state: string;
    /** `Owner`, `Contributor`, `ServiceAdmin`, `AccountAdmin`. */
    readonly roles: readonly string[];
  };
  readonly notificationsSources: readonly DefenderNotificationSource[];
}

/** `Microsoft.Security/serverVulnerabilityAssessmentsSettings`: which built-in scanner assesses machines. */
export interface DefenderServerVulnerabilityAssessmentsSetting {
  readonly id: string;
  readonly name: string;
  /** `AzureServersSetting`. */
  readonly kind: string;
  /** `MdeTvm` (Microsoft Defender Vulnerability Management). */
  readonly selectedProvider?: string;
}

/**
 * The recommendations (assessment keys) collected: only these are kept from the subscription's
 * assessment list, which holds one entry per resource and recommendation.
 * - `e1145ab1-…`: system updates should be installed on your machines (Azure Update Manager);
 * - `4ab6e3c5-…`: system updates should be installed on your machines (legacy agent);
 * - `bd876905-…`: machines should be configured to periodically check for missing system updates;
 * - `1195afff-…`: machines should have vulnerability findings resolved.
 */
export type DefenderAssessmentKey =
  | 'e1145ab1-eb4f-43d8-911b-36ddf771d13f'
  | '4ab6e3c5-74dd-8b35-9ab9-f61b30875b27'
  | 'bd876905-5b84-4f73-ab2d-2e7a7c4568d9'
  | '1195afff-c881-495e-9bc5-1486211ae03f';

/** One recommendation's result for one resource (`<resource id>/providers/Microsoft.Security/assessments/<key>`). */
export interface DefenderAssessment {
  readonly id: string;
  /** The assessment key. */
  readonly name: DefenderAssessmentKey;
  readonly displayName: string;
  /** The assessed resource (a virtual machine, scale set or Arc machine). */
  readonly resourceId: string;
  /** `Healthy`, `Unhealthy` or `NotApplicable`. */
  readonly statusCode: string;
  readonly cause?: string;
  readonly description?: string;
}

export interface DefenderData {
  readonly pricings: Fetched<readonly DefenderPricing[]>;
  readonly autoProvisioningSettings: Fetched<readonly DefenderAutoProvisioningSetting[]>;
  /** Empty when no contact was ever saved. */
  readonly securityContacts: Fetched<readonly DefenderSecurityContact[]>;
  readonly settings: Fetched<readonly DefenderSetting[]>;
  /** Empty when no provider was chosen. */
  readonly serverVulnerabilityAssessmentsSettings: Fetched<readonly DefenderServerVulnerabilityAssessmentsSetting[]>;
  /** The subscription's assessments of the keys in `DefenderAssessmentKey`, others left out. */
  readonly assessments: Fetched<readonly DefenderAssessment[]>;
}
