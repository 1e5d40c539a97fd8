import { defineCheck, fail, pass } from '@palisade/core';
import { isAzureServicesRule } from '../lib/database-ip-ranges.ts';
import { eachSqlServerDetail } from '../lib/sql-servers.ts';

export default defineCheck({
  id: 'azure/sql-server-azure-services-access-disabled',
  provider: 'azure',
  service: 'sql',
  requires: ['sql'],
  resourceType: 'Microsoft.Sql/servers',
  severity: 'medium',
  title: 'SQL servers do not admit every Azure service',
  description:
    'Checks that no Azure SQL logical server with public network access has the 0.0.0.0–0.0.0.0 firewall rule (AllowAllWindowsAzureIps, "Allow Azure services and resources to access this server") (CIS 5.1.2). The rule admits connections from any Azure address, including resources of other customers.',
  risk:
    'Anyone able to run code in Azure — in any tenant — can reach the server\'s login endpoint and try credentials against it; the firewall no longer narrows who can attempt a connection.',
  remediation: {
    summary: 'Delete the Azure services rule; give Azure workloads access through private endpoints, virtual network rules or rules for their specific outbound addresses.',
    cli: 'az sql server firewall-rule delete --resource-group <resource-group> --server <server> --name AllowAllWindowsAzureIps',
    terraform: '# Remove the azurerm_mssql_firewall_rule with start_ip_address = "0.0.0.0" and end_ip_address = "0.0.0.0";\n# reach the server through azurerm_private_endpoint or azurerm_mssql_virtual_network_rule instead.',
    console: 'Azure portal → SQL servers → select the server → Security → Networking → Exceptions → clear "Allow Azure services and resources to access this server" → Save.',
  },
  references: ['https://learn.microsoft.com/azure/azure-sql/database/firewall-configure', 'https://learn.microsoft.com/azure/azure-sql/database/network-access-controls-overview'],
  categories: ['network', 'internet-exposed'],
  evaluate: (scope) =>
    eachSqlServerDetail(
      scope,
      (server) => server.firewallRules,
      (server, rules, target) => {
        const azureServices = rules.find(isAzureServicesRule);
        if (azureServices === undefined) return pass(target, `SQL server ${server.name} does not admit every Azure service.`);
        if (server.publicNetworkAccess !== 'Enabled') {
          return pass(target, `SQL server ${server.name} has public network access ${server.publicNetworkAccess}, so its Azure services rule ${azureServices.name} admits no one.`);
        }
        return fail(target, `SQL server ${server.name} admits connections from any Azure address through the firewall rule ${azureServices.name} (0.0.0.0–0.0.0.0).`);
      },
    ),
});
