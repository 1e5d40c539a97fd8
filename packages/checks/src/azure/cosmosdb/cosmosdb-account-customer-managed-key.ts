import { defineCheck, fail, pass } from '@palisade/core';
import { eachCosmosDbAccount } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/cosmosdb-account-customer-managed-key',
  provider: 'azure',
  service: 'cosmosdb',
  requires: ['cosmosdb'],
  resourceType: 'Microsoft.DocumentDB/databaseAccounts',
  severity: 'low',
  title: 'Cosmos DB accounts encrypt data with a customer-managed key',
  description: 'Checks that each Azure Cosmos DB account encrypts its data with a customer-managed key from Azure Key Vault or Managed HSM (`keyVaultKeyUri`), on top of the service-managed encryption every account has.',
  risk: 'With service-managed keys only, the organization cannot revoke access to the data by disabling its key, audit key use in its own vault, or meet rules that require customer-held keys.',
  remediation: {
    summary: 'Give the account an identity with access to a Key Vault key and set it as the account\'s customer-managed key.',
    cli: 'az cosmosdb update --resource-group <resource-group> --name <account> --key-uri https://<vault>.vault.azure.net/keys/<key>',
    terraform: 'resource "azurerm_cosmosdb_account" "this" {\n  # ...\n  key_vault_key_id = azurerm_key_vault_key.cosmos.versionless_id\n}',
    console: 'Azure portal → Azure Cosmos DB → select the account → Settings → Data Encryption → Customer-managed key → choose the Key Vault key → Save.',
  },
  references: ['https://learn.microsoft.com/azure/cosmos-db/how-to-setup-customer-managed-keys', 'https://learn.microsoft.com/azure/cosmos-db/database-encryption-at-rest'],
  categories: ['encryption', 'data-protection'],
  evaluate: (scope) =>
    eachCosmosDbAccount(scope, (account, target) =>
      account.keyVaultKeyUri
        ? pass(target, `Cosmos DB account ${account.name} encrypts data with the customer-managed key ${account.keyVaultKeyUri}.`)
        : fail(target, `Cosmos DB account ${account.name} encrypts data with service-managed keys only.`),
    ),
});
