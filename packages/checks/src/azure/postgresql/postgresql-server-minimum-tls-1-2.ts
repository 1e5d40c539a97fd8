import { defineCheck } from '@palisade/core';
import { eachPostgreSqlServer, evaluateServerParameter } from '../lib/database-servers.ts';

/** `ssl_min_protocol_version` values that refuse TLS 1.0 and 1.1. */
const ACCEPTED = new Set(['tlsv1.2', 'tlsv1.3']);

export default defineCheck({
  id: 'azure/postgresql-server-minimum-tls-1-2',
  provider: 'azure',
  service: 'postgresql',
  requires: ['postgresql'],
  resourceType: 'Microsoft.DBforPostgreSQL/flexibleServers',
  severity: 'medium',
  title: 'PostgreSQL flexible servers require TLS 1.2 or later',
  description: 'Checks that the server parameter `ssl_min_protocol_version` of each Azure Database for PostgreSQL flexible server is TLSv1.2 or TLSv1.3, so clients cannot negotiate TLS 1.0 or 1.1.',
  risk: 'TLS 1.0 and 1.1 have known weaknesses and no longer receive fixes; connections that fall back to them expose credentials and data in transit.',
  remediation: {
    summary: 'Set ssl_min_protocol_version to TLSv1.2 (the default) or TLSv1.3.',
    cli: 'az postgres flexible-server parameter set --resource-group <resource-group> --server-name <server> --name ssl_min_protocol_version --value TLSv1.2',
    terraform: 'resource "azurerm_postgresql_flexible_server_configuration" "ssl_min_protocol_version" {\n  name      = "ssl_min_protocol_version"\n  server_id = azurerm_postgresql_flexible_server.this.id\n  value     = "TLSv1.2"\n}',
    console: 'Azure portal → Azure Database for PostgreSQL flexible servers → select the server → Settings → Server parameters → ssl_min_protocol_version: TLSv1.2 → Save.',
  },
  references: ['https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls'],
  categories: ['encryption'],
  evaluate: (scope) =>
    eachPostgreSqlServer(scope, (server, target) =>
      evaluateServerParameter(target, `PostgreSQL server ${server.name}`, server.configurations, {
        name: 'ssl_min_protocol_version',
        holds: (value) => ACCEPTED.has(value.trim().toLowerCase()),
        expected: 'TLSv1.2 or TLSv1.3',
      }),
    ),
});
