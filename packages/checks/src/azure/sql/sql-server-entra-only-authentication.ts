import { defineCheck, fail, pass } from '@palisade/core';
import { eachSqlServerDetail } from '../lib/sql-servers.ts';

export default defineCheck({
  id: 'azure/sql-server-entra-only-authentication',
  provider: 'azure',
  service: 'sql',
  requires: ['sql'],
  resourceType: 'Microsoft.Sql/servers',
  severity: 'medium',
  title: 'SQL servers accept only Microsoft Entra authentication',
  description:
    'Checks that each Azure SQL logical server has Microsoft Entra-only authentication turned on (`azureADOnlyAuthentication`), which disables SQL authentication, the server admin login included. A server without an Entra administrator fails: SQL logins are then its only way in.',
  risk:
    'While SQL authentication stays on, the SQL admin login and any other SQL login remain passwords that bypass MFA and Conditional Access and outlive the people who know them.',
  remediation: {
    summary: 'After moving applications and people to Entra identities, turn on Microsoft Entra-only authentication for the server.',
    cli: 'az sql server ad-only-auth enable --resource-group <resource-group> --name <server>',
    terraform:
      'resource "azurerm_mssql_server" "this" {\n  # ...\n  azuread_administrator {\n    login_username              = "sql-admins"\n    object_id                   = azuread_group.sql_admins.object_id\n    azuread_authentication_only = true\n  }\n}',
    console: 'Azure portal → SQL servers → select the server → Settings → Microsoft Entra ID → check "Support only Microsoft Entra authentication for this server" → Save.',
  },
  references: ['https://learn.microsoft.com/azure/azure-sql/database/authentication-azure-ad-only-authentication', 'https://learn.microsoft.com/azure/azure-sql/database/authentication-azure-ad-only-authentication-tutorial'],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (scope) =>
    eachSqlServerDetail(
      scope,
      (server) => server.entraAdministrator,
      (server, administrator, target) => {
        if (administrator === null) return fail(target, `SQL server ${server.name} has no Microsoft Entra administrator, so SQL authentication is its only way in.`);
        return administrator.azureADOnlyAuthentication
          ? pass(target, `SQL server ${server.name} accepts only Microsoft Entra authentication.`)
          : fail(target, `SQL server ${server.name} still accepts SQL authentication besides Microsoft Entra ID.`);
      },
    ),
});
