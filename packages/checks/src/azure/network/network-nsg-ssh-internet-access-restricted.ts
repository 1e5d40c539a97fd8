import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { associationNote, describeOpenPorts, openToInternet, securityGroupResource } from '../lib/network-security-rules.ts';

export default defineCheck({
  id: 'azure/network-nsg-ssh-internet-access-restricted',
  provider: 'azure',
  service: 'network',
  requires: ['network'],
  resourceType: 'Microsoft.Network/networkSecurityGroups',
  severity: 'high',
  title: 'Network security groups do not allow SSH from the internet',
  description:
    'Checks that no network security group lets the internet reach TCP port 22 (CIS 7.2). Inbound rules are applied in priority order: an Allow rule from `*`, `Any`, `Internet` or a /0 block whose destination ports include 22 (alone, in a range such as `20-25`, or `*`) fails the group unless an earlier internet-wide Deny rule covers the port first. Narrower sources and application security groups do not count.',
  risk:
    'SSH open to the whole internet draws constant credential stuffing and exploit attempts; one leaked key or weak password gives a shell on the VM and a pivot point into the rest of the virtual network.',
  remediation: {
    summary: 'Delete the rule or limit its source to trusted ranges; connect through Azure Bastion, just-in-time VM access or a VPN.',
    cli: 'az network nsg rule delete --resource-group <resource-group> --nsg-name <nsg-name> --name <rule-name>\n# or narrow it:\naz network nsg rule update --resource-group <resource-group> --nsg-name <nsg-name> --name <rule-name> --source-address-prefixes 203.0.113.0/24',
    terraform:
      'resource "azurerm_network_security_rule" "ssh" {\n  name                        = "allow-ssh-from-office"\n  priority                    = 210\n  direction                   = "Inbound"\n  access                      = "Allow"\n  protocol                    = "Tcp"\n  source_port_range           = "*"\n  destination_port_range      = "22"\n  source_address_prefix       = "203.0.113.0/24" # never "*" or "Internet"\n  destination_address_prefix  = "*"\n  resource_group_name         = azurerm_resource_group.main.name\n  network_security_group_name = azurerm_network_security_group.main.name\n}',
    console: 'Azure portal → Network security groups → select the group → Settings → Inbound security rules → open the rule that allows port 22 from Any or Internet → set Source to a trusted IP range, or delete the rule → Save.',
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
        const open = openToInternet(group, [{ protocol: 'Tcp', port: 22 }]);
        return open.length === 0
          ? pass(target, `Network security group ${group.name} does not allow SSH (TCP 22) from the internet.`)
          : fail(target, `Network security group ${group.name} allows SSH from the internet: ${describeOpenPorts(open)}.${associationNote(group)}`);
      }),
    ),
});
