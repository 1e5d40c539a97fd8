import { defineCheck, fail, pass } from '@palisade/core';
import { eachCosmosDbAccount } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/cosmosdb-account-local-auth-disabled',
  provider: 'azure',
  service: 'cosmosdb',
  requires: ['cosmosdb'],
  resourceType: 'Microsoft.DocumentDB/databaseAccounts',
  severity: 'medium',
  title: 'Cosmos DB accounts accept only Microsoft Entra ID authentication',
  description:
    'Checks that each Azure Cosmos DB account has key-based authentication turned off (`disableLocalAuth`), so data-plane requests must carry a Microsoft Entra ID token authorized by Cosmos DB role-based access control (the automatable part of CIS 5.4.3).',
  risk: 'Account keys grant full access to every database, are shared rather than personal, leave no identity in the logs and stay valid until someone rotates them; a key in a config file or repository is a full compromise.',
  remediation: {
    summary: 'Grant applications and people Cosmos DB data-plane roles, move them to Microsoft Entra ID tokens, then disable local (key) authentication.',
    cli: 'az resource update --ids <account-resource-id> --set properties.disableLocalAuth=true',
    terraform: 'resource "azurerm_cosmosdb_account" "this" {\n  # ...\n  local_authentication_disabled = true\n}',
    console: 'Azure portal has no switch for it: update the account with the CLI, an ARM/Bicep template (properties.disableLocalAuth: true) or Terraform after assigning data-plane roles.',
  },
  references: ['https://learn.microsoft.com/azure/cosmos-db/how-to-setup-rbac', 'https://learn.microsoft.com/azure/cosmos-db/security/how-to-disable-key-based-authentication'],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (scope) =>
    eachCosmosDbAccount(scope, (account, target) =>
      account.disableLocalAuth
        ? pass(target, `Cosmos DB account ${account.name} accepts only Microsoft Entra ID authentication.`)
        : fail(target, `Cosmos DB account ${account.name} accepts account keys besides Microsoft Entra ID.`),
    ),
});
