import { defineCheck, fail, pass } from '@palisade/core';
import { eachPostgreSqlServer } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/postgresql-server-public-network-access-disabled',
  provider: 'azure',
  service: 'postgresql',
  requires: ['postgresql'],
  resourceType: 'Microsoft.DBforPostgreSQL/flexibleServers',
  severity: 'medium',
  title: 'PostgreSQL flexible servers have public network access disabled',
  description:
    'Checks that each Azure Database for PostgreSQL flexible server has public network access disabled, being integrated into a virtual network or reached through private endpoints only.',
  risk: 'A public endpoint leaves the firewall rules as the only barrier between the internet and the database login; one over-broad rule exposes the server.',
  remediation: {
    summary: 'Add private endpoints for the clients that need the server, then disable public network access.',
    cli: 'az postgres flexible-server update --resource-group <resource-group> --name <server> --public-access Disabled',
    terraform: 'resource "azurerm_postgresql_flexible_server" "this" {\n  # ...\n  public_network_access_enabled = false\n}',
    console: 'Azure portal → Azure Database for PostgreSQL flexible servers → select the server → Settings → Networking → clear "Allow public access to this resource through the internet using a public IP address" → Save.',
  },
  references: ['https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-public', 'https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private-link'],
  categories: ['network', 'internet-exposed'],
  evaluate: (scope) =>
    eachPostgreSqlServer(scope, (server, target) =>
      server.publicNetworkAccess === 'Disabled'
        ? pass(target, `PostgreSQL server ${server.name} has public network access disabled${server.delegatedSubnetResourceId ? ' (integrated into a virtual network)' : ''}.`)
        : fail(target, `PostgreSQL server ${server.name} accepts connections from the internet through its public endpoint.`),
    ),
});
