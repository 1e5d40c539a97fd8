import { defineCheck, fail, pass } from '@palisade/core';
import { eachMySqlServer } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/mysql-server-public-network-access-disabled',
  provider: 'azure',
  service: 'mysql',
  requires: ['mysql'],
  resourceType: 'Microsoft.DBforMySQL/flexibleServers',
  severity: 'medium',
  title: 'MySQL flexible servers have public network access disabled',
  description: 'Checks that each Azure Database for MySQL flexible server has public network access disabled, being integrated into a virtual network or reached through private endpoints only.',
  risk: 'A public endpoint leaves the firewall rules as the only barrier between the internet and the database login; one over-broad rule exposes the server.',
  remediation: {
    summary: 'Add private endpoints for the clients that need the server, then disable public network access.',
    cli: 'az mysql flexible-server update --resource-group <resource-group> --name <server> --public-access Disabled',
    terraform: 'resource "azurerm_mysql_flexible_server" "this" {\n  # ...\n  public_network_access = "Disabled"\n}',
    console: 'Azure portal → Azure Database for MySQL flexible servers → select the server → Settings → Networking → clear "Allow public access to this resource through the internet using a public IP address" → Save.',
  },
  references: ['https://learn.microsoft.com/azure/mysql/flexible-server/concepts-networking-public', 'https://learn.microsoft.com/azure/mysql/flexible-server/concepts-networking-private-link'],
  categories: ['network', 'internet-exposed'],
  evaluate: (scope) =>
    eachMySqlServer(scope, (server, target) =>
      server.publicNetworkAccess === 'Disabled'
        ? pass(target, `MySQL server ${server.name} has public network access disabled.`)
        : fail(target, `MySQL server ${server.name} accepts connections from the internet through its public endpoint.`),
    ),
});
