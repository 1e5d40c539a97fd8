import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/storage-public-network-access-disabled',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'medium',
  title: 'Storage accounts have public network access disabled',
  description:
    'Checks that public network access of each storage account is Disabled, so it is reachable only through private endpoints. An account secured by a network security perimeter (SecuredByPerimeter) also passes, since the perimeter\'s rules then govern public traffic. An unset value means Enabled.',
  risk: 'An account reachable from the internet depends entirely on its firewall rules and credentials; a leaked key or SAS token can be used from anywhere.',
  remediation: {
    summary: 'Create private endpoints for the services clients use, then disable public network access.',
    cli: 'az storage account update --name <account> --resource-group <group> --public-network-access Disabled',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  public_network_access_enabled = false\n}',
    console: 'Storage accounts → select the account → Security + networking → Networking → Public network access: Disabled → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/common/storage-network-security', 'https://learn.microsoft.com/en-us/azure/storage/common/storage-private-endpoints'],
  categories: ['internet-exposed', 'network'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        if (account.publicNetworkAccess === 'Disabled') return pass(target, `Storage account ${account.name} has public network access disabled.`);
        if (account.publicNetworkAccess === 'SecuredByPerimeter') return pass(target, `Storage account ${account.name} restricts public network access through its network security perimeter.`);
        return fail(target, `Storage account ${account.name} has public network access ${account.publicNetworkAccess ?? 'Enabled (not set)'}.`);
      }),
    ),
});
