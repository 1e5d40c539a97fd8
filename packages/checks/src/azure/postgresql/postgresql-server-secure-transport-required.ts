import { defineCheck } from '@palisade/core';
import { eachPostgreSqlServer, evaluateServerParameter, isOn } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/postgresql-server-secure-transport-required',
  provider: 'azure',
  service: 'postgresql',
  requires: ['postgresql'],
  resourceType: 'Microsoft.DBforPostgreSQL/flexibleServers',
  severity: 'high',
  title: 'PostgreSQL flexible servers require encrypted connections',
  description: 'Checks that the server parameter `require_secure_transport` is `on` for each Azure Database for PostgreSQL flexible server, so the server refuses connections that are not encrypted with TLS (CIS 5.2.1).',
  risk: 'With unencrypted connections allowed, a misconfigured client sends passwords and query results in clear text, readable and alterable by anyone on the network path.',
  remediation: {
    summary: 'Set require_secure_transport to on (its default) and make clients connect with sslmode=require or stricter.',
    cli: 'az postgres flexible-server parameter set --resource-group <resource-group> --server-name <server> --name require_secure_transport --value on',
    terraform: 'resource "azurerm_postgresql_flexible_server_configuration" "require_secure_transport" {\n  name      = "require_secure_transport"\n  server_id = azurerm_postgresql_flexible_server.this.id\n  value     = "on"\n}',
    console: 'Azure portal → Azure Database for PostgreSQL flexible servers → select the server → Settings → Server parameters → require_secure_transport: ON → Save.',
  },
  references: ['https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls', 'https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-server-parameters'],
  categories: ['encryption'],
  evaluate: (scope) =>
    eachPostgreSqlServer(scope, (server, target) =>
      evaluateServerParameter(target, `PostgreSQL server ${server.name}`, server.configurations, { name: 'require_secure_transport', holds: isOn, expected: 'on' }),
    ),
});
