/** Fixture builders of the cosmosdb family: a well-kept account unless overridden. */
import type { Fetched } from '@palisade/core';
import type { AzureScopeSnapshot, CosmosDbAccount } from '@palisade/core/azure';
import { TEST_LOCATION, armId, ok, subscriptionSnapshot } from './scope.ts';

export function cosmosDbAccountId(name: string): string {
  return armId('Microsoft.DocumentDB/databaseAccounts', name);
}

/**
 * An account that passes every cosmosdb check unless overridden: public access off, an approved
 * private endpoint, keys turned off, a customer-managed key and TLS 1.2.
 */
export function cosmosDbAccount(overrides: Partial<CosmosDbAccount> & { name: string }): CosmosDbAccount {
  const id = cosmosDbAccountId(overrides.name);
  return {
    id,
    location: TEST_LOCATION,
    kind: 'GlobalDocumentDB',
    publicNetworkAccess: 'Disabled',
    isVirtualNetworkFilterEnabled: false,
    ipRules: [],
    virtualNetworkRules: [],
    privateEndpointConnections: [
      { id: `${id}/privateEndpointConnections/pe-${overrides.name}`, privateEndpointId: armId('Microsoft.Network/privateEndpoints', `pe-${overrides.name}`, 'rg-network'), status: 'Approved' },
    ],
    disableLocalAuth: true,
    disableKeyBasedMetadataWriteAccess: true,
    keyVaultKeyUri: 'https://kv-data.vault.azure.net/keys/cosmos-cmk',
    minimalTlsVersion: 'Tls12',
    ...overrides,
  };
}

/** A subscription scope whose cosmosdb data holds `accounts` (a list, or a fetched list such as `denied(...)`). */
export function cosmosDbSnapshot(accounts: readonly CosmosDbAccount[] | Fetched<readonly CosmosDbAccount[]>): AzureScopeSnapshot {
  return subscriptionSnapshot({ cosmosdb: { accounts: Array.isArray(accounts) ? ok(accounts) : (accounts as Fetched<readonly CosmosDbAccount[]>) } });
}
