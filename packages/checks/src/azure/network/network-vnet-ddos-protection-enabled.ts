import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { virtualNetworkResource } from '../lib/network-flow-logs.ts';

export default defineCheck({
  id: 'azure/network-vnet-ddos-protection-enabled',
  provider: 'azure',
  service: 'network',
  requires: ['network'],
  resourceType: 'Microsoft.Network/virtualNetworks',
  severity: 'low',
  title: 'Virtual networks are protected by Azure DDoS Network Protection',
  description:
    'Checks that each virtual network has DDoS Network Protection enabled and linked to a DDoS protection plan. Every Azure public IP gets the free infrastructure-level protection; the plan adds adaptive tuning per public IP, attack telemetry and alerts, rapid response support and cost protection. One plan can cover many virtual networks across subscriptions of a tenant; where internet-facing workloads are few, DDoS IP Protection on their public IPs is a cheaper alternative and the finding can be muted.',
  risk:
    'Without a DDoS protection plan, a volumetric or protocol attack against the public endpoints of the network is mitigated only at thresholds tuned for Azure as a whole, with no attack metrics or alerts, and the scale-out costs it causes are not refunded.',
  remediation: {
    summary: 'Create (or reuse) a DDoS protection plan and enable DDoS Network Protection on the virtual network with that plan.',
    cli: 'az network ddos-protection create --resource-group <resource-group> --name ddos-plan\naz network vnet update --resource-group <resource-group> --name <vnet-name> --ddos-protection true --ddos-protection-plan ddos-plan',
    terraform:
      'resource "azurerm_network_ddos_protection_plan" "main" {\n  name                = "ddos-plan"\n  location            = azurerm_resource_group.main.location\n  resource_group_name = azurerm_resource_group.main.name\n}\n\nresource "azurerm_virtual_network" "prod" {\n  # ...\n  ddos_protection_plan {\n    id     = azurerm_network_ddos_protection_plan.main.id\n    enable = true\n  }\n}',
    console: 'Azure portal → Virtual networks → select the network → Settings → DDoS protection → Enable → choose the DDoS protection plan → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/ddos-protection/ddos-protection-overview', 'https://learn.microsoft.com/en-us/azure/ddos-protection/manage-ddos-protection'],
  categories: ['resilience', 'network'],
  evaluate: (scope) =>
    withService(scope, 'network', (network) =>
      eachFetched(network.virtualNetworks, scopeResource(scope), (virtualNetwork) => {
        const target = virtualNetworkResource(virtualNetwork);
        return virtualNetwork.enableDdosProtection && virtualNetwork.ddosProtectionPlanId
          ? pass(target, `Virtual network ${virtualNetwork.name} is protected by DDoS protection plan ${virtualNetwork.ddosProtectionPlanId.split('/').pop()}.`)
          : fail(target, `Virtual network ${virtualNetwork.name} does not have DDoS Network Protection enabled.`);
      }),
    ),
});
