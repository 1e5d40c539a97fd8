import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/storage-default-network-access-deny',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'medium',
  title: 'Storage account firewalls deny access by default',
  description:
    'Checks that the default network access rule of each storage account is Deny, so only the listed virtual networks and IP ranges, trusted services and private endpoints reach it. An account with public network access disabled passes: its firewall rules are not used.',
  risk: 'With the default action Allow, the account accepts connections from every network on the internet and its data is protected by credentials alone.',
  remediation: {
    summary: 'Add virtual network or IP rules for the clients that need access, then set the default action to Deny.',
    cli: 'az storage account update --name <account> --resource-group <group> --default-action Deny',
    terraform:
      'resource "azurerm_storage_account" "this" {\n  # ...\n  network_rules {\n    default_action             = "Deny"\n    bypass                     = ["AzureServices"]\n    ip_rules                   = ["203.0.113.0/24"]\n    virtual_network_subnet_ids = [azurerm_subnet.app.id]\n  }\n}',
    console: 'Storage accounts → select the account → Security + networking → Networking → Public network access: Enabled from selected virtual networks and IP addresses → add the networks → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/common/storage-network-security'],
  categories: ['internet-exposed', 'network'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        const acls = account.networkAcls;
        if (acls?.defaultAction === 'Deny') {
          return pass(target, `Storage account ${account.name} denies network access by default (${acls.ipRules.length} IP rule(s), ${acls.virtualNetworkRules.length} virtual network rule(s)).`);
        }
        if (account.publicNetworkAccess === 'Disabled') return pass(target, `Storage account ${account.name} has public network access disabled, so its firewall's default action is not used.`);
        return fail(target, `Storage account ${account.name} allows network access from all networks by default.`);
      }),
    ),
});
