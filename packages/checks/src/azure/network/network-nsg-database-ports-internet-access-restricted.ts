import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { associationNote, describeOpenPorts, openToInternet, securityGroupResource } from '../lib/network-security-rules.ts';

export default defineCheck({
  id: 'azure/network-nsg-database-ports-internet-access-restricted',
  provider: 'azure',
  service: 'network',
  requires: ['network'],
  resourceType: 'Microsoft.Network/networkSecurityGroups',
  severity: 'high',
  title: 'Network security groups do not allow database ports from the internet',
  description:
    'Checks that no network security group lets the internet reach a database or cache port over TCP: the `databasePorts` setting, by default 1433 (SQL Server), 1521 (Oracle), 3306 (MySQL), 5432 (PostgreSQL), 6379 (Redis), 9200 (Elasticsearch), 11211 (Memcached) and 27017 (MongoDB). Inbound rules are applied in priority order; an Allow rule from `*`, `Any`, `Internet` or a /0 block covering one of the ports fails the group unless an earlier internet-wide Deny rule covers it.',
  risk:
    'Databases and caches on VMs exposed to the internet are found by automated scanners within hours; default or weak credentials, unauthenticated caches and unpatched engines then lead directly to data theft, ransom notes or wiped data.',
  remediation: {
    summary: 'Remove or narrow the rule so only application subnets reach the database, and use private endpoints or a VPN for administration.',
    cli: 'az network nsg rule delete --resource-group <resource-group> --nsg-name <nsg-name> --name <rule-name>\n# or allow only the application subnet:\naz network nsg rule update --resource-group <resource-group> --nsg-name <nsg-name> --name <rule-name> --source-address-prefixes 10.0.2.0/24',
    terraform:
      'resource "azurerm_network_security_rule" "postgres_from_app" {\n  name                        = "allow-postgres-from-app"\n  priority                    = 230\n  direction                   = "Inbound"\n  access                      = "Allow"\n  protocol                    = "Tcp"\n  source_port_range           = "*"\n  destination_port_range      = "5432"\n  source_address_prefix       = "10.0.2.0/24" # the application subnet, not "Internet"\n  destination_address_prefix  = "*"\n  resource_group_name         = azurerm_resource_group.main.name\n  network_security_group_name = azurerm_network_security_group.main.name\n}',
    console: 'Azure portal → Network security groups → select the group → Inbound security rules → open the rule that allows the database port from Any or Internet → set Source to the application subnet, or delete the rule → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview', 'https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-network-security'],
  categories: ['internet-exposed', 'network', 'data-protection'],
  evaluate: (scope, { config }) =>
    withService(scope, 'network', (network) =>
      eachFetched(network.networkSecurityGroups, scopeResource(scope), (group) => {
        const target = securityGroupResource(group);
        const open = openToInternet(
          group,
          config.databasePorts.map((port) => ({ protocol: 'Tcp' as const, port })),
        );
        return open.length === 0
          ? pass(target, `Network security group ${group.name} does not allow database ports (${config.databasePorts.join(', ')}) from the internet.`)
          : fail(target, `Network security group ${group.name} allows database ports from the internet: ${describeOpenPorts(open)}.${associationNote(group)}`);
      }),
    ),
});
