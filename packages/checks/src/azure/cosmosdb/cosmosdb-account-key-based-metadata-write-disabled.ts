import { defineCheck, fail, pass } from '@palisade/core';
import { eachCosmosDbAccount } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/cosmosdb-account-key-based-metadata-write-disabled',
  provider: 'azure',
  service: 'cosmosdb',
  requires: ['cosmosdb'],
  resourceType: 'Microsoft.DocumentDB/databaseAccounts',
  severity: 'medium',
  title: 'Cosmos DB account keys cannot change databases and containers',
  description:
    'Checks that each Azure Cosmos DB account has `disableKeyBasedMetadataWriteAccess` on, so clients authenticated with account keys cannot create, change or delete databases, containers and throughput; those changes must go through Azure Resource Manager, with Azure RBAC and the activity log.',
  risk: 'With key-based metadata writes allowed, anyone holding an account key can delete containers or raise throughput (and cost) without any Azure RBAC check or activity-log record.',
  remediation: {
    summary: 'Turn on disableKeyBasedMetadataWriteAccess after moving database and container management to ARM templates, Bicep, Terraform or the CLI.',
    cli: 'az cosmosdb update --resource-group <resource-group> --name <account> --disable-key-based-metadata-write-access true',
    terraform: 'resource "azurerm_cosmosdb_account" "this" {\n  # ...\n  access_key_metadata_writes_enabled = false\n}',
    console: 'Azure portal has no switch for it: update the account with the CLI, an ARM/Bicep template (properties.disableKeyBasedMetadataWriteAccess: true) or Terraform.',
  },
  references: ['https://learn.microsoft.com/azure/cosmos-db/role-based-access-control#prevent-sdk-changes', 'https://learn.microsoft.com/azure/cosmos-db/audit-control-plane-logs'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    eachCosmosDbAccount(scope, (account, target) =>
      account.disableKeyBasedMetadataWriteAccess
        ? pass(target, `Cosmos DB account ${account.name} blocks metadata changes made with account keys.`)
        : fail(target, `Cosmos DB account ${account.name} lets account-key clients create, change and delete databases and containers.`),
    ),
});
