import { defineCheck, fail, pass } from '@palisade/core';
import { eachSqlServer } from '../lib/sql-servers.ts';

export default defineCheck({
  id: 'azure/sql-server-public-network-access-disabled',
  provider: 'azure',
  service: 'sql',
  requires: ['sql'],
  resourceType: 'Microsoft.Sql/servers',
  severity: 'medium',
  title: 'SQL servers have public network access disabled',
  description:
    'Checks that the public endpoint of each Azure SQL logical server is turned off (`publicNetworkAccess` Disabled), leaving private endpoints as the way in (CIS 5.1.7). A server secured by a network security perimeter also passes: the perimeter decides who may reach it.',
  risk:
    'A reachable public endpoint leaves the firewall rules as the only barrier between the internet and the database login; a single over-broad rule or a compromised allowed address exposes the data.',
  remediation: {
    summary: 'Create private endpoints for the clients that need the server, then deny public network access.',
    cli: 'az sql server update --resource-group <resource-group> --name <server> --enable-public-network false',
    terraform: 'resource "azurerm_mssql_server" "this" {\n  # ...\n  public_network_access_enabled = false\n}',
    console: 'Azure portal → SQL servers → select the server → Security → Networking → Public access → Public network access: Disable → Save.',
  },
  references: ['https://learn.microsoft.com/azure/azure-sql/database/connectivity-settings', 'https://learn.microsoft.com/azure/azure-sql/database/private-endpoint-overview'],
  categories: ['network', 'internet-exposed'],
  evaluate: (scope) =>
    eachSqlServer(scope, (server, target) =>
      server.publicNetworkAccess === 'Enabled'
        ? fail(target, `SQL server ${server.name} accepts connections on its public endpoint.`)
        : pass(target, `SQL server ${server.name} has public network access ${server.publicNetworkAccess}.`),
    ),
});
