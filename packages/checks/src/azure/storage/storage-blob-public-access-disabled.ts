import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/storage-blob-public-access-disabled',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'high',
  title: 'Storage accounts do not allow anonymous blob access',
  description:
    'Checks that "Allow Blob anonymous access" (allowBlobPublicAccess) is off on each account that has a blob service. When the property is not set, Azure treats it as allowed, so such accounts fail too. Accounts without a blob service (FileStorage) are not evaluated.',
  risk: 'While the account allows it, anyone who can set a container\'s access level can make its blobs readable by the whole internet without any credential, and a single misconfigured container leaks its data.',
  remediation: {
    summary: 'Disallow anonymous blob access at the account level; this overrides the access level of every container.',
    cli: 'az storage account update --name <account> --resource-group <group> --allow-blob-public-access false',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  allow_nested_items_to_be_public = false\n}',
    console: 'Storage accounts → select the account → Settings → Configuration → Allow Blob anonymous access: Disabled → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-prevent'],
  categories: ['internet-exposed', 'data-protection'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        if (account.blobService === undefined) return [];
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        if (account.allowBlobPublicAccess === false) return pass(target, `Storage account ${account.name} does not allow anonymous access to its blobs.`);
        return account.allowBlobPublicAccess === true
          ? fail(target, `Storage account ${account.name} allows containers to be opened to anonymous access.`)
          : fail(target, `Storage account ${account.name} has "Allow Blob anonymous access" unset, which Azure treats as allowed.`);
      }),
    ),
});
