import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { isAzureServicesRule } from '../lib/database-ip-ranges.ts';
import { eachPostgreSqlServer } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/postgresql-server-azure-services-access-disabled',
  provider: 'azure',
  service: 'postgresql',
  requires: ['postgresql'],
  resourceType: 'Microsoft.DBforPostgreSQL/flexibleServers',
  severity: 'medium',
  title: 'PostgreSQL flexible servers do not admit every Azure service',
  description:
    'Checks that no Azure Database for PostgreSQL flexible server with public access has the 0.0.0.0–0.0.0.0 firewall rule ("Allow public access from any Azure service within Azure to this server") (CIS 5.2.5). The rule admits connections from any Azure address, including resources of other customers. Servers without public access pass: firewall rules do not apply to them.',
  risk: 'Anyone able to run code in Azure — in any tenant — can reach the server and try credentials against it; the firewall no longer narrows who can attempt a connection.',
  remediation: {
    summary: 'Delete the Azure services rule; reach the server from Azure through virtual network integration, private endpoints or rules for the workloads\' own outbound addresses.',
    cli: 'az postgres flexible-server firewall-rule delete --resource-group <resource-group> --name <server> --rule-name <AllowAllAzureServicesAndResourcesWithinAzureIps_…> --yes',
    terraform: '# Remove the azurerm_postgresql_flexible_server_firewall_rule with start_ip_address = "0.0.0.0" and end_ip_address = "0.0.0.0".',
    console: 'Azure portal → Azure Database for PostgreSQL flexible servers → select the server → Settings → Networking → clear "Allow public access from any Azure service within Azure to this server" → Save.',
  },
  references: ['https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-firewall-rules', 'https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-public'],
  categories: ['network', 'internet-exposed'],
  evaluate: (scope) =>
    eachPostgreSqlServer(scope, (server, target) =>
      fromFetched(server.firewallRules, target, (rules) => {
        const azureServices = rules.find(isAzureServicesRule);
        if (azureServices === undefined) return [pass(target, `PostgreSQL server ${server.name} does not admit every Azure service.`)];
        if (server.publicNetworkAccess === 'Disabled') return [pass(target, `PostgreSQL server ${server.name} has public access disabled, so its Azure services rule ${azureServices.name} admits no one.`)];
        return [fail(target, `PostgreSQL server ${server.name} admits connections from any Azure address through the firewall rule ${azureServices.name} (0.0.0.0–0.0.0.0).`)];
      }),
    ),
});
