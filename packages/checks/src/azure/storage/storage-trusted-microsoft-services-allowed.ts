import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/storage-trusted-microsoft-services-allowed',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'low',
  title: 'Storage account firewalls let trusted Azure services through',
  description:
    'Checks that the network rules of each storage account bypass the firewall for Azure services on the trusted services list (bypass includes AzureServices), so a restricted account still works with Azure Backup, Azure Monitor, Microsoft Defender for Cloud and similar services.',
  risk: 'Without the exception, locking the firewall down breaks backup, logging and threat detection for the account, which pushes teams to reopen it to all networks instead.',
  remediation: {
    summary: 'Add AzureServices to the firewall exceptions of the account.',
    cli: 'az storage account update --name <account> --resource-group <group> --bypass AzureServices Logging Metrics',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  network_rules {\n    default_action = "Deny"\n    bypass         = ["AzureServices", "Logging", "Metrics"]\n  }\n}',
    console: 'Storage accounts → select the account → Security + networking → Networking → Exceptions → check "Allow Azure services on the trusted services list to access this storage account" → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/common/storage-network-security', 'https://learn.microsoft.com/en-us/azure/storage/common/storage-network-security-trusted-azure-services'],
  categories: ['network', 'resilience'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        const bypass = (account.networkAcls?.bypass ?? '').split(',').map((entry) => entry.trim().toLowerCase());
        return bypass.includes('azureservices')
          ? pass(target, `Storage account ${account.name} lets trusted Azure services through its firewall.`)
          : fail(target, `Storage account ${account.name} does not let trusted Azure services through its firewall (bypass: ${account.networkAcls?.bypass || 'None'}).`);
      }),
    ),
});
