import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { associationNote, describeOpenPorts, openToInternet, securityGroupResource } from '../lib/network-security-rules.ts';

export default defineCheck({
  id: 'azure/network-nsg-rdp-internet-access-restricted',
  provider: 'azure',
  service: 'network',
  requires: ['network'],
  resourceType: 'Microsoft.Network/networkSecurityGroups',
  severity: 'high',
  title: 'Network security groups do not allow RDP from the internet',
  description:
    'Checks that no network security group lets the internet reach TCP port 3389 (CIS 7.1). The group\'s inbound rules, custom and default, are applied in priority order as Azure does: an Allow rule whose source is `*`, `Any`, `Internet` or a /0 block and whose destination ports include 3389 (a single port, a range such as `3380-3390`, or `*`) fails the group unless an earlier internet-wide Deny rule already covers the port. Rules that name narrower sources or application security groups do not count.',
  risk:
    'Remote Desktop reachable from the internet is scanned and brute-forced continuously; a weak password or an unpatched RDP flaw hands an attacker an interactive session on the VM and a foothold in the virtual network.',
  remediation: {
    summary: 'Delete the rule or narrow its source to trusted address ranges, and reach VMs through Azure Bastion, just-in-time VM access or a VPN instead.',
    cli: 'az network nsg rule delete --resource-group <resource-group> --nsg-name <nsg-name> --name <rule-name>\n# or narrow it:\naz network nsg rule update --resource-group <resource-group> --nsg-name <nsg-name> --name <rule-name> --source-address-prefixes 203.0.113.0/24',
    terraform:
      'resource "azurerm_network_security_rule" "rdp" {\n  name                        = "allow-rdp-from-office"\n  priority                    = 200\n  direction                   = "Inbound"\n  access                      = "Allow"\n  protocol                    = "Tcp"\n  source_port_range           = "*"\n  destination_port_range      = "3389"\n  source_address_prefix       = "203.0.113.0/24" # never "*" or "Internet"\n  destination_address_prefix  = "*"\n  resource_group_name         = azurerm_resource_group.main.name\n  network_security_group_name = azurerm_network_security_group.main.name\n}',
    console: 'Azure portal → Network security groups → select the group → Settings → Inbound security rules → open the rule that allows 3389 from Any or Internet → change Source to IP Addresses with a trusted range, or delete the rule → Save.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview',
    'https://learn.microsoft.com/en-us/azure/bastion/bastion-overview',
    'https://learn.microsoft.com/en-us/azure/defender-for-cloud/just-in-time-access-overview',
  ],
  categories: ['internet-exposed', 'network'],
  evaluate: (scope) =>
    withService(scope, 'network', (network) =>
      eachFetched(network.networkSecurityGroups, scopeResource(scope), (group) => {
        const target = securityGroupResource(group);
        const open = openToInternet(group, [{ protocol: 'Tcp', port: 3389 }]);
        return open.length === 0
          ? pass(target, `Network security group ${group.name} does not allow RDP (TCP 3389) from the internet.`)
          : fail(target, `Network security group ${group.name} allows RDP from the internet: ${describeOpenPorts(open)}.${associationNote(group)}`);
      }),
    ),
});
