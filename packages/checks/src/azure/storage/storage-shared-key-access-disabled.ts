import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/storage-shared-key-access-disabled',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'medium',
  title: 'Storage accounts do not allow Shared Key authorization',
  description:
    'Checks that "Allow storage account key access" (allowSharedKeyAccess) is off, so requests must be authorized with Microsoft Entra ID. When the property is not set, Azure allows Shared Key authorization.',
  risk: 'The two account keys grant full control of all data in the account, never expire and leave no identity in the logs; anyone who obtains one (or an account or service SAS signed with it) can read, change or delete everything.',
  remediation: {
    summary: 'Move every client to Microsoft Entra ID authorization (managed identities, user delegation SAS), then disallow Shared Key access.',
    cli: 'az storage account update --name <account> --resource-group <group> --allow-shared-key-access false',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  shared_access_key_enabled       = false\n  default_to_oauth_authentication = true\n}',
    console: 'Storage accounts → select the account → Settings → Configuration → Allow storage account key access: Disabled → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/common/shared-key-authorization-prevent'],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        return account.allowSharedKeyAccess === false
          ? pass(target, `Storage account ${account.name} accepts Microsoft Entra ID authorization only; its access keys cannot authorize requests.`)
          : fail(target, `Storage account ${account.name} allows requests authorized with its access keys (Shared Key and SAS signed with them).`);
      }),
    ),
});
