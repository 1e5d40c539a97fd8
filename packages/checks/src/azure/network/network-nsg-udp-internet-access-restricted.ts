import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { associationNote, describeRanges, describeRule, internetExposures, securityGroupResource } from '../lib/network-security-rules.ts';

export default defineCheck({
  id: 'azure/network-nsg-udp-internet-access-restricted',
  provider: 'azure',
  service: 'network',
  requires: ['network'],
  resourceType: 'Microsoft.Network/networkSecurityGroups',
  severity: 'high',
  title: 'Network security groups do not allow UDP from the internet',
  description:
    'Checks that no network security group lets the internet reach any UDP port (CIS 7.3). Inbound rules are applied in priority order; an Allow rule for UDP or any protocol (`*`) from `*`, `Any`, `Internet` or a /0 block fails the group for the ports no earlier internet-wide Deny rule already covers. UDP services such as DNS (53), NTP (123), SNMP (161), CLDAP (389) and SSDP (1900) are the usual reflection and amplification sources; the message lists every UDP port range the group opens.',
  risk:
    'UDP services reachable from the internet are abused as reflectors and amplifiers in DDoS attacks against third parties, and often leak information (SNMP communities, directory data) or carry exploitable parsing flaws.',
  remediation: {
    summary: 'Delete the UDP rules that admit the internet or narrow their sources to the peers that need them; expose UDP services such as DNS through managed Azure services instead of VMs.',
    cli: 'az network nsg rule delete --resource-group <resource-group> --nsg-name <nsg-name> --name <rule-name>\n# or narrow it:\naz network nsg rule update --resource-group <resource-group> --nsg-name <nsg-name> --name <rule-name> --source-address-prefixes 203.0.113.0/24',
    terraform:
      'resource "azurerm_network_security_rule" "ntp_from_partner" {\n  name                        = "allow-ntp-from-partner"\n  priority                    = 240\n  direction                   = "Inbound"\n  access                      = "Allow"\n  protocol                    = "Udp"\n  source_port_range           = "*"\n  destination_port_range      = "123"\n  source_address_prefix       = "198.51.100.0/24" # never "*" or "Internet"\n  destination_address_prefix  = "*"\n  resource_group_name         = azurerm_resource_group.main.name\n  network_security_group_name = azurerm_network_security_group.main.name\n}',
    console: 'Azure portal → Network security groups → select the group → Inbound security rules → open each rule with protocol UDP or Any and source Any or Internet → narrow the source or delete the rule → Save.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview',
    'https://learn.microsoft.com/en-us/azure/security/fundamentals/network-best-practices',
    'https://learn.microsoft.com/en-us/azure/ddos-protection/ddos-protection-overview',
  ],
  categories: ['internet-exposed', 'network'],
  evaluate: (scope) =>
    withService(scope, 'network', (network) =>
      eachFetched(network.networkSecurityGroups, scopeResource(scope), (group) => {
        const target = securityGroupResource(group);
        const exposures = internetExposures(group, 'Udp');
        if (exposures.length === 0) return pass(target, `Network security group ${group.name} does not allow UDP from the internet.`);
        const described = exposures.map((exposure) => `UDP ${describeRanges(exposure.ranges)} through ${describeRule(exposure.rule)}`).join('; ');
        return fail(target, `Network security group ${group.name} allows UDP from the internet: ${described}.${associationNote(group)}`);
      }),
    ),
});
