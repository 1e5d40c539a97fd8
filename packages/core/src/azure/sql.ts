/**
 * Azure SQL Database logical servers (`Microsoft.Sql/servers`) and their databases, as ARM returns
 * them (API version 2023-08-01): the server's network and TLS settings, and one `Fetched` per
 * server-level setting read (Entra administrator, auditing, TDE protector, firewall, Defender,
 * vulnerability assessment, databases), so a denied read is an ERROR on that server alone.
 */
import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';

/** The server's Microsoft Entra administrator (`administrators/ActiveDirectory`). */
export interface SqlServerEntraAdministrator {
  /** Always `ActiveDirectory` for the Entra administrator. */
  readonly administratorType: string;
  /** The admin's display name: a user, group or application. */
  readonly login: string;
  /** Object id of the admin principal. */
  readonly sid: string;
  readonly tenantId?: string;
  /** Whether only Microsoft Entra logins may connect (SQL authentication turned off). */
  readonly azureADOnlyAuthentication: boolean;
}

/** The server's blob auditing policy (`auditingSettings/default`). */
export interface SqlServerAuditingSettings {
  readonly state: 'Enabled' | 'Disabled';
  /** Blob endpoint of the storage account receiving audit logs; empty when storage is not a destination. */
  readonly storageEndpoint?: string;
  /** Days audit logs are kept in the storage account; 0 keeps them without limit. */
  readonly retentionDays: number;
  /** Whether audit events also go to Azure Monitor (a Log Analytics workspace or an event hub, set by diagnostic settings). */
  readonly isAzureMonitorTargetEnabled: boolean;
  readonly auditActionsAndGroups: readonly string[];
}

/** The key that protects the server's TDE database encryption keys (`encryptionProtector/current`). */
export interface SqlServerEncryptionProtector {
  /** `ServiceManaged` (a Microsoft-managed key) or `AzureKeyVault` (a customer-managed key). */
  readonly serverKeyType: 'ServiceManaged' | 'AzureKeyVault';
  readonly serverKeyName?: string;
  /** The Key Vault key URI, for `AzureKeyVault`. */
  readonly uri?: string;
  readonly autoRotationEnabled?: boolean;
}

/** A server-level IPv4 firewall rule; `0.0.0.0`–`0.0.0.0` is the "Allow Azure services" rule. */
export interface SqlFirewallRule {
  readonly id: string;
  readonly name: string;
  readonly startIpAddress: string;
  readonly endIpAddress: string;
}

/** Microsoft Defender for SQL on the server (`securityAlertPolicies/Default`). */
export interface SqlServerSecurityAlertPolicy {
  /** `New` is what servers that never had the setting written report. */
  readonly state: 'Enabled' | 'Disabled' | 'New';
  readonly emailAccountAdmins?: boolean;
  readonly emailAddresses: readonly string[];
  readonly disabledAlerts: readonly string[];
}

/**
 * Vulnerability assessment in the classic configuration (`vulnerabilityAssessments/default`):
 * enabled when a storage container holds the scan results.
 */
export interface SqlServerVulnerabilityAssessment {
  /** Blob container for scan results; absent when the classic configuration is not set up. */
  readonly storageContainerPath?: string;
  readonly recurringScans: {
    readonly isEnabled: boolean;
    /** Whether scan reports are also emailed to the subscription's administrators and owners. */
    readonly emailSubscriptionAdmins: boolean;
    readonly emails: readonly string[];
  };
}

/**
 * Vulnerability assessment in the express configuration (`sqlVulnerabilityAssessments/default`),
 * which needs no storage account and always scans on its own schedule.
 */
export interface SqlServerExpressVulnerabilityAssessment {
  readonly state: 'Enabled' | 'Disabled';
}

/** Transparent data encryption of one database (`transparentDataEncryption/current`). */
export interface SqlDatabaseTransparentDataEncryption {
  readonly state: 'Enabled' | 'Disabled';
}

/** A user database of the server (the `master` system database is left out). */
export interface SqlDatabase {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Tags;
  /** e.g. `v12.0,user`, `v12.0,user,vcore,serverless`. */
  readonly kind?: string;
  readonly status?: string;
  readonly skuName?: string;
  /** `null` when the database answers that TDE is not configured. */
  readonly transparentDataEncryption: Fetched<SqlDatabaseTransparentDataEncryption | null>;
}

export interface SqlServer {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Tags;
  /** e.g. `v12.0`. */
  readonly kind?: string;
  readonly version?: string;
  readonly fullyQualifiedDomainName?: string;
  /** `Enabled` when absent from the answer (servers created before the setting existed). */
  readonly publicNetworkAccess: 'Enabled' | 'Disabled' | 'SecuredByPerimeter';
  /** `1.0`, `1.1`, `1.2`, `1.3`, or `None` when no minimum is enforced (also when absent from the answer). */
  readonly minimalTlsVersion: string;
  /** `null` when no Microsoft Entra administrator is set. */
  readonly entraAdministrator: Fetched<SqlServerEntraAdministrator | null>;
  /** `null` when the server answers that auditing was never configured. */
  readonly auditing: Fetched<SqlServerAuditingSettings | null>;
  /** `null` when the server answers that no protector is set (it then uses a service-managed key). */
  readonly encryptionProtector: Fetched<SqlServerEncryptionProtector | null>;
  readonly firewallRules: Fetched<readonly SqlFirewallRule[]>;
  /** `null` when the server answers that no Defender for SQL setting exists. */
  readonly securityAlertPolicy: Fetched<SqlServerSecurityAlertPolicy | null>;
  /** `null` when the server answers that the classic configuration does not exist. */
  readonly vulnerabilityAssessment: Fetched<SqlServerVulnerabilityAssessment | null>;
  /** `null` when the server answers that the express configuration does not exist. */
  readonly expressVulnerabilityAssessment: Fetched<SqlServerExpressVulnerabilityAssessment | null>;
  readonly databases: Fetched<readonly SqlDatabase[]>;
}

export interface SqlData {
  /** Logical servers of the subscription in the scanned locations. */
  readonly servers: Fetched<readonly SqlServer[]>;
}
