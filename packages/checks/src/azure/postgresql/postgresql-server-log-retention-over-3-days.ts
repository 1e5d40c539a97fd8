import { defineCheck } from '@palisade/core';
import { eachPostgreSqlServer, evaluateServerParameter } from '../lib/database-servers.ts';

/** CIS 5.2.4: server log files kept more than this many days (the parameter allows 1–7). */
const MIN_LOG_RETENTION_DAYS = 3;

export default defineCheck({
  id: 'azure/postgresql-server-log-retention-over-3-days',
  provider: 'azure',
  service: 'postgresql',
  requires: ['postgresql'],
  resourceType: 'Microsoft.DBforPostgreSQL/flexibleServers',
  severity: 'low',
  title: 'PostgreSQL flexible servers keep log files more than 3 days',
  description:
    'Checks that the server parameter `logfiles.retention_days` of each Azure Database for PostgreSQL flexible server is greater than 3 (it ranges from 1 to 7 and defaults to 3) (CIS 5.2.4). Logs exported to a Log Analytics workspace through diagnostic settings are kept by that workspace\'s own retention.',
  risk: 'Server logs deleted after a few days are gone before most incidents are noticed, so the connections and errors that would explain them cannot be examined.',
  remediation: {
    summary: 'Set logfiles.retention_days to 4–7, and export the logs to a Log Analytics workspace for longer retention.',
    cli: 'az postgres flexible-server parameter set --resource-group <resource-group> --server-name <server> --name logfiles.retention_days --value 7',
    terraform: 'resource "azurerm_postgresql_flexible_server_configuration" "log_retention" {\n  name      = "logfiles.retention_days"\n  server_id = azurerm_postgresql_flexible_server.this.id\n  value     = "7"\n}',
    console: 'Azure portal → Azure Database for PostgreSQL flexible servers → select the server → Settings → Server parameters → logfiles.retention_days: 7 → Save.',
  },
  references: ['https://learn.microsoft.com/azure/postgresql/flexible-server/how-to-server-logs-portal', 'https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-logging'],
  categories: ['logging'],
  evaluate: (scope) =>
    eachPostgreSqlServer(scope, (server, target) =>
      evaluateServerParameter(target, `PostgreSQL server ${server.name}`, server.configurations, {
        name: 'logfiles.retention_days',
        holds: (value) => Number(value) > MIN_LOG_RETENTION_DAYS,
        expected: `more than ${MIN_LOG_RETENTION_DAYS} days`,
      }),
    ),
});
