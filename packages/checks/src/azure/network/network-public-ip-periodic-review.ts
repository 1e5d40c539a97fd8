import { defineCheck, eachFetched, manual } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

/** `/…/networkInterfaces/nic-web/ipConfigurations/ipconfig1` → `/…/networkInterfaces/nic-web`. */
function owningResource(ipConfigurationId: string): string {
  const parts = ipConfigurationId.split('/');
  return parts.length > 2 ? parts.slice(0, -2).join('/') : ipConfigurationId;
}

export default defineCheck({
  id: 'azure/network-public-ip-periodic-review',
  provider: 'azure',
  service: 'network',
  requires: ['network'],
  resourceType: 'Microsoft.Network/publicIPAddresses',
  severity: 'low',
  title: 'Public IP addresses are reviewed periodically',
  description:
    'Lists every public IP address of the subscription with its address and the resource it is associated with, for the periodic review CIS asks for (CIS 7.7, a manual recommendation): whether each address is still needed, and whether the resource behind it is protected by a firewall, web application firewall or gateway. Each address is reported as MANUAL; unassociated addresses are called out as candidates for deletion.',
  risk:
    'Forgotten public IP addresses keep workloads reachable from the internet long after their purpose has gone, and unassociated static addresses can be re-attached to new resources without anyone noticing the exposure.',
  remediation: {
    summary: 'Review the listed addresses; delete those no longer needed and make sure the resources behind the rest sit behind a firewall, web application firewall or gateway.',
    cli: 'az network public-ip list --query "[].{name:name, address:ipAddress, associatedTo:ipConfiguration.id}" -o table\naz network public-ip delete --resource-group <resource-group> --name <public-ip-name>',
    console: 'Azure portal → Public IP addresses → review the Associated to column of each address → delete addresses that are no longer required.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/virtual-network/ip-services/public-ip-addresses', 'https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-network-security'],
  categories: ['internet-exposed', 'network', 'governance'],
  evaluate: (scope) =>
    withService(scope, 'network', (network) =>
      eachFetched(network.publicIpAddresses, scopeResource(scope), (address) => {
        const target = armResource(address.id, 'Microsoft.Network/publicIPAddresses', address.name, address.location, address.tags);
        const label = `Public IP address ${address.name} (${address.ipAddress ?? 'not allocated'}${address.publicIPAllocationMethod ? `, ${address.publicIPAllocationMethod}` : ''})`;
        return address.ipConfigurationId
          ? manual(target, `${label} is associated with ${owningResource(address.ipConfigurationId)}; confirm it is still needed and protected.`)
          : manual(target, `${label} is not associated with any resource; delete it if it is no longer needed.`);
      }),
    ),
});
