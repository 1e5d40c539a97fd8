import { defineCheck, fail, pass } from '@palisade/core';
import { eachSqlServerDetail } from '../lib/sql-servers.ts';

export default defineCheck({
  id: 'azure/sql-server-entra-admin-configured',
  provider: 'azure',
  service: 'sql',
  requires: ['sql'],
  resourceType: 'Microsoft.Sql/servers',
  severity: 'medium',
  title: 'SQL servers have a Microsoft Entra administrator',
  description:
    'Checks that each Azure SQL logical server has a Microsoft Entra administrator (`administrators/ActiveDirectory`), without which no Entra identity can sign in and database access rests on SQL logins alone (CIS 5.1.4).',
  risk:
    'SQL logins are passwords kept and rotated per server, outside the directory: they escape MFA, Conditional Access and central deprovisioning, so a departed employee or a leaked connection string keeps working.',
  remediation: {
    summary: 'Set a Microsoft Entra group as the server\'s administrator, create contained users for Entra identities, then consider Entra-only authentication.',
    cli: 'az sql server ad-admin create --resource-group <resource-group> --server-name <server> --display-name <entra-group-name> --object-id <entra-group-object-id>',
    terraform:
      'resource "azurerm_mssql_server" "this" {\n  # ...\n  azuread_administrator {\n    login_username = "sql-admins"\n    object_id      = azuread_group.sql_admins.object_id\n  }\n}',
    console: 'Azure portal → SQL servers → select the server → Settings → Microsoft Entra ID → Set admin → choose a group → Select → Save.',
  },
  references: ['https://learn.microsoft.com/azure/azure-sql/database/authentication-aad-overview', 'https://learn.microsoft.com/azure/azure-sql/database/authentication-aad-configure'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    eachSqlServerDetail(
      scope,
      (server) => server.entraAdministrator,
      (server, administrator, target) =>
        administrator !== null
          ? pass(target, `SQL server ${server.name} has the Microsoft Entra administrator ${administrator.login}.`)
          : fail(target, `SQL server ${server.name} has no Microsoft Entra administrator; only SQL logins can connect.`),
    ),
});
