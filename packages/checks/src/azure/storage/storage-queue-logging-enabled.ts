import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import type { StorageDiagnosticSetting } from '@palisade/core/azure';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

const REQUIRED_CATEGORIES = ['StorageRead', 'StorageWrite', 'StorageDelete'] as const;

/** The required categories a setting does not send: each must be enabled by name or through the `allLogs` group. */
function missingCategories(setting: StorageDiagnosticSetting): string[] {
  const enabled = setting.logs.filter((log) => log.enabled);
  return REQUIRED_CATEGORIES.filter(
    (category) => !enabled.some((log) => log.category?.toLowerCase() === category.toLowerCase() || log.categoryGroup?.toLowerCase() === 'alllogs'),
  );
}

function hasDestination(setting: StorageDiagnosticSetting): boolean {
  return Boolean(setting.workspaceId || setting.storageAccountId || setting.eventHubAuthorizationRuleId || setting.marketplacePartnerId);
}

export default defineCheck({
  id: 'azure/storage-queue-logging-enabled',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'medium',
  title: 'Storage accounts log read, write and delete requests to their queue service',
  description:
    'Checks that the queue service of each account that offers one has an Azure Monitor diagnostic setting sending the StorageRead, StorageWrite and StorageDelete categories (named, or through the allLogs group) to a destination. Classic Storage Analytics logging is configured on the data plane and is not read, so an account logging only that way fails.',
  risk: 'Without request logs, reads, changes and deletions of queue messages leave no record: a data leak or destructive change cannot be investigated, and unusual access cannot be detected.',
  remediation: {
    summary: 'Add a diagnostic setting on the queue service that sends StorageRead, StorageWrite and StorageDelete to a Log Analytics workspace (or a storage account or event hub); weigh the logging cost for busy accounts.',
    cli: "az monitor diagnostic-settings create --name queue-requests --resource <account-resource-id>/queueServices/default --workspace <workspace-resource-id> --logs '[{\"category\":\"StorageRead\",\"enabled\":true},{\"category\":\"StorageWrite\",\"enabled\":true},{\"category\":\"StorageDelete\",\"enabled\":true}]'",
    terraform:
      'resource "azurerm_monitor_diagnostic_setting" "queue" {\n  name                       = "queue-requests"\n  target_resource_id         = "${azurerm_storage_account.this.id}/queueServices/default"\n  log_analytics_workspace_id = azurerm_log_analytics_workspace.this.id\n\n  enabled_log {\n    category = "StorageRead"\n  }\n  enabled_log {\n    category = "StorageWrite"\n  }\n  enabled_log {\n    category = "StorageDelete"\n  }\n}',
    console: 'Storage accounts → select the account → Monitoring → Diagnostic settings → queue → + Add diagnostic setting → check StorageRead, StorageWrite and StorageDelete → choose a destination → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/queues/monitor-queue-storage', 'https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/diagnostic-settings'],
  categories: ['logging'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        const settings = account.diagnosticSettings.queue;
        if (settings === undefined) return [];
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        return fromFetched(settings, target, (list) => {
          const complete = list.find((setting) => hasDestination(setting) && missingCategories(setting).length === 0);
          if (complete) return [pass(target, `Storage account ${account.name} sends read, write and delete logs of its queue service to diagnostic setting ${complete.name}.`)];
          if (list.length === 0) return [fail(target, `Storage account ${account.name} has no diagnostic setting on its queue service.`)];
          const gaps = list.map((setting) => `${setting.name}: ${hasDestination(setting) ? `missing ${missingCategories(setting).join(', ')}` : 'no destination'}`);
          return [fail(target, `No diagnostic setting of the queue service of storage account ${account.name} sends StorageRead, StorageWrite and StorageDelete logs (${gaps.join('; ')}).`)];
        });
      }),
    ),
});
