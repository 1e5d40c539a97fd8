import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/keyvault-public-network-access-restricted',
  provider: 'azure',
  service: 'keyvault',
  requires: ['keyvault'],
  resourceType: 'Microsoft.KeyVault/vaults',
  severity: 'high',
  title: 'Key vaults are not open to all networks',
  description:
    'Checks that each key vault either has public network access disabled, or has a firewall that denies access by default (only the listed IP ranges, virtual networks, trusted services and private endpoints reach it). A vault without network rules is open to every network.',
  risk: 'A vault reachable from every network can be probed and used from anywhere with a stolen token; its secrets, keys and certificates are then protected by identity alone.',
  remediation: {
    summary: 'Disable public network access and use private endpoints, or at least set the firewall to deny by default and allow only the networks that need the vault.',
    cli: 'az keyvault update --name <vault> --resource-group <group> --public-network-access Disabled\n# or: az keyvault update --name <vault> --resource-group <group> --default-action Deny --bypass AzureServices',
    terraform: 'resource "azurerm_key_vault" "this" {\n  # ...\n  public_network_access_enabled = false\n  network_acls {\n    default_action = "Deny"\n    bypass         = "AzureServices"\n  }\n}',
    console: 'Key vaults → select the vault → Settings → Networking → Firewalls and virtual networks → Disable public access (or Allow public access from specific virtual networks and IP addresses) → Apply.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/key-vault/general/network-security'],
  categories: ['internet-exposed', 'network'],
  evaluate: (scope) =>
    withService(scope, 'keyvault', (keyvault) =>
      eachFetched(keyvault.vaults, scopeResource(scope), (vault) => {
        const target = armResource(vault.id, 'Microsoft.KeyVault/vaults', vault.name, vault.location, vault.tags);
        if (vault.publicNetworkAccess === 'Disabled') return pass(target, `Key vault ${vault.name} has public network access disabled.`);
        const acls = vault.networkAcls;
        if (acls?.defaultAction === 'Deny') {
          return pass(target, `Key vault ${vault.name} denies public network access by default (${acls.ipRules.length} IP rule(s), ${acls.virtualNetworkRules.length} virtual network rule(s)).`);
        }
        return fail(target, `Key vault ${vault.name} accepts connections from all networks.`);
      }),
    ),
});
