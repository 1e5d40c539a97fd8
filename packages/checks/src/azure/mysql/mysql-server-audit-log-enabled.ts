import { defineCheck } from '@palisade/core';
import { eachMySqlServer, evaluateServerParameter, isOn } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/mysql-server-audit-log-enabled',
  provider: 'azure',
  service: 'mysql',
  requires: ['mysql'],
  resourceType: 'Microsoft.DBforMySQL/flexibleServers',
  severity: 'medium',
  title: 'MySQL flexible servers have audit logging on',
  description: 'Checks that the server parameter `audit_log_enabled` is `ON` for each Azure Database for MySQL flexible server, so the events selected by `audit_log_events` are recorded (CIS 5.3.3, Level 2). Send the MySqlAuditLogs category to a Log Analytics workspace or storage account through diagnostic settings to keep them.',
  risk: 'Without an audit log, logins, privilege changes and data access on the server leave no record, so misuse is neither detected nor traceable.',
  remediation: {
    summary: 'Set audit_log_enabled to ON, choose the audited events, and export MySqlAuditLogs with a diagnostic setting.',
    cli: 'az mysql flexible-server parameter set --resource-group <resource-group> --server-name <server> --name audit_log_enabled --value ON',
    terraform: 'resource "azurerm_mysql_flexible_server_configuration" "audit_log_enabled" {\n  name                = "audit_log_enabled"\n  resource_group_name = azurerm_resource_group.this.name\n  server_name         = azurerm_mysql_flexible_server.this.name\n  value               = "ON"\n}',
    console: 'Azure portal → Azure Database for MySQL flexible servers → select the server → Settings → Server parameters → audit_log_enabled: ON → Save; then Monitoring → Diagnostic settings → add MySQL Audit Logs.',
  },
  references: ['https://learn.microsoft.com/azure/mysql/flexible-server/concepts-audit-logs', 'https://learn.microsoft.com/azure/mysql/flexible-server/tutorial-configure-audit'],
  categories: ['logging'],
  evaluate: (scope) =>
    eachMySqlServer(scope, (server, target) => evaluateServerParameter(target, `MySQL server ${server.name}`, server.configurations, { name: 'audit_log_enabled', holds: isOn, expected: 'ON' })),
});
