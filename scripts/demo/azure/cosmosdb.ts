/**
 * Demo Cosmos DB accounts: production reaches them over private endpoints with Entra ID only (the
 * session store still has Microsoft-managed keys); development has an account open to all networks
 * with keys in use, and one that admits every Azure datacenter.
 */
import type { Fetched } from '@palisade/core';
import type { CosmosDbAccount, CosmosDbData, CosmosDbPrivateEndpointConnection } from '@palisade/core/azure';
import type { DemoSubscription } from './types.ts';

const ok = <T>(value: T): Fetched<T> => ({ value });

export function demoCosmosDb(subscription: DemoSubscription): CosmosDbData {
  const { subscriptionId, index } = subscription;
  const [primary = 'eastus', secondary = 'westeurope'] = subscription.locations;
  const suffix = subscriptionId.replace(/-/g, '').slice(0, 6).toLowerCase();
  const accountId = (group: string, name: string) => `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.DocumentDB/databaseAccounts/${name}`;
  const endpoint = (account: string, name: string, status: string): CosmosDbPrivateEndpointConnection => ({
    id: `${account}/privateEndpointConnections/${name}`,
    privateEndpointId: `/subscriptions/${subscriptionId}/resourceGroups/rg-network/providers/Microsoft.Network/privateEndpoints/${name}`,
    status,
  });
  const subnet = (location: string, name: string) => `/subscriptions/${subscriptionId}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-${index === 0 ? 'prod' : 'dev'}-${location}/subnets/${name}`;

  if (index === 0) {
    const catalogName = `cosmos-prod-${suffix}-catalog`;
    const catalog = accountId('rg-prod-data', catalogName);
    const sessionsName = `cosmos-prod-${suffix}-sessions`;
    const sessions = accountId('rg-prod-web', sessionsName);
    const accounts: CosmosDbAccount[] = [
      {
        id: catalog,
        name: catalogName,
        location: primary,
        tags: { env: 'prod', owner: 'commerce' },
        kind: 'GlobalDocumentDB',
        publicNetworkAccess: 'Disabled',
        isVirtualNetworkFilterEnabled: false,
        ipRules: [],
        virtualNetworkRules: [],
        privateEndpointConnections: [endpoint(catalog, `pe-${catalogName}-sql`, 'Approved')],
        disableLocalAuth: true,
        disableKeyBasedMetadataWriteAccess: true,
        keyVaultKeyUri: `https://kv-prod-app-${suffix}.vault.azure.net/keys/cosmos-cmk`,
        minimalTlsVersion: 'Tls12',
      },
      {
        // Web front ends reach it from their subnet; created before customer-managed keys were required.
        id: sessions,
        name: sessionsName,
        location: secondary,
        tags: { env: 'prod', owner: 'web' },
        kind: 'GlobalDocumentDB',
        publicNetworkAccess: 'Enabled',
        isVirtualNetworkFilterEnabled: true,
        ipRules: [{ ipAddressOrRange: '203.0.113.10' }],
        virtualNetworkRules: [subnet(secondary, 'snet-web')],
        privateEndpointConnections: [endpoint(sessions, `pe-${sessionsName}-sql`, 'Approved')],
        disableLocalAuth: true,
        disableKeyBasedMetadataWriteAccess: true,
        minimalTlsVersion: 'Tls12',
      },
    ];
    return { accounts: ok(accounts) };
  }

  const sandboxName = `cosmos-dev-${suffix}-sandbox`;
  const eventsName = `cosmos-dev-${suffix}-events`;
  const events = accountId('rg-dev-app', eventsName);
  const accounts: CosmosDbAccount[] = [
    {
      id: accountId('rg-dev-sandbox', sandboxName),
      name: sandboxName,
      location: primary,
      tags: { env: 'dev' },
      kind: 'MongoDB',
      publicNetworkAccess: 'Enabled',
      isVirtualNetworkFilterEnabled: false,
      ipRules: [],
      virtualNetworkRules: [],
      privateEndpointConnections: [],
      disableLocalAuth: false,
      disableKeyBasedMetadataWriteAccess: false,
      minimalTlsVersion: 'Tls',
    },
    {
      id: events,
      name: eventsName,
      location: secondary,
      tags: { env: 'dev', owner: 'integration' },
      kind: 'GlobalDocumentDB',
      publicNetworkAccess: 'Enabled',
      isVirtualNetworkFilterEnabled: false,
      ipRules: [{ ipAddressOrRange: '0.0.0.0' }, { ipAddressOrRange: '198.51.100.0/24' }],
      virtualNetworkRules: [],
      privateEndpointConnections: [endpoint(events, `pe-${eventsName}-sql`, 'Pending')],
      disableLocalAuth: false,
      disableKeyBasedMetadataWriteAccess: true,
      minimalTlsVersion: 'Tls12',
    },
  ];
  return { accounts: ok(accounts) };
}
