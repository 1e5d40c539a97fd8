/**
 * Azure Key Vault (`Microsoft.KeyVault`) as the keyvault collector reads it through ARM: the
 * vaults of a subscription with their protection and network properties, per vault its keys and
 * secrets (metadata only: ARM never returns a secret's value) and its diagnostic settings, and the
 * managed HSM pools. Property names and values are ARM's; a property ARM leaves out stays absent,
 * and its meaning when absent is written beside it.
 */
import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';

/** `networkAcls` of a vault or managed HSM: the Key Vault firewall. */
export interface KeyVaultNetworkRuleSet {
  /** `Allow` (every network may connect) or `Deny` (only the rules below, trusted services and private endpoints). */
  readonly defaultAction: 'Allow' | 'Deny';
  /** `AzureServices` (trusted Microsoft services pass the firewall) or `None`. */
  readonly bypass?: string;
  /** Public IPv4 addresses or ranges allowed through (`value`, e.g. `203.0.113.0/24`). */
  readonly ipRules: readonly { readonly value: string }[];
  /** Virtual network subnets allowed through (`id` is the subnet's resource id). */
  readonly virtualNetworkRules: readonly { readonly id: string }[];
}

/** One private endpoint connected to a vault (`privateEndpointConnections[]`, flattened). */
export interface KeyVaultPrivateEndpointConnection {
  readonly id: string;
  /** The private endpoint's resource id. */
  readonly privateEndpointId?: string;
  /** `Approved`, `Pending`, `Rejected` or `Disconnected`; only an approved connection carries traffic. */
  readonly status: string;
}

/**
 * The attributes of a key or secret. Times are ARM's: seconds since 1970-01-01T00:00:00Z.
 * Absent `exp`: the object never expires.
 */
export interface KeyVaultObjectAttributes {
  /** Absent: enabled. */
  readonly enabled?: boolean;
  /** Not valid before. */
  readonly nbf?: number;
  /** Expires. */
  readonly exp?: number;
  readonly created?: number;
  readonly updated?: number;
}

/** A key rotation policy: what Key Vault does, and when, over a key's life. */
export interface KeyVaultKeyRotationPolicy {
  /** `expiryTime`: ISO 8601 duration each new key version is valid for (e.g. `P1Y`). */
  readonly attributes?: { readonly expiryTime?: string };
  readonly lifetimeActions: readonly {
    /** `rotate` creates a new key version; `notify` only raises an Event Grid event. ARM writes these lower-case. */
    readonly action: { readonly type: string };
    /** ISO 8601 durations, e.g. `timeAfterCreate: 'P90D'` or `timeBeforeExpiry: 'P30D'`. */
    readonly trigger: { readonly timeAfterCreate?: string; readonly timeBeforeExpiry?: string };
  }[];
}

/** A key of a vault (`Microsoft.KeyVault/vaults/keys`): metadata, never key material. */
export interface KeyVaultKey {
  /** ARM resource id (`<vault id>/keys/<name>`). */
  readonly id: string;
  readonly name: string;
  readonly attributes: KeyVaultObjectAttributes;
  /** The data-plane URI of the key (`https://<vault>.vault.azure.net/keys/<name>`). */
  readonly keyUri?: string;
  /** From the key's own read (the list leaves it out); null when the key has no rotation policy. */
  readonly rotationPolicy: Fetched<KeyVaultKeyRotationPolicy | null>;
}

/** A secret of a vault (`Microsoft.KeyVault/vaults/secrets`): metadata only, never the value. */
export interface KeyVaultSecret {
  /** ARM resource id (`<vault id>/secrets/<name>`). */
  readonly id: string;
  readonly name: string;
  readonly attributes: KeyVaultObjectAttributes;
  readonly contentType?: string;
}

/** A log entry of a diagnostic setting: one category (`AuditEvent`), or a category group (`audit`, `allLogs`). */
export interface KeyVaultDiagnosticLog {
  readonly category?: string;
  readonly categoryGroup?: string;
  readonly enabled: boolean;
}

/** A diagnostic setting of a vault (`<vault id>/providers/Microsoft.Insights/diagnosticSettings`). */
export interface KeyVaultDiagnosticSetting {
  readonly id: string;
  readonly name: string;
  /** Destinations; a setting without any sends nothing anywhere. */
  readonly workspaceId?: string;
  readonly storageAccountId?: string;
  readonly eventHubAuthorizationRuleId?: string;
  readonly marketplacePartnerId?: string;
  readonly logs: readonly KeyVaultDiagnosticLog[];
}

/** A key vault (`Microsoft.KeyVault/vaults`) and the details read for it. */
export interface KeyVault {
  /** ARM resource id. */
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Tags;
  /** `name`: `standard` or `premium`. */
  readonly sku?: { readonly family?: string; readonly name: string };
  readonly vaultUri?: string;
  /** Azure RBAC authorizes data-plane access (else the vault's access policies do). Absent: access policies. */
  readonly enableRbacAuthorization?: boolean;
  /** ARM answers `true` for a vault with soft delete on; absent or `false`: off (a vault from before it was the default). */
  readonly enableSoftDelete?: boolean;
  /** Days a deleted vault or object stays recoverable (7 to 90). */
  readonly softDeleteRetentionInDays?: number;
  /** Deleted vaults and objects cannot be purged before the retention ends. Absent: off. */
  readonly enablePurgeProtection?: boolean;
  /** `Enabled` or `Disabled`. Absent: enabled. */
  readonly publicNetworkAccess?: string;
  /** Absent: every network may connect (as `defaultAction: 'Allow'`). */
  readonly networkAcls?: KeyVaultNetworkRuleSet;
  readonly privateEndpointConnections: readonly KeyVaultPrivateEndpointConnection[];
  readonly keys: Fetched<readonly KeyVaultKey[]>;
  readonly secrets: Fetched<readonly KeyVaultSecret[]>;
  readonly diagnosticSettings: Fetched<readonly KeyVaultDiagnosticSetting[]>;
}

/** A managed HSM pool (`Microsoft.KeyVault/managedHSMs`). */
export interface KeyVaultManagedHsm {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Tags;
  /** Absent: on (soft delete cannot be turned off on a managed HSM). */
  readonly enableSoftDelete?: boolean;
  readonly softDeleteRetentionInDays?: number;
  /** Absent: off. */
  readonly enablePurgeProtection?: boolean;
  /** `Enabled` or `Disabled`. Absent: enabled. */
  readonly publicNetworkAccess?: string;
  readonly networkAcls?: KeyVaultNetworkRuleSet;
}

export interface KeyVaultData {
  /** Every key vault of the subscription (in the scanned locations). */
  readonly vaults: Fetched<readonly KeyVault[]>;
  /** Every managed HSM pool of the subscription (in the scanned locations). */
  readonly managedHsms: Fetched<readonly KeyVaultManagedHsm[]>;
}
