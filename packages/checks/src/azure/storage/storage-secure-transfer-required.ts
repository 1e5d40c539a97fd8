import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/storage-secure-transfer-required',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'high',
  title: 'Storage accounts require secure transfer',
  description:
    'Checks that each storage account has "Secure transfer required" (supportsHttpsTrafficOnly) turned on, so its REST endpoints refuse plain HTTP and Azure Files refuses SMB connections without encryption.',
  risk: 'Requests sent over HTTP or unencrypted SMB expose data, Shared Access Signatures and account-key signatures to anyone who can observe or tamper with the network path.',
  remediation: {
    summary: 'Turn on "Secure transfer required" on the account; make sure clients use HTTPS and SMB 3.x with encryption first.',
    cli: 'az storage account update --name <account> --resource-group <group> --https-only true',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  https_traffic_only_enabled = true\n}',
    console: 'Storage accounts → select the account → Settings → Configuration → Secure transfer required: Enabled → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/common/storage-require-secure-transfer'],
  categories: ['encryption', 'network'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        return account.supportsHttpsTrafficOnly === true
          ? pass(target, `Storage account ${account.name} accepts secure (HTTPS) transfers only.`)
          : fail(target, `Storage account ${account.name} does not require secure transfer: it accepts plain HTTP requests.`);
      }),
    ),
});
