import { defineCheck } from '@palisade/core';
import { eachPostgreSqlServer, evaluateServerParameter, isOn } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/postgresql-server-log-connections-on',
  provider: 'azure',
  service: 'postgresql',
  requires: ['postgresql'],
  resourceType: 'Microsoft.DBforPostgreSQL/flexibleServers',
  severity: 'low',
  title: 'PostgreSQL flexible servers log connection attempts',
  description: 'Checks that the server parameter `log_connections` is `on` for each Azure Database for PostgreSQL flexible server, so every connection attempt, failed authentication included, is logged (the flexible-server form of CIS 5.2.6, written for the retired single server).',
  risk: 'Without connection records, password guessing, logins from unexpected hosts and the use of stolen credentials cannot be detected or traced afterwards.',
  remediation: {
    summary: 'Set log_connections to on (restart-free on flexible servers).',
    cli: 'az postgres flexible-server parameter set --resource-group <resource-group> --server-name <server> --name log_connections --value on',
    terraform: 'resource "azurerm_postgresql_flexible_server_configuration" "log_connections" {\n  name      = "log_connections"\n  server_id = azurerm_postgresql_flexible_server.this.id\n  value     = "on"\n}',
    console: 'Azure portal → Azure Database for PostgreSQL flexible servers → select the server → Settings → Server parameters → log_connections: ON → Save.',
  },
  references: ['https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-logging', 'https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-server-parameters'],
  categories: ['logging'],
  evaluate: (scope) =>
    eachPostgreSqlServer(scope, (server, target) => evaluateServerParameter(target, `PostgreSQL server ${server.name}`, server.configurations, { name: 'log_connections', holds: isOn, expected: 'on' })),
});
