import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { describeRange, isWideRange, maxAddressesForPrefix } from '../lib/database-ip-ranges.ts';
import { eachPostgreSqlServer } from '../lib/database-servers.ts';

export default defineCheck({
  id: 'azure/postgresql-server-firewall-not-open-to-internet',
  provider: 'azure',
  service: 'postgresql',
  requires: ['postgresql'],
  resourceType: 'Microsoft.DBforPostgreSQL/flexibleServers',
  severity: 'high',
  title: 'PostgreSQL flexible server firewalls do not admit the internet at large',
  description:
    'Checks that no firewall rule of an Azure Database for PostgreSQL flexible server with public access admits a block of addresses wider than the configured prefix (a /16 by default: `minPublicIngressPrefixLength`), such as 0.0.0.0–255.255.255.255. Servers without public access pass: firewall rules do not apply to them.',
  risk: 'A rule spanning the internet exposes the PostgreSQL port to anyone: password guessing, exploitation of weak credentials and of server vulnerabilities from any address.',
  remediation: {
    summary: 'Delete the wide rules and admit only the addresses that need the server, or move the server to private access.',
    cli: 'az postgres flexible-server firewall-rule delete --resource-group <resource-group> --name <server> --rule-name <rule> --yes',
    terraform:
      '# Remove wide azurerm_postgresql_flexible_server_firewall_rule resources; admit single addresses instead:\nresource "azurerm_postgresql_flexible_server_firewall_rule" "office" {\n  name             = "office"\n  server_id        = azurerm_postgresql_flexible_server.this.id\n  start_ip_address = "203.0.113.10"\n  end_ip_address   = "203.0.113.10"\n}',
    console: 'Azure portal → Azure Database for PostgreSQL flexible servers → select the server → Settings → Networking → Firewall rules → delete the wide rules → Save.',
  },
  references: ['https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-firewall-rules', 'https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-public'],
  categories: ['internet-exposed', 'network'],
  evaluate: (scope, { config }) =>
    eachPostgreSqlServer(scope, (server, target) =>
      fromFetched(server.firewallRules, target, (rules) => {
        const wide = rules.filter((rule) => isWideRange(rule, config.minPublicIngressPrefixLength));
        if (wide.length === 0) return [pass(target, `PostgreSQL server ${server.name} has no firewall rule wider than a /${config.minPublicIngressPrefixLength}.`)];
        const names = wide.map(describeRange).join(', ');
        if (server.publicNetworkAccess === 'Disabled') return [pass(target, `PostgreSQL server ${server.name} has public access disabled, so its wide firewall rules ${names} admit no one.`)];
        return [fail(target, `PostgreSQL server ${server.name} admits more than ${maxAddressesForPrefix(config.minPublicIngressPrefixLength).toLocaleString('en-US')} addresses through ${names}.`)];
      }),
    ),
});
