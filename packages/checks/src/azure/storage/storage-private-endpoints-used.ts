import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/storage-private-endpoints-used',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'medium',
  title: 'Storage accounts are reached through private endpoints',
  description: 'Checks that each storage account has at least one approved private endpoint connection, giving clients in virtual networks a private path to it.',
  risk: 'Without a private endpoint, clients reach the account over its public endpoint, so it cannot be closed to the internet and traffic relies on network rules that are easy to widen.',
  remediation: {
    summary: 'Create a private endpoint for each storage service clients use (blob, file, queue, table, dfs) with a private DNS zone, then restrict public network access.',
    cli: 'az network private-endpoint create --name pe-<account>-blob --resource-group <group> --vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <account-resource-id> --group-id blob --connection-name <account>-blob',
    terraform:
      'resource "azurerm_private_endpoint" "blob" {\n  name                = "pe-${azurerm_storage_account.this.name}-blob"\n  location            = azurerm_storage_account.this.location\n  resource_group_name = azurerm_storage_account.this.resource_group_name\n  subnet_id           = azurerm_subnet.endpoints.id\n\n  private_service_connection {\n    name                           = "blob"\n    private_connection_resource_id = azurerm_storage_account.this.id\n    subresource_names              = ["blob"]\n    is_manual_connection           = false\n  }\n}',
    console: 'Storage accounts → select the account → Security + networking → Networking → Private endpoint connections → + Private endpoint → choose the target sub-resource and subnet → Create.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/common/storage-private-endpoints'],
  categories: ['network', 'internet-exposed'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        const approved = account.privateEndpointConnections.filter((connection) => connection.status === 'Approved');
        if (approved.length > 0) return pass(target, `Storage account ${account.name} has ${approved.length} approved private endpoint connection(s).`);
        const other = account.privateEndpointConnections.map((connection) => connection.status);
        return fail(target, `Storage account ${account.name} has no approved private endpoint connection${other.length ? ` (connections: ${other.join(', ')})` : ''}.`);
      }),
    ),
});
