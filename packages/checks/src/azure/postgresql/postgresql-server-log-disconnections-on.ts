import { defineCheck } from '@palisade/core';
import { eachPostgreSqlServer, evaluateServerParameter, isOn } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/postgresql-server-log-disconnections-on',
  provider: 'azure',
  service: 'postgresql',
  requires: ['postgresql'],
  resourceType: 'Microsoft.DBforPostgreSQL/flexibleServers',
  severity: 'low',
  title: 'PostgreSQL flexible servers log session ends',
  description: 'Checks that the server parameter `log_disconnections` is `on` for each Azure Database for PostgreSQL flexible server, so the end of every session is logged with its duration (the flexible-server form of CIS 5.2.7, written for the retired single server).',
  risk: 'Without disconnection records, the length of suspicious sessions and the timeline of an intrusion cannot be reconstructed from the logs.',
  remediation: {
    summary: 'Set log_disconnections to on.',
    cli: 'az postgres flexible-server parameter set --resource-group <resource-group> --server-name <server> --name log_disconnections --value on',
    terraform: 'resource "azurerm_postgresql_flexible_server_configuration" "log_disconnections" {\n  name      = "log_disconnections"\n  server_id = azurerm_postgresql_flexible_server.this.id\n  value     = "on"\n}',
    console: 'Azure portal → Azure Database for PostgreSQL flexible servers → select the server → Settings → Server parameters → log_disconnections: ON → Save.',
  },
  references: ['https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-logging', 'https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-server-parameters'],
  categories: ['logging'],
  evaluate: (scope) =>
    eachPostgreSqlServer(scope, (server, target) => evaluateServerParameter(target, `PostgreSQL server ${server.name}`, server.configurations, { name: 'log_disconnections', holds: isOn, expected: 'on' })),
});
