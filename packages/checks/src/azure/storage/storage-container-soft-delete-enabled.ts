import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

/** The shortest retention that leaves time to notice a deletion over a week-end and a holiday. */
const MIN_RETENTION_DAYS = 7;

export default defineCheck({
  id: 'azure/storage-container-soft-delete-enabled',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'medium',
  title: 'Storage accounts keep deleted containers recoverable (container soft delete)',
  description: `Checks that container soft delete is enabled on each account with a blob service, with a retention of at least ${MIN_RETENTION_DAYS} days.`,
  risk: 'Deleting a container deletes every blob in it at once; blob soft delete does not bring them back, so without container soft delete one call destroys the whole container.',
  remediation: {
    summary: `Enable container soft delete with a retention of ${MIN_RETENTION_DAYS} to 365 days.`,
    cli: 'az storage account blob-service-properties update --account-name <account> --resource-group <group> --enable-container-delete-retention true --container-delete-retention-days 14',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  blob_properties {\n    container_delete_retention_policy {\n      days = 14\n    }\n  }\n}',
    console: 'Storage accounts → select the account → Data management → Data protection → Enable soft delete for containers, 14 days → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/blobs/soft-delete-container-overview', 'https://learn.microsoft.com/en-us/azure/storage/blobs/soft-delete-container-enable'],
  categories: ['data-protection', 'resilience'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        if (account.blobService === undefined) return [];
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        return fromFetched(account.blobService, target, (service) => {
          const policy = service.containerDeleteRetentionPolicy;
          if (policy?.enabled !== true) return [fail(target, `Storage account ${account.name} does not have container soft delete enabled.`)];
          const days = policy.days ?? 0;
          return days >= MIN_RETENTION_DAYS
            ? [pass(target, `Storage account ${account.name} keeps deleted containers for ${days} days.`)]
            : [fail(target, `Storage account ${account.name} keeps deleted containers for only ${days} days (less than ${MIN_RETENTION_DAYS}).`)];
        });
      }),
    ),
});
