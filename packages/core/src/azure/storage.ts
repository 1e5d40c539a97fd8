/**
 * Azure Storage (`Microsoft.Storage`) as the storage collector reads it through ARM: the storage
 * accounts of a subscription with the properties checks read, and per account the blob and file
 * service properties and the diagnostic settings of its blob, queue and table services. Property
 * names and values are ARM's (`supportsHttpsTrafficOnly`, `minimumTlsVersion: 'TLS1_2'`); a
 * property ARM leaves out stays absent, and its meaning when absent is written beside it.
 */
import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';

/** The services a storage account may offer, by the account's `kind`. */
export type StorageServiceName = 'blob' | 'file' | 'queue' | 'table';

/** `networkAcls` of a storage account: the storage firewall. */
export interface StorageNetworkRuleSet {
  /** `Allow` (every network may connect) or `Deny` (only the rules below, trusted services and private endpoints). */
  readonly defaultAction: 'Allow' | 'Deny';
  /**
   * Traffic that passes the firewall whatever `defaultAction` says: `None` or a comma-separated
   * combination of `AzureServices`, `Logging` and `Metrics` (e.g. `Logging, Metrics, AzureServices`).
   */
  readonly bypass?: string;
  /** Public IPv4 addresses or ranges allowed through (`value`, e.g. `203.0.113.0/24`). */
  readonly ipRules: readonly { readonly value: string; readonly action?: string }[];
  /** Virtual network subnets allowed through (`id` is the subnet's resource id). */
  readonly virtualNetworkRules: readonly { readonly id: string; readonly action?: string; readonly state?: string }[];
}

/** `encryption` of a storage account (encryption at rest). */
export interface StorageEncryption {
  /** `Microsoft.Storage` (Microsoft-managed keys) or `Microsoft.Keyvault` (customer-managed keys). */
  readonly keySource: string;
  /** Double encryption at the infrastructure layer; set only at account creation. Absent: not required. */
  readonly requireInfrastructureEncryption?: boolean;
  /** The customer-managed key, when `keySource` is `Microsoft.Keyvault`. */
  readonly keyvaultproperties?: { readonly keyvaulturi?: string; readonly keyname?: string; readonly keyversion?: string };
}

/** One private endpoint connected to a resource (`privateEndpointConnections[]`, flattened). */
export interface StoragePrivateEndpointConnection {
  readonly id: string;
  /** The private endpoint's resource id. */
  readonly privateEndpointId?: string;
  /** `Approved`, `Pending`, `Rejected` or `Disconnected`; only an approved connection carries traffic. */
  readonly status: string;
}

/** A log entry of a diagnostic setting: one category, or a category group (`allLogs`, `audit`). */
export interface StorageDiagnosticLog {
  readonly category?: string;
  readonly categoryGroup?: string;
  readonly enabled: boolean;
}

/** A diagnostic setting of a storage service (`.../blobServices/default/providers/Microsoft.Insights/diagnosticSettings`). */
export interface StorageDiagnosticSetting {
  readonly id: string;
  readonly name: string;
  /** Destinations; a setting without any sends nothing anywhere. */
  readonly workspaceId?: string;
  readonly storageAccountId?: string;
  readonly eventHubAuthorizationRuleId?: string;
  readonly marketplacePartnerId?: string;
  readonly logs: readonly StorageDiagnosticLog[];
}

/** `{account}/blobServices/default` properties. */
export interface StorageBlobServiceProperties {
  /** Blob soft delete. Absent: disabled. */
  readonly deleteRetentionPolicy?: { readonly enabled: boolean; readonly days?: number };
  /** Container soft delete. Absent: disabled. */
  readonly containerDeleteRetentionPolicy?: { readonly enabled: boolean; readonly days?: number };
  /** Blob versioning. Absent: disabled. */
  readonly isVersioningEnabled?: boolean;
}

/** `{account}/fileServices/default` properties. */
export interface StorageFileServiceProperties {
  /** File share soft delete. Absent: disabled. */
  readonly shareDeleteRetentionPolicy?: { readonly enabled: boolean; readonly days?: number };
  /**
   * SMB settings. Each list is ARM's `;`-separated string (`SMB3.0;SMB3.1.1`); an absent or empty
   * value means the service accepts every value it supports (all SMB versions, every channel cipher).
   */
  readonly smb?: {
    /** `SMB2.1`, `SMB3.0`, `SMB3.1.1`. */
    readonly versions?: string;
    /** `AES-128-CCM`, `AES-128-GCM`, `AES-256-GCM`. */
    readonly channelEncryption?: string;
    /** `NTLMv2`, `Kerberos`. */
    readonly authenticationMethods?: string;
    /** `RC4-HMAC`, `AES-256`. */
    readonly kerberosTicketEncryption?: string;
  };
}

/** A storage account (`Microsoft.Storage/storageAccounts`) and the details read for it. */
export interface StorageAccount {
  /** ARM resource id. */
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Tags;
  /** `StorageV2`, `Storage` (general purpose v1), `BlobStorage`, `BlockBlobStorage` or `FileStorage`. */
  readonly kind: string;
  /** `name` e.g. `Standard_GRS`, `Premium_LRS`; `tier` `Standard` or `Premium`. */
  readonly sku: { readonly name: string; readonly tier?: string };
  readonly creationTime?: string;
  /** Secure transfer required: HTTPS only (and encrypted SMB). */
  readonly supportsHttpsTrafficOnly?: boolean;
  /** `TLS1_0`, `TLS1_1`, `TLS1_2`, `TLS1_3`. Absent: TLS 1.0 is accepted. */
  readonly minimumTlsVersion?: string;
  /** Whether containers may be opened to anonymous reads. Absent: allowed (the account predates the setting). */
  readonly allowBlobPublicAccess?: boolean;
  /** Whether requests may be authorized with the account keys (Shared Key, account SAS). Absent: allowed. */
  readonly allowSharedKeyAccess?: boolean;
  /** Object replication to accounts in other tenants. Absent: allowed (accounts created before December 2023). */
  readonly allowCrossTenantReplication?: boolean;
  /** `Enabled`, `Disabled` or `SecuredByPerimeter`. Absent: enabled. */
  readonly publicNetworkAccess?: string;
  /** Absent: every network may connect (as `defaultAction: 'Allow'`). */
  readonly networkAcls?: StorageNetworkRuleSet;
  readonly encryption?: StorageEncryption;
  /** The key expiration policy (portal: "key rotation reminders"). Absent: none. */
  readonly keyPolicy?: { readonly keyExpirationPeriodInDays: number };
  /**
   * When each access key was last created or regenerated (ISO dates). A key without a time has
   * not been regenerated since Azure began recording it.
   */
  readonly keyCreationTime?: { readonly key1?: string; readonly key2?: string };
  readonly privateEndpointConnections: readonly StoragePrivateEndpointConnection[];
  /** Blob service properties; absent when the account's kind has no blob service (`FileStorage`). */
  readonly blobService?: Fetched<StorageBlobServiceProperties>;
  /** File service properties; absent when the account's kind has no file service (`BlobStorage`, `BlockBlobStorage`). */
  readonly fileService?: Fetched<StorageFileServiceProperties>;
  /**
   * Diagnostic settings of each storage service the account's kind offers (queue and table:
   * general-purpose accounts only). An absent service is one the account does not have.
   */
  readonly diagnosticSettings: { readonly [S in Exclude<StorageServiceName, 'file'>]?: Fetched<readonly StorageDiagnosticSetting[]> };
}

export interface StorageData {
  /** Every storage account of the subscription (in the scanned locations). */
  readonly accounts: Fetched<readonly StorageAccount[]>;
}
