import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/keyvault-private-endpoints-used',
  provider: 'azure',
  service: 'keyvault',
  requires: ['keyvault'],
  resourceType: 'Microsoft.KeyVault/vaults',
  severity: 'medium',
  title: 'Key vaults are reached through private endpoints',
  description: 'Checks that each key vault has at least one approved private endpoint connection, giving clients in virtual networks a private path to it.',
  risk: 'Without a private endpoint, applications reach the vault over its public endpoint, so it cannot be closed to the internet and secrets travel over public networks.',
  remediation: {
    summary: 'Create a private endpoint for the vault (sub-resource "vault") with the privatelink.vaultcore.azure.net DNS zone, then disable public network access.',
    cli: 'az network private-endpoint create --name pe-<vault> --resource-group <group> --vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <vault-resource-id> --group-id vault --connection-name <vault>',
    terraform:
      'resource "azurerm_private_endpoint" "vault" {\n  name                = "pe-${azurerm_key_vault.this.name}"\n  location            = azurerm_key_vault.this.location\n  resource_group_name = azurerm_key_vault.this.resource_group_name\n  subnet_id           = azurerm_subnet.endpoints.id\n\n  private_service_connection {\n    name                           = "vault"\n    private_connection_resource_id = azurerm_key_vault.this.id\n    subresource_names              = ["vault"]\n    is_manual_connection           = false\n  }\n}',
    console: 'Key vaults → select the vault → Settings → Networking → Private endpoint connections → + Create → choose the subnet and DNS zone → Create.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/key-vault/general/private-link-service'],
  categories: ['network', 'internet-exposed'],
  evaluate: (scope) =>
    withService(scope, 'keyvault', (keyvault) =>
      eachFetched(keyvault.vaults, scopeResource(scope), (vault) => {
        const target = armResource(vault.id, 'Microsoft.KeyVault/vaults', vault.name, vault.location, vault.tags);
        const approved = vault.privateEndpointConnections.filter((connection) => connection.status === 'Approved');
        if (approved.length > 0) return pass(target, `Key vault ${vault.name} has ${approved.length} approved private endpoint connection(s).`);
        const other = vault.privateEndpointConnections.map((connection) => connection.status);
        return fail(target, `Key vault ${vault.name} has no approved private endpoint connection${other.length ? ` (connections: ${other.join(', ')})` : ''}.`);
      }),
    ),
});
