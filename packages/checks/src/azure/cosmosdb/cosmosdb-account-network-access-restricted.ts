import { defineCheck, fail, pass } from '@palisade/core';
import { ipv4PrefixLength, maxAddressesForPrefix } from '../lib/database-ip-ranges.ts';
import { eachCosmosDbAccount } from '../lib/database-servers.ts';

/** The IP rule the portal writes for "Accept connections from within public Azure datacenters". */
const AZURE_DATACENTERS = '0.0.0.0';

export default defineCheck({
  id: 'azure/cosmosdb-account-network-access-restricted',
  provider: 'azure',
  service: 'cosmosdb',
  requires: ['cosmosdb'],
  resourceType: 'Microsoft.DocumentDB/databaseAccounts',
  severity: 'high',
  title: 'Cosmos DB accounts accept connections from selected networks only',
  description:
    'Checks that each Azure Cosmos DB account either has public network access disabled or limits it to selected networks — virtual network rules (`isVirtualNetworkFilterEnabled`) or IP rules — instead of all networks (CIS 5.4.1). Selected networks still fail when an IP rule is 0.0.0.0 ("Accept connections from within public Azure datacenters", which admits any Azure customer) or a block wider than the configured prefix (`minPublicIngressPrefixLength`, /16 by default).',
  risk:
    'An account open to all networks is reachable from anywhere on the internet; a leaked account key or connection string then gives immediate access to every container in it.',
  remediation: {
    summary: 'Disable public network access and use private endpoints, or switch the firewall to selected networks with only the virtual networks and addresses that need the account.',
    cli: 'az cosmosdb update --resource-group <resource-group> --name <account> --public-network-access DISABLED\n# or restrict to selected networks:\naz cosmosdb update --resource-group <resource-group> --name <account> --enable-virtual-network true --virtual-network-rules <subnet-id> --ip-range-filter 203.0.113.10',
    terraform:
      'resource "azurerm_cosmosdb_account" "this" {\n  # ...\n  public_network_access_enabled     = false\n  is_virtual_network_filter_enabled = true\n  ip_range_filter                   = ["203.0.113.10"]\n  virtual_network_rule {\n    id = azurerm_subnet.app.id\n  }\n}',
    console: 'Azure portal → Azure Cosmos DB → select the account → Settings → Networking → Public network access: Selected networks (add virtual networks and IP addresses, leave "Accept connections from within public Azure datacenters" unchecked) or Disabled → Save.',
  },
  references: ['https://learn.microsoft.com/azure/cosmos-db/how-to-configure-firewall', 'https://learn.microsoft.com/azure/cosmos-db/how-to-configure-vnet-service-endpoint'],
  categories: ['network', 'internet-exposed'],
  evaluate: (scope, { config }) =>
    eachCosmosDbAccount(scope, (account, target) => {
      if (account.publicNetworkAccess !== 'Enabled') return pass(target, `Cosmos DB account ${account.name} has public network access ${account.publicNetworkAccess}.`);
      if (!account.isVirtualNetworkFilterEnabled && account.ipRules.length === 0) return fail(target, `Cosmos DB account ${account.name} accepts connections from all networks.`);
      const ranges = account.ipRules.map((rule) => rule.ipAddressOrRange.trim());
      const wide = ranges.filter((range) => {
        const prefix = ipv4PrefixLength(range);
        return range !== AZURE_DATACENTERS && prefix !== undefined && prefix < config.minPublicIngressPrefixLength;
      });
      const reasons = [
        ...(ranges.includes(AZURE_DATACENTERS) ? ['the IP rule 0.0.0.0 admits every public Azure datacenter'] : []),
        ...(wide.length > 0 ? [`the IP rule(s) ${wide.join(', ')} admit more than ${maxAddressesForPrefix(config.minPublicIngressPrefixLength).toLocaleString('en-US')} addresses`] : []),
      ];
      if (reasons.length > 0) return fail(target, `Cosmos DB account ${account.name} limits access to selected networks, but ${reasons.join(' and ')}.`);
      const parts = [
        ...(account.virtualNetworkRules.length > 0 || account.isVirtualNetworkFilterEnabled ? [`${account.virtualNetworkRules.length} virtual network rule(s)`] : []),
        ...(account.ipRules.length > 0 ? [`${account.ipRules.length} IP rule(s)`] : []),
      ];
      return pass(target, `Cosmos DB account ${account.name} accepts connections from selected networks only (${parts.join(', ')}).`);
    }),
});
