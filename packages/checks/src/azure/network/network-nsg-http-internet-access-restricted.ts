import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { associationNote, describeOpenPorts, openToInternet, securityGroupResource } from '../lib/network-security-rules.ts';

export default defineCheck({
  id: 'azure/network-nsg-http-internet-access-restricted',
  provider: 'azure',
  service: 'network',
  requires: ['network'],
  resourceType: 'Microsoft.Network/networkSecurityGroups',
  severity: 'medium',
  title: 'Network security groups do not allow HTTP or HTTPS from the internet',
  description:
    'Checks that no network security group lets the internet reach TCP port 80 or 443 directly (CIS 7.4). Inbound rules are applied in priority order: an Allow rule from `*`, `Any`, `Internet` or a /0 block whose destination ports include 80 or 443 fails the group unless an earlier internet-wide Deny rule covers the port. Groups in front of web servers that are meant to be public should sit behind Application Gateway or Front Door with a web application firewall; mute the finding where direct exposure is intended.',
  risk:
    'Web servers published straight from VMs receive internet traffic without a web application firewall, DDoS shaping or central TLS policy in front of them, so any flaw in the server or application is reachable by every scanner on the internet.',
  remediation: {
    summary: 'Remove or narrow the rule, and publish web workloads through Azure Application Gateway or Azure Front Door with a web application firewall instead of opening VMs to the internet.',
    cli: 'az network nsg rule delete --resource-group <resource-group> --nsg-name <nsg-name> --name <rule-name>\n# or allow only the gateway subnet:\naz network nsg rule update --resource-group <resource-group> --nsg-name <nsg-name> --name <rule-name> --source-address-prefixes 10.0.1.0/24',
    terraform:
      'resource "azurerm_network_security_rule" "https_from_gateway" {\n  name                        = "allow-https-from-appgw"\n  priority                    = 220\n  direction                   = "Inbound"\n  access                      = "Allow"\n  protocol                    = "Tcp"\n  source_port_range           = "*"\n  destination_port_ranges     = ["80", "443"]\n  source_address_prefix       = "10.0.1.0/24" # the Application Gateway subnet, not "Internet"\n  destination_address_prefix  = "*"\n  resource_group_name         = azurerm_resource_group.main.name\n  network_security_group_name = azurerm_network_security_group.main.name\n}',
    console: 'Azure portal → Network security groups → select the group → Inbound security rules → open the rule that allows 80 or 443 from Any or Internet → set Source to the gateway subnet or a trusted range, or delete the rule → Save.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview',
    'https://learn.microsoft.com/en-us/azure/web-application-firewall/ag/ag-overview',
    'https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-network-security',
  ],
  categories: ['internet-exposed', 'network'],
  evaluate: (scope) =>
    withService(scope, 'network', (network) =>
      eachFetched(network.networkSecurityGroups, scopeResource(scope), (group) => {
        const target = securityGroupResource(group);
        const open = openToInternet(group, [
          { protocol: 'Tcp', port: 80 },
          { protocol: 'Tcp', port: 443 },
        ]);
        return open.length === 0
          ? pass(target, `Network security group ${group.name} does not allow HTTP (TCP 80) or HTTPS (TCP 443) from the internet.`)
          : fail(target, `Network security group ${group.name} allows web traffic from the internet: ${describeOpenPorts(open)}.${associationNote(group)}`);
      }),
    ),
});
