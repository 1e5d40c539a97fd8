import { defineCheck, errorResult, fail, pass } from '@palisade/core';
import { STORAGE_ACCOUNT_TYPE, eachArchiveAccount } from './lib/monitor.ts';

export default defineCheck({
  id: 'azure/monitor-activity-log-storage-not-public',
  provider: 'azure',
  service: 'monitor',
  requires: ['monitor'],
  resourceType: STORAGE_ACCOUNT_TYPE,
  severity: 'high',
  title: 'The container holding the archived activity log is not publicly readable',
  description:
    'For each storage account a subscription diagnostic setting archives the activity log to, checks that the logs cannot be read anonymously: the account forbids anonymous blob access (`allowBlobPublicAccess` false), or the `insights-activity-logs` container\'s access level is private. An account where Azure Monitor has not created the container yet passes.',
  risk: 'The activity log describes the whole subscription (resource names, addresses, callers, role assignments); a public container hands that map to anyone who guesses the account name, and lets an intruder see what was recorded about them.',
  remediation: {
    summary: 'Disallow anonymous blob access on the archive storage account and set the insights-activity-logs container to private.',
    cli: 'az storage account update --name <storage-account> --resource-group <resource-group> --allow-blob-public-access false',
    terraform: 'resource "azurerm_storage_account" "activity_archive" {\n  # ...\n  allow_nested_items_to_be_public = false\n}',
    console: 'Storage accounts → select the archive account → Settings → Configuration → Allow Blob anonymous access: Disabled → Save; then Containers → insights-activity-logs → Change access level → Private.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-prevent',
    'https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/activity-log',
  ],
  categories: ['logging', 'data-protection', 'internet-exposed'],
  evaluate: (scope) =>
    eachArchiveAccount(scope, (account, target) => {
      if (account.allowBlobPublicAccess === false) return pass(target, `Activity log archive ${account.name} forbids anonymous blob access.`);
      const container = account.activityLogContainer;
      if (container.error) return errorResult(target, container.error, `The insights-activity-logs container of ${account.name} could not be read`);
      if (container.value === null) return pass(target, `Activity log archive ${account.name} has no insights-activity-logs container yet.`);
      const access = container.value.publicAccess;
      return access.toLowerCase() === 'none'
        ? pass(target, `The insights-activity-logs container of ${account.name} is private.`)
        : fail(target, `The insights-activity-logs container of ${account.name} allows anonymous read access (${access}).`);
    }),
});
