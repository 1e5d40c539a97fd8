import { defineCheck, fail, pass } from '@palisade/core';
import { eachSqlServerDetail } from '../lib/sql-servers.ts';

export default defineCheck({
  id: 'azure/sql-server-auditing-enabled',
  provider: 'azure',
  service: 'sql',
  requires: ['sql'],
  resourceType: 'Microsoft.Sql/servers',
  severity: 'medium',
  title: 'SQL servers have auditing enabled',
  description:
    'Checks that the server-level auditing policy of each Azure SQL logical server is Enabled. Server-level auditing covers every database on the server, including databases created later, whatever their own database-level settings say (CIS 5.1.1).',
  risk:
    'Without an audit trail of logins, permission changes and queries, unauthorized access or data theft from the databases goes unnoticed, and an investigation has no record of who did what.',
  remediation: {
    summary: 'Turn on server-level auditing and send the audit log to a storage account, a Log Analytics workspace or an event hub.',
    cli: 'az sql server audit-policy update --resource-group <resource-group> --name <server> --state Enabled --blob-storage-target-state Enabled --storage-account <storage-account> --retention-days 120',
    terraform:
      'resource "azurerm_mssql_server_extended_auditing_policy" "this" {\n  server_id              = azurerm_mssql_server.this.id\n  storage_endpoint       = azurerm_storage_account.audit.primary_blob_endpoint\n  retention_in_days      = 120\n  log_monitoring_enabled = true\n}',
    console: 'Azure portal → SQL servers → select the server → Security → Auditing → turn on Enable Azure SQL Auditing → choose Storage, Log Analytics or Event Hub as destination → Save.',
  },
  references: ['https://learn.microsoft.com/azure/azure-sql/database/auditing-overview', 'https://learn.microsoft.com/azure/azure-sql/database/auditing-setup'],
  categories: ['logging'],
  evaluate: (scope) =>
    eachSqlServerDetail(
      scope,
      (server) => server.auditing,
      (server, auditing, target) =>
        auditing?.state === 'Enabled'
          ? pass(target, `SQL server ${server.name} has server-level auditing enabled.`)
          : fail(target, `SQL server ${server.name} has server-level auditing ${auditing === null ? 'never configured' : 'disabled'}.`),
    ),
});
