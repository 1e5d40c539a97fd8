import { defineCheck } from '@palisade/core';
import { eachMySqlServer, evaluateServerParameter, isOn } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/mysql-server-secure-transport-required',
  provider: 'azure',
  service: 'mysql',
  requires: ['mysql'],
  resourceType: 'Microsoft.DBforMySQL/flexibleServers',
  severity: 'high',
  title: 'MySQL flexible servers require encrypted connections',
  description: 'Checks that the server parameter `require_secure_transport` is `ON` for each Azure Database for MySQL flexible server, so the server refuses connections that are not encrypted with TLS (CIS 5.3.1).',
  risk: 'With unencrypted connections allowed, a misconfigured client sends passwords and query results in clear text, readable and alterable by anyone on the network path.',
  remediation: {
    summary: 'Set require_secure_transport to ON (its default) and make clients connect with --ssl-mode=REQUIRED or stricter.',
    cli: 'az mysql flexible-server parameter set --resource-group <resource-group> --server-name <server> --name require_secure_transport --value ON',
    terraform: 'resource "azurerm_mysql_flexible_server_configuration" "require_secure_transport" {\n  name                = "require_secure_transport"\n  resource_group_name = azurerm_resource_group.this.name\n  server_name         = azurerm_mysql_flexible_server.this.name\n  value               = "ON"\n}',
    console: 'Azure portal → Azure Database for MySQL flexible servers → select the server → Settings → Server parameters → require_secure_transport: ON → Save.',
  },
  references: ['https://learn.microsoft.com/azure/mysql/flexible-server/concepts-networking#tls-and-ssl', 'https://learn.microsoft.com/azure/mysql/flexible-server/how-to-connect-tls-ssl'],
  categories: ['encryption'],
  evaluate: (scope) =>
    eachMySqlServer(scope, (server, target) => evaluateServerParameter(target, `MySQL server ${server.name}`, server.configurations, { name: 'require_secure_transport', holds: isOn, expected: 'ON' })),
});
