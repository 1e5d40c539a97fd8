import { defineCheck, fail, manual, pass } from '@palisade/core';
import { eachSqlServerDetail } from '../lib/sql-servers.ts';

/** CIS 5.1.6: audit logs kept in storage for more than this many days (0, no limit, also passes). */
const MIN_AUDIT_RETENTION_DAYS = 90;

export default defineCheck({
  id: 'azure/sql-server-audit-retention-over-90-days',
  provider: 'azure',
  service: 'sql',
  requires: ['sql'],
  resourceType: 'Microsoft.Sql/servers',
  severity: 'low',
  title: 'SQL server audit logs are kept for more than 90 days',
  description:
    'Checks that each Azure SQL logical server that audits to a storage account keeps the audit logs for more than 90 days, or without limit (retention 0) (CIS 5.1.6). A server that audits only to Azure Monitor (a Log Analytics workspace or an event hub) is reported MANUAL: its retention is set on the workspace or by the event consumer, not on the server. A server with auditing off fails.',
  risk:
    'Intrusions are often found weeks or months after they began; audit records deleted after a short retention cannot show how an attacker got in, what they read or how long they stayed.',
  remediation: {
    summary: 'Set the audit retention of the storage destination to more than 90 days (or 0 to keep logs indefinitely), or keep audit logs in a Log Analytics workspace retained that long.',
    cli: 'az sql server audit-policy update --resource-group <resource-group> --name <server> --state Enabled --blob-storage-target-state Enabled --storage-account <storage-account> --retention-days 120',
    terraform:
      'resource "azurerm_mssql_server_extended_auditing_policy" "this" {\n  server_id         = azurerm_mssql_server.this.id\n  storage_endpoint  = azurerm_storage_account.audit.primary_blob_endpoint\n  retention_in_days = 120\n}',
    console: 'Azure portal → SQL servers → select the server → Security → Auditing → Storage → Advanced properties → set Retention (Days) above 90 (or 0 for unlimited) → Save.',
  },
  references: ['https://learn.microsoft.com/azure/azure-sql/database/auditing-overview', 'https://learn.microsoft.com/azure/azure-sql/database/auditing-setup'],
  categories: ['logging'],
  evaluate: (scope) =>
    eachSqlServerDetail(
      scope,
      (server) => server.auditing,
      (server, auditing, target) => {
        if (auditing === null || auditing.state !== 'Enabled') return fail(target, `SQL server ${server.name} does not audit, so no audit log is retained.`);
        if (auditing.storageEndpoint) {
          if (auditing.retentionDays === 0) return pass(target, `SQL server ${server.name} keeps audit logs in storage without a time limit.`);
          return auditing.retentionDays > MIN_AUDIT_RETENTION_DAYS
            ? pass(target, `SQL server ${server.name} keeps audit logs in storage for ${auditing.retentionDays} days.`)
            : fail(target, `SQL server ${server.name} keeps audit logs in storage for only ${auditing.retentionDays} days; more than ${MIN_AUDIT_RETENTION_DAYS} are required.`);
        }
        if (auditing.isAzureMonitorTargetEnabled) {
          return manual(target, `SQL server ${server.name} audits to Azure Monitor only; confirm that the Log Analytics workspace or event hub consumer keeps the logs more than ${MIN_AUDIT_RETENTION_DAYS} days.`);
        }
        return fail(target, `SQL server ${server.name} has auditing enabled without a storage or Azure Monitor destination, so no audit log is retained.`);
      },
    ),
});
