import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/storage-cross-tenant-replication-disabled',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'medium',
  title: 'Storage accounts do not allow cross-tenant object replication',
  description:
    'Checks that "Allow cross-tenant replication" (allowCrossTenantReplication) is off on each account with a blob service. An unset property means replication across tenants is allowed (accounts created before December 2023), so it fails.',
  risk: 'An object replication policy can copy every blob written to a container into an account in another Microsoft Entra tenant, outside the organization\'s control and monitoring.',
  remediation: {
    summary: 'Disallow cross-tenant replication; replication policies between accounts of the same tenant keep working.',
    cli: 'az storage account update --name <account> --resource-group <group> --allow-cross-tenant-replication false',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  cross_tenant_replication_enabled = false\n}',
    console: 'Storage accounts → select the account → Data management → Object replication → Advanced settings → clear "Allow cross-tenant replication" → OK.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/blobs/object-replication-prevent-cross-tenant-policies'],
  categories: ['data-protection', 'governance'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        if (account.blobService === undefined) return [];
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        if (account.allowCrossTenantReplication === false) return pass(target, `Storage account ${account.name} does not allow object replication to other tenants.`);
        return account.allowCrossTenantReplication === true
          ? fail(target, `Storage account ${account.name} allows object replication to accounts in other Microsoft Entra tenants.`)
          : fail(target, `Storage account ${account.name} has cross-tenant replication unset, which Azure treats as allowed for accounts created before December 2023.`);
      }),
    ),
});
