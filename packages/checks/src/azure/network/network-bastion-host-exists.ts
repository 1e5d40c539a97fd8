import { defineCheck, errorResult, fail, pass } from '@palisade/core';
import type { CheckResult } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/network-bastion-host-exists',
  provider: 'azure',
  service: 'network',
  requires: ['network'],
  resourceType: 'Microsoft.Resources/subscriptions',
  severity: 'medium',
  title: 'An Azure Bastion host exists for subscriptions with virtual networks',
  description:
    'Checks that a subscription with at least one virtual network (in the scanned locations) also has an Azure Bastion host (CIS 8.1), so administrators can reach VMs over RDP and SSH through the portal or native client without public IP addresses or inbound rules from the internet. Subscriptions without virtual networks have nothing to reach and get no result.',
  risk:
    'Without a managed jump service, teams tend to give VMs public IP addresses and open RDP or SSH to the internet to administer them, exposing those ports to brute force and exploits.',
  remediation: {
    summary: 'Deploy Azure Bastion (Standard or Premium SKU for production) into an `AzureBastionSubnet` of the hub or workload virtual network, then remove public administration access from the VMs.',
    cli: 'az network vnet subnet create --resource-group <resource-group> --vnet-name <vnet-name> --name AzureBastionSubnet --address-prefixes 10.0.250.0/26\naz network public-ip create --resource-group <resource-group> --name pip-bastion --sku Standard --location <location>\naz network bastion create --resource-group <resource-group> --name bas-hub --public-ip-address pip-bastion --vnet-name <vnet-name> --location <location> --sku Standard',
    terraform:
      'resource "azurerm_bastion_host" "hub" {\n  name                = "bas-hub"\n  location            = azurerm_resource_group.hub.location\n  resource_group_name = azurerm_resource_group.hub.name\n  sku                 = "Standard"\n\n  ip_configuration {\n    name                 = "configuration"\n    subnet_id            = azurerm_subnet.bastion.id # named AzureBastionSubnet\n    public_ip_address_id = azurerm_public_ip.bastion.id\n  }\n}',
    console: 'Azure portal → Bastions → Create → choose the resource group, name, region, tier and the virtual network (an AzureBastionSubnet of /26 or larger is required) → Review + create.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/bastion/bastion-overview', 'https://learn.microsoft.com/en-us/azure/bastion/tutorial-create-host-portal'],
  categories: ['network', 'internet-exposed'],
  evaluate: (scope) =>
    withService(scope, 'network', (network) => {
      const target = scopeResource(scope);
      const errors: CheckResult[] = [];
      if (network.virtualNetworks.error) errors.push(errorResult(target, network.virtualNetworks.error));
      if (network.bastionHosts.error) errors.push(errorResult(target, network.bastionHosts.error));
      if (network.virtualNetworks.error || network.bastionHosts.error) return errors;
      if (network.virtualNetworks.value.length === 0) return [];
      const hosts = network.bastionHosts.value;
      return [
        hosts.length > 0
          ? pass(target, `The subscription has ${hosts.length} Bastion host(s): ${hosts.map((host) => `${host.name} (${host.skuName ?? 'unknown SKU'}, ${host.location})`).join(', ')}.`)
          : fail(target, `The subscription has ${network.virtualNetworks.value.length} virtual network(s) but no Azure Bastion host.`),
      ];
    }),
});
