import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

/** The shortest retention that leaves time to notice a deletion over a week-end and a holiday. */
const MIN_RETENTION_DAYS = 7;

export default defineCheck({
  id: 'azure/storage-file-share-soft-delete-enabled',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'medium',
  title: 'Storage accounts keep deleted file shares recoverable (share soft delete)',
  description: `Checks that soft delete for Azure file shares is enabled on each account with a file service, with a retention of at least ${MIN_RETENTION_DAYS} days.`,
  risk: 'Without share soft delete, deleting a file share deletes all its files and snapshots at once and for good.',
  remediation: {
    summary: `Enable soft delete for file shares with a retention of ${MIN_RETENTION_DAYS} to 365 days.`,
    cli: 'az storage account file-service-properties update --account-name <account> --resource-group <group> --enable-delete-retention true --delete-retention-days 14',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  share_properties {\n    retention_policy {\n      days = 14\n    }\n  }\n}',
    console: 'Storage accounts → select the account → Data storage → File shares → File share settings → Soft delete: Enabled, 14 days → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/files/storage-files-prevent-file-share-deletion', 'https://learn.microsoft.com/en-us/azure/storage/files/storage-files-enable-soft-delete'],
  categories: ['data-protection', 'resilience'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        if (account.fileService === undefined) return [];
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        return fromFetched(account.fileService, target, (service) => {
          const policy = service.shareDeleteRetentionPolicy;
          if (policy?.enabled !== true) return [fail(target, `Storage account ${account.name} does not have soft delete enabled for its file shares.`)];
          const days = policy.days ?? 0;
          return days >= MIN_RETENTION_DAYS
            ? [pass(target, `Storage account ${account.name} keeps deleted file shares for ${days} days.`)]
            : [fail(target, `Storage account ${account.name} keeps deleted file shares for only ${days} days (less than ${MIN_RETENTION_DAYS}).`)];
        });
      }),
    ),
});
