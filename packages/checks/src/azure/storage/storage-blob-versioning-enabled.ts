import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/storage-blob-versioning-enabled',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'low',
  title: 'Storage accounts keep previous versions of blobs (blob versioning)',
  description: 'Checks that blob versioning is enabled on each account with a blob service, so every overwrite or delete keeps the previous version of the blob.',
  risk: 'Without versioning, an overwrite by a faulty application or by ransomware replaces the only copy of the data; soft delete alone does not protect against overwrites.',
  remediation: {
    summary: 'Enable blob versioning, with a lifecycle management rule that deletes old versions after a retention period to control cost.',
    cli: 'az storage account blob-service-properties update --account-name <account> --resource-group <group> --enable-versioning true',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  blob_properties {\n    versioning_enabled = true\n  }\n}',
    console: 'Storage accounts → select the account → Data management → Data protection → Enable versioning for blobs → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/blobs/versioning-overview', 'https://learn.microsoft.com/en-us/azure/storage/blobs/versioning-enable'],
  categories: ['data-protection', 'resilience'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        if (account.blobService === undefined) return [];
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        return fromFetched(account.blobService, target, (service) =>
          service.isVersioningEnabled === true
            ? [pass(target, `Storage account ${account.name} keeps previous versions of its blobs.`)]
            : [fail(target, `Storage account ${account.name} does not have blob versioning enabled.`)],
        );
      }),
    ),
});
