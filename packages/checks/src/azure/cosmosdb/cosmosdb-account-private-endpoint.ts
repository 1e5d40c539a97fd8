import { defineCheck, fail, pass } from '@palisade/core';
import { eachCosmosDbAccount } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/cosmosdb-account-private-endpoint',
  provider: 'azure',
  service: 'cosmosdb',
  requires: ['cosmosdb'],
  resourceType: 'Microsoft.DocumentDB/databaseAccounts',
  severity: 'medium',
  title: 'Cosmos DB accounts are reached through private endpoints',
  description: 'Checks that each Azure Cosmos DB account has at least one approved private endpoint connection, so clients in virtual networks reach it over a private address (CIS 5.4.2). Pending, rejected and disconnected connections do not count.',
  risk: 'Without a private endpoint, clients must use the public endpoint: traffic leaves the private network and the account has to stay reachable from outside it.',
  remediation: {
    summary: 'Create a private endpoint for the account in the virtual network of its clients, with a private DNS zone, then restrict or disable public network access.',
    cli: 'az network private-endpoint create --resource-group <resource-group> --name <private-endpoint> --vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <account-resource-id> --group-id Sql --connection-name <connection>',
    terraform:
      'resource "azurerm_private_endpoint" "cosmos" {\n  name                = "pe-cosmos"\n  location            = azurerm_resource_group.this.location\n  resource_group_name = azurerm_resource_group.this.name\n  subnet_id           = azurerm_subnet.endpoints.id\n  private_service_connection {\n    name                           = "cosmos"\n    private_connection_resource_id = azurerm_cosmosdb_account.this.id\n    subresource_names              = ["Sql"]\n    is_manual_connection           = false\n  }\n}',
    console: 'Azure portal → Azure Cosmos DB → select the account → Settings → Networking → Private access → + Private endpoint → choose the virtual network, subnet and sub-resource → Create.',
  },
  references: ['https://learn.microsoft.com/azure/cosmos-db/how-to-configure-private-endpoints'],
  categories: ['network'],
  evaluate: (scope) =>
    eachCosmosDbAccount(scope, (account, target) => {
      const approved = account.privateEndpointConnections.filter((connection) => connection.status === 'Approved');
      if (approved.length > 0) return pass(target, `Cosmos DB account ${account.name} has ${approved.length} approved private endpoint connection(s).`);
      const other = account.privateEndpointConnections.length;
      return fail(target, `Cosmos DB account ${account.name} has no approved private endpoint connection${other > 0 ? ` (${other} pending, rejected or disconnected)` : ''}.`);
    }),
});
