import { defineCheck } from '@palisade/core';
import { eachPostgreSqlServer, evaluateServerParameter, isOn } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/postgresql-server-connection-throttling-on',
  provider: 'azure',
  service: 'postgresql',
  requires: ['postgresql'],
  resourceType: 'Microsoft.DBforPostgreSQL/flexibleServers',
  severity: 'low',
  title: 'PostgreSQL flexible servers throttle failed logins',
  description: 'Checks that the server parameter `connection_throttle.enable` is `on` for each Azure Database for PostgreSQL flexible server, which slows down repeated failed logins from the same address (CIS 5.2.3).',
  risk: 'Without throttling, an attacker can try passwords as fast as the server answers, and a flood of failing connections can exhaust the server for legitimate clients.',
  remediation: {
    summary: 'Set connection_throttle.enable to on.',
    cli: 'az postgres flexible-server parameter set --resource-group <resource-group> --server-name <server> --name connection_throttle.enable --value on',
    terraform: 'resource "azurerm_postgresql_flexible_server_configuration" "connection_throttle" {\n  name      = "connection_throttle.enable"\n  server_id = azurerm_postgresql_flexible_server.this.id\n  value     = "on"\n}',
    console: 'Azure portal → Azure Database for PostgreSQL flexible servers → select the server → Settings → Server parameters → connection_throttle.enable: ON → Save.',
  },
  references: ['https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-server-parameters'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    eachPostgreSqlServer(scope, (server, target) =>
      evaluateServerParameter(target, `PostgreSQL server ${server.name}`, server.configurations, { name: 'connection_throttle.enable', holds: isOn, expected: 'on' }),
    ),
});
