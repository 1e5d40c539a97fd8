import { defineCheck, fail, pass } from '@palisade/core';
import { describeRange, isWideRange, maxAddressesForPrefix } from '../lib/database-ip-ranges.ts';
import { eachSqlServerDetail } from '../lib/sql-servers.ts';

export default defineCheck({
  id: 'azure/sql-server-firewall-not-open-to-internet',
  provider: 'azure',
  service: 'sql',
  requires: ['sql'],
  resourceType: 'Microsoft.Sql/servers',
  severity: 'high',
  title: 'SQL server firewalls do not admit the internet at large',
  description:
    'Checks that no server-level firewall rule of an Azure SQL logical server admits a block of addresses wider than the configured prefix (a /16, 65,536 addresses, by default: `minPublicIngressPrefixLength`), such as 0.0.0.0–255.255.255.255 (CIS 5.1.2). Rules of a server whose public network access is disabled admit no one and pass; the 0.0.0.0–0.0.0.0 "Azure services" rule is the subject of azure/sql-server-azure-services-access-disabled.',
  risk:
    'A rule spanning the internet exposes the server\'s login endpoint to anyone: password spraying and brute force against SQL logins, and exploitation of any weak credential, from any address.',
  remediation: {
    summary: 'Delete the wide rules and admit only the addresses that need the database, or turn off public network access and connect through private endpoints.',
    cli: 'az sql server firewall-rule delete --resource-group <resource-group> --server <server> --name <rule>',
    terraform:
      '# Remove azurerm_mssql_firewall_rule resources spanning the internet; admit single addresses instead:\nresource "azurerm_mssql_firewall_rule" "office" {\n  name             = "office"\n  server_id        = azurerm_mssql_server.this.id\n  start_ip_address = "203.0.113.10"\n  end_ip_address   = "203.0.113.10"\n}',
    console: 'Azure portal → SQL servers → select the server → Security → Networking → Public access → Firewall rules → delete the wide rules → Save.',
  },
  references: ['https://learn.microsoft.com/azure/azure-sql/database/firewall-configure', 'https://learn.microsoft.com/azure/azure-sql/database/network-access-controls-overview'],
  categories: ['internet-exposed', 'network'],
  evaluate: (scope, { config }) =>
    eachSqlServerDetail(
      scope,
      (server) => server.firewallRules,
      (server, rules, target) => {
        const wide = rules.filter((rule) => isWideRange(rule, config.minPublicIngressPrefixLength));
        if (wide.length === 0) return pass(target, `SQL server ${server.name} has no firewall rule wider than a /${config.minPublicIngressPrefixLength}.`);
        const names = wide.map(describeRange).join(', ');
        if (server.publicNetworkAccess !== 'Enabled') {
          return pass(target, `SQL server ${server.name} has public network access ${server.publicNetworkAccess}, so its wide firewall rules ${names} admit no one; delete them before public access is turned back on.`);
        }
        return fail(target, `SQL server ${server.name} admits more than ${maxAddressesForPrefix(config.minPublicIngressPrefixLength).toLocaleString('en-US')} addresses through ${names}.`);
      },
    ),
});
