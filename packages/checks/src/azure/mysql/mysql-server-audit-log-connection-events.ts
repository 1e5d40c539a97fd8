import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { eachMySqlServer, isOn } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/mysql-server-audit-log-connection-events',
  provider: 'azure',
  service: 'mysql',
  requires: ['mysql'],
  resourceType: 'Microsoft.DBforMySQL/flexibleServers',
  severity: 'low',
  title: 'MySQL flexible servers audit connection events',
  description:
    'Checks that the server parameter `audit_log_events` of each Azure Database for MySQL flexible server includes CONNECTION, so logins, failed logins and disconnections are audited (CIS 5.3.4). The events are recorded only while `audit_log_enabled` is ON, which azure/mysql-server-audit-log-enabled checks; the message says when it is off.',
  risk: 'Without connection events, password guessing and logins with stolen credentials leave no record in the audit log.',
  remediation: {
    summary: 'Add CONNECTION to audit_log_events (it is the default) and keep audit_log_enabled ON.',
    cli: 'az mysql flexible-server parameter set --resource-group <resource-group> --server-name <server> --name audit_log_events --value CONNECTION,ADMIN,DDL',
    terraform: 'resource "azurerm_mysql_flexible_server_configuration" "audit_log_events" {\n  name                = "audit_log_events"\n  resource_group_name = azurerm_resource_group.this.name\n  server_name         = azurerm_mysql_flexible_server.this.name\n  value               = "CONNECTION,ADMIN,DDL"\n}',
    console: 'Azure portal → Azure Database for MySQL flexible servers → select the server → Settings → Server parameters → audit_log_events: select CONNECTION → Save.',
  },
  references: ['https://learn.microsoft.com/azure/mysql/flexible-server/concepts-audit-logs', 'https://learn.microsoft.com/azure/mysql/flexible-server/tutorial-configure-audit'],
  categories: ['logging'],
  evaluate: (scope) =>
    eachMySqlServer(scope, (server, target) =>
      fromFetched(server.configurations, target, (parameters) => {
        const events = parameters.find((parameter) => parameter.name === 'audit_log_events');
        if (events === undefined) return [fail(target, `MySQL server ${server.name} does not report the audit_log_events parameter; expected it to include CONNECTION.`)];
        const audited = events.value.split(',').map((event) => event.trim().toUpperCase());
        if (!audited.includes('CONNECTION')) return [fail(target, `MySQL server ${server.name} has audit_log_events = ${events.value || '(empty)'}, without CONNECTION.`)];
        const enabled = parameters.find((parameter) => parameter.name === 'audit_log_enabled');
        const note = enabled !== undefined && isOn(enabled.value) ? '' : ' (audit logging itself is off, so nothing is recorded yet)';
        return [pass(target, `MySQL server ${server.name} has audit_log_events = ${events.value}${note}.`)];
      }),
    ),
});
