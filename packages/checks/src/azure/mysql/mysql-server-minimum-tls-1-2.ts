import { defineCheck } from '@palisade/core';
import { eachMySqlServer, evaluateServerParameter } from '../lib/database-servers.ts';

/** Protocols a server may allow: TLS 1.2 and 1.3. */
const ACCEPTED = new Set(['tlsv1.2', 'tlsv1.3']);

/** `TLSv1.2,TLSv1.3` → every listed protocol is 1.2 or later (and at least one is listed). */
function onlyModernTls(value: string): boolean {
  const protocols = value
    .split(',')
    .map((protocol) => protocol.trim().toLowerCase())
    .filter((protocol) => protocol !== '');
  return protocols.length > 0 && protocols.every((protocol) => ACCEPTED.has(protocol));
}

export default defineCheck({
  id: 'azure/mysql-server-minimum-tls-1-2',
  provider: 'azure',
  service: 'mysql',
  requires: ['mysql'],
  resourceType: 'Microsoft.DBforMySQL/flexibleServers',
  severity: 'medium',
  title: 'MySQL flexible servers allow only TLS 1.2 or later',
  description: 'Checks that the server parameter `tls_version` of each Azure Database for MySQL flexible server lists only TLSv1.2 and TLSv1.3, so clients cannot negotiate TLS 1.0 or 1.1 (CIS 5.3.2).',
  risk: 'TLS 1.0 and 1.1 have known weaknesses and no longer receive fixes; connections that fall back to them expose credentials and data in transit.',
  remediation: {
    summary: 'Set tls_version to TLSv1.2 (MySQL 5.7) or TLSv1.2,TLSv1.3 (MySQL 8.0); the change takes effect after a restart.',
    cli: 'az mysql flexible-server parameter set --resource-group <resource-group> --server-name <server> --name tls_version --value TLSv1.2,TLSv1.3\naz mysql flexible-server restart --resource-group <resource-group> --name <server>',
    terraform: 'resource "azurerm_mysql_flexible_server_configuration" "tls_version" {\n  name                = "tls_version"\n  resource_group_name = azurerm_resource_group.this.name\n  server_name         = azurerm_mysql_flexible_server.this.name\n  value               = "TLSv1.2,TLSv1.3"\n}',
    console: 'Azure portal → Azure Database for MySQL flexible servers → select the server → Settings → Server parameters → tls_version: select only TLSv1.2 and TLSv1.3 → Save, then restart the server.',
  },
  references: ['https://learn.microsoft.com/azure/mysql/flexible-server/concepts-networking#tls-and-ssl', 'https://learn.microsoft.com/azure/mysql/flexible-server/how-to-connect-tls-ssl'],
  categories: ['encryption'],
  evaluate: (scope) =>
    eachMySqlServer(scope, (server, target) =>
      evaluateServerParameter(target, `MySQL server ${server.name}`, server.configurations, { name: 'tls_version', holds: onlyModernTls, expected: 'only TLSv1.2 and TLSv1.3' }),
    ),
});
