import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/storage-infrastructure-encryption-enabled',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'low',
  title: 'Storage accounts use infrastructure (double) encryption',
  description:
    'Checks that each storage account requires infrastructure encryption (encryption.requireInfrastructureEncryption), which encrypts data a second time, at the infrastructure layer, with a different algorithm and key.',
  risk: 'With a single layer of encryption, one compromised key or one flaw in that encryption implementation exposes the data at rest; data that must meet double-encryption requirements is out of compliance.',
  remediation: {
    summary: 'Infrastructure encryption can only be chosen when an account is created: create a new account with it enabled and move the data (for example with AzCopy or object replication).',
    cli: 'az storage account create --name <new-account> --resource-group <group> --location <location> --kind StorageV2 --sku Standard_ZRS --require-infrastructure-encryption true',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  infrastructure_encryption_enabled = true # forces a new account\n}',
    console: 'Storage accounts → Create → Encryption tab → Enable infrastructure encryption → create the account, then copy the data from the old account.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/common/infrastructure-encryption-enable'],
  categories: ['encryption', 'data-protection'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        return account.encryption?.requireInfrastructureEncryption === true
          ? pass(target, `Storage account ${account.name} encrypts its data a second time at the infrastructure layer.`)
          : fail(target, `Storage account ${account.name} does not use infrastructure encryption; its data is encrypted once, at the service layer.`);
      }),
    ),
});
