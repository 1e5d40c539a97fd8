import { defineCheck } from '@palisade/core';
import { eachPostgreSqlServer, evaluateServerParameter, isOn } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/postgresql-server-log-checkpoints-on',
  provider: 'azure',
  service: 'postgresql',
  requires: ['postgresql'],
  resourceType: 'Microsoft.DBforPostgreSQL/flexibleServers',
  severity: 'low',
  title: 'PostgreSQL flexible servers log checkpoints',
  description: 'Checks that the server parameter `log_checkpoints` is `on` for each Azure Database for PostgreSQL flexible server, so each checkpoint and restart point is written to the server log (CIS 5.2.2).',
  risk: 'Without checkpoint records, unusual write activity, stalls and crash-recovery events leave no trace in the server log, weakening troubleshooting and the investigation of an incident.',
  remediation: {
    summary: 'Set log_checkpoints to on.',
    cli: 'az postgres flexible-server parameter set --resource-group <resource-group> --server-name <server> --name log_checkpoints --value on',
    terraform: 'resource "azurerm_postgresql_flexible_server_configuration" "log_checkpoints" {\n  name      = "log_checkpoints"\n  server_id = azurerm_postgresql_flexible_server.this.id\n  value     = "on"\n}',
    console: 'Azure portal → Azure Database for PostgreSQL flexible servers → select the server → Settings → Server parameters → log_checkpoints: ON → Save.',
  },
  references: ['https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-logging', 'https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-server-parameters'],
  categories: ['logging'],
  evaluate: (scope) =>
    eachPostgreSqlServer(scope, (server, target) => evaluateServerParameter(target, `PostgreSQL server ${server.name}`, server.configurations, { name: 'log_checkpoints', holds: isOn, expected: 'on' })),
});
