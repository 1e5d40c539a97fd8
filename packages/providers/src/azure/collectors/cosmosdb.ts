/**
 * Azure Cosmos DB: the subscription's database accounts in the scanned locations. The list carries
 * every setting the checks read (network rules, private endpoints, authentication, keys), so no
 * per-account call is made.
 */
import type { CosmosDbAccount } from '@palisade/core/azure';
import { inLocations } from '../collector.ts';
import type { AzureCollector } from '../collector.ts';

const API_VERSION = '2024-11-15';

interface ArmAccount {
  readonly id: string;
  readonly name: string;
  readonly location?: string;
  readonly kind?: string;
  readonly tags?: Record<string, string> | null;
  readonly properties?: {
    readonly publicNetworkAccess?: string;
    readonly isVirtualNetworkFilterEnabled?: boolean;
    readonly ipRules?: readonly { readonly ipAddressOrRange?: string }[];
    readonly virtualNetworkRules?: readonly { readonly id?: string }[];
    readonly privateEndpointConnections?: readonly {
      readonly id?: string;
      readonly properties?: { readonly privateEndpoint?: { readonly id?: string }; readonly privateLinkServiceConnectionState?: { readonly status?: string } };
    }[];
    readonly disableLocalAuth?: boolean;
    readonly disableKeyBasedMetadataWriteAccess?: boolean;
    readonly keyVaultKeyUri?: string;
    readonly minimalTlsVersion?: string;
  };
}

export const cosmosdbCollector: AzureCollector<'cosmosdb'> = {
  service: 'cosmosdb',
  async collect(context) {
    const listed = await context.arm.list<ArmAccount>(
      'Microsoft.DocumentDB/databaseAccounts/read',
      `/subscriptions/${context.subscriptionId}/providers/Microsoft.DocumentDB/databaseAccounts`,
      API_VERSION,
    );
    if (listed.error) return { accounts: { error: listed.error } };
    return { accounts: { value: listed.value.filter((account) => inLocations(context, account.location)).map(toAccount) } };
  },
};

function toAccount(account: ArmAccount): CosmosDbAccount {
  const properties = account.properties ?? {};
  const access = properties.publicNetworkAccess;
  return {
    id: account.id,
    name: account.name,
    location: account.location ?? '',
    ...(account.tags ? { tags: account.tags } : {}),
    ...(account.kind ? { kind: account.kind } : {}),
    publicNetworkAccess: access === 'Disabled' || access === 'SecuredByPerimeter' ? access : 'Enabled',
    isVirtualNetworkFilterEnabled: properties.isVirtualNetworkFilterEnabled === true,
    ipRules: (properties.ipRules ?? []).flatMap((rule) => (rule.ipAddressOrRange ? [{ ipAddressOrRange: rule.ipAddressOrRange }] : [])),
    virtualNetworkRules: (properties.virtualNetworkRules ?? []).flatMap((rule) => (rule.id ? [rule.id] : [])),
    privateEndpointConnections: (properties.privateEndpointConnections ?? []).map((connection) => ({
      id: connection.id ?? '',
      ...(connection.properties?.privateEndpoint?.id ? { privateEndpointId: connection.properties.privateEndpoint.id } : {}),
      ...(connection.properties?.privateLinkServiceConnectionState?.status ? { status: connection.properties.privateLinkServiceConnectionState.status } : {}),
    })),
    disableLocalAuth: properties.disableLocalAuth === true,
    disableKeyBasedMetadataWriteAccess: properties.disableKeyBasedMetadataWriteAccess === true,
    ...(properties.keyVaultKeyUri ? { keyVaultKeyUri: properties.keyVaultKeyUri } : {}),
    minimalTlsVersion: properties.minimalTlsVersion ?? 'Tls',
  };
}
