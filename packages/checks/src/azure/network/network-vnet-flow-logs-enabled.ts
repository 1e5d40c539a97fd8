import { defineCheck, eachFetched, errorResult, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { flowLogCoverage, flowLogsIn, virtualNetworkResource } from '../lib/network-flow-logs.ts';

export default defineCheck({
  id: 'azure/network-vnet-flow-logs-enabled',
  provider: 'azure',
  service: 'network',
  requires: ['network'],
  resourceType: 'Microsoft.Network/virtualNetworks',
  severity: 'medium',
  title: 'Virtual network traffic is recorded by flow logs',
  description:
    'Checks that every virtual network\'s traffic is recorded by an enabled flow log of the network watcher in its location (CIS 6.1.5): a virtual network flow log on the network itself, or else, for every subnet, a flow log on the subnet or on the network security group associated with it. Network security group flow logs are being retired in favour of virtual network flow logs, which also cover traffic that no group filters.',
  risk:
    'Without flow logs there is no record of which addresses connected to which workloads over which ports, so lateral movement, scanning and data exfiltration inside the network cannot be detected or investigated.',
  remediation: {
    summary: 'Create a virtual network flow log for the network in the network watcher of its location, writing to a storage account, and enable traffic analytics.',
    cli: 'az network watcher flow-log create --location <location> --resource-group <resource-group> --name fl-<vnet-name> --vnet <vnet-id> --storage-account <storage-account-id> --retention 90 --traffic-analytics true --workspace <log-analytics-workspace-resource-id>',
    terraform:
      'resource "azurerm_network_watcher_flow_log" "vnet" {\n  name                 = "fl-vnet-prod"\n  network_watcher_name = "NetworkWatcher_eastus"\n  resource_group_name  = "NetworkWatcherRG"\n  target_resource_id   = azurerm_virtual_network.prod.id\n  storage_account_id   = azurerm_storage_account.flowlogs.id\n  enabled              = true\n  version              = 2\n\n  retention_policy {\n    enabled = true\n    days    = 90\n  }\n}',
    console: 'Azure portal → Network Watcher → Logs → Flow logs → Create → Flow log type: Virtual network → select the virtual network, the storage account and the retention → optionally enable traffic analytics → Review + create.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/network-watcher/vnet-flow-logs-overview', 'https://learn.microsoft.com/en-us/azure/network-watcher/nsg-flow-logs-migrate'],
  categories: ['logging', 'network'],
  evaluate: (scope) =>
    withService(scope, 'network', (network) =>
      eachFetched(network.virtualNetworks, scopeResource(scope), (virtualNetwork) => {
        const target = virtualNetworkResource(virtualNetwork);
        if (network.networkWatchers.error) return errorResult(target, network.networkWatchers.error);
        const { flowLogs, error } = flowLogsIn(network.networkWatchers.value, virtualNetwork.location);
        if (error) return errorResult(target, error, `Flow logs of the network watcher in ${virtualNetwork.location} could not be read`);
        const { networkFlowLog, uncoveredSubnets } = flowLogCoverage(virtualNetwork, flowLogs);
        if (networkFlowLog) return pass(target, `Virtual network ${virtualNetwork.name} is recorded by flow log ${networkFlowLog.name}.`);
        if (uncoveredSubnets.length === 0) {
          return pass(target, virtualNetwork.subnets.length === 0 ? `Virtual network ${virtualNetwork.name} has no subnets, so it carries no traffic to record.` : `Every subnet of virtual network ${virtualNetwork.name} is recorded by a subnet or network security group flow log.`);
        }
        return fail(target, `Virtual network ${virtualNetwork.name} has no enabled flow log, and these subnets have no subnet or network security group flow log either: ${uncoveredSubnets.join(', ')}.`);
      }),
    ),
});
