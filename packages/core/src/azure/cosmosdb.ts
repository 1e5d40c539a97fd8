/**
 * Azure Cosmos DB accounts (`Microsoft.DocumentDB/databaseAccounts`), as ARM lists them (API version
 * 2024-11-15): network restrictions, private endpoints, authentication and encryption settings.
 * Everything the checks read comes with the list, so an account has no detail reads.
 */
import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';

/** An IP firewall entry; `0.0.0.0` admits requests from any public Azure datacenter. */
export interface CosmosDbIpRule {
  /** A single IPv4 address or a CIDR range. */
  readonly ipAddressOrRange: string;
}

export interface CosmosDbPrivateEndpointConnection {
  readonly id: string;
  /** The private endpoint's resource id. */
  readonly privateEndpointId?: string;
  /** `privateLinkServiceConnectionState.status`: `Approved`, `Pending`, `Rejected` or `Disconnected`. */
  readonly status?: string;
}

export interface CosmosDbAccount {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Tags;
  /** `GlobalDocumentDB`, `MongoDB` or `Parse`. */
  readonly kind?: string;
  /** `Enabled` when absent from the answer. */
  readonly publicNetworkAccess: 'Enabled' | 'Disabled' | 'SecuredByPerimeter';
  /** Whether virtual network rules restrict access (the "selected networks" setting with VNets). */
  readonly isVirtualNetworkFilterEnabled: boolean;
  readonly ipRules: readonly CosmosDbIpRule[];
  /** Resource ids of the subnets allowed in. */
  readonly virtualNetworkRules: readonly string[];
  readonly privateEndpointConnections: readonly CosmosDbPrivateEndpointConnection[];
  /** Whether account keys are turned off, leaving Microsoft Entra ID (RBAC) as the only way to authenticate. */
  readonly disableLocalAuth: boolean;
  /** Whether key-authenticated clients are kept from changing databases, containers and throughput. */
  readonly disableKeyBasedMetadataWriteAccess: boolean;
  /** The customer-managed key encrypting the account's data; absent when Microsoft-managed keys are used. */
  readonly keyVaultKeyUri?: string;
  /** `Tls`, `Tls11` or `Tls12`; `Tls` (any version) when absent. */
  readonly minimalTlsVersion: string;
}

export interface CosmosDbData {
  /** Accounts of the subscription in the scanned locations. */
  readonly accounts: Fetched<readonly CosmosDbAccount[]>;
}
