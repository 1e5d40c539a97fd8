import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import type { NetworkSecurityRule } from '@palisade/core/azure';
import { scopeResource, withService } from '@palisade/core/azure';
import { associationNote, coversAllPorts, describeRule, internetExposures, ruleRanges, securityGroupResource } from '../lib/network-security-rules.ts';

export default defineCheck({
  id: 'azure/network-nsg-all-ports-internet-access-restricted',
  provider: 'azure',
  service: 'network',
  requires: ['network'],
  resourceType: 'Microsoft.Network/networkSecurityGroups',
  severity: 'critical',
  title: 'Network security groups have no rule that allows every port from the internet',
  description:
    'Checks that no network security group has an inbound Allow rule that admits the internet (`*`, `Any`, `Internet` or a /0 source) on every destination port (`*` or `0-65535`) over TCP, UDP or any protocol, and that takes effect for at least one port (rules fully shadowed by earlier internet-wide Deny rules are ignored). Such a rule makes every service listening on the VMs behind the group public.',
  risk:
    'An allow-everything rule from the internet turns every listening service of every VM behind the group, including administration, database and debugging endpoints nobody meant to publish, into an internet-facing attack surface.',
  remediation: {
    summary: 'Delete the rule and replace it with rules for the specific ports and trusted sources the workload needs.',
    cli: 'az network nsg rule delete --resource-group <resource-group> --nsg-name <nsg-name> --name <rule-name>',
    terraform:
      '# Allow only what the workload needs, from where it is needed:\nresource "azurerm_network_security_rule" "https" {\n  name                        = "allow-https-from-appgw"\n  priority                    = 250\n  direction                   = "Inbound"\n  access                      = "Allow"\n  protocol                    = "Tcp"\n  source_port_range           = "*"\n  destination_port_range      = "443"\n  source_address_prefix       = "10.0.1.0/24"\n  destination_address_prefix  = "*"\n  resource_group_name         = azurerm_resource_group.main.name\n  network_security_group_name = azurerm_network_security_group.main.name\n}',
    console: 'Azure portal → Network security groups → select the group → Inbound security rules → delete the rule with Port Any and Source Any or Internet → add narrow rules for the required ports → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview', 'https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-network-security'],
  categories: ['internet-exposed', 'network'],
  evaluate: (scope) =>
    withService(scope, 'network', (network) =>
      eachFetched(network.networkSecurityGroups, scopeResource(scope), (group) => {
        const target = securityGroupResource(group);
        const wideOpen = new Map<string, NetworkSecurityRule>();
        for (const exposure of [...internetExposures(group, 'Tcp'), ...internetExposures(group, 'Udp')]) {
          if (coversAllPorts(ruleRanges(exposure.rule))) wideOpen.set(exposure.rule.id || exposure.rule.name, exposure.rule);
        }
        if (wideOpen.size === 0) return pass(target, `Network security group ${group.name} has no rule that allows every port from the internet.`);
        const rules = [...wideOpen.values()].map((rule) => `${describeRule(rule)}, protocol ${rule.protocol}`).join('; ');
        return fail(target, `Network security group ${group.name} allows every port from the internet: ${rules}.${associationNote(group)}`);
      }),
    ),
});
