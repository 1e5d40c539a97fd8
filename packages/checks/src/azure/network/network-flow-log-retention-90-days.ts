import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { MIN_FLOW_LOG_RETENTION_DAYS, flowLogResource, watcherResource } from '../lib/network-flow-logs.ts';

export default defineCheck({
  id: 'azure/network-flow-log-retention-90-days',
  provider: 'azure',
  service: 'network',
  requires: ['network'],
  resourceType: 'Microsoft.Network/networkWatchers/flowLogs',
  severity: 'medium',
  title: 'Flow logs are enabled and keep records for at least 90 days',
  description: `Checks every flow log (of network security groups and of virtual networks) in each network watcher (CIS 7.5): it must be enabled, and its retention policy must keep records for at least ${MIN_FLOW_LOG_RETENTION_DAYS} days, or without a time limit (retention policy disabled, or 0 days). A flow log whose records are deleted sooner fails, as does a disabled one.`,
  risk:
    'Intrusions are often found weeks or months after they begin; flow records deleted after a few days leave no trace of the connections an attacker made, so the scope of a breach cannot be established.',
  remediation: {
    summary: `Enable the flow log and set its retention to ${MIN_FLOW_LOG_RETENTION_DAYS} days or more (0 keeps records indefinitely) on a general-purpose v2 storage account.`,
    cli: `az network watcher flow-log update --location <location> --name <flow-log-name> --enabled true --retention ${MIN_FLOW_LOG_RETENTION_DAYS}`,
    terraform: `resource "azurerm_network_watcher_flow_log" "vnet" {\n  name                 = "fl-vnet-prod"\n  network_watcher_name = "NetworkWatcher_eastus"\n  resource_group_name  = "NetworkWatcherRG"\n  target_resource_id   = azurerm_virtual_network.prod.id\n  storage_account_id   = azurerm_storage_account.flowlogs.id\n  enabled              = true\n  version              = 2\n\n  retention_policy {\n    enabled = true\n    days    = ${MIN_FLOW_LOG_RETENTION_DAYS}\n  }\n}`,
    console: `Azure portal → Network Watcher → Logs → Flow logs → select the flow log → set Status to On and Retention days to ${MIN_FLOW_LOG_RETENTION_DAYS} or more (0 for no limit) → Save.`,
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/network-watcher/vnet-flow-logs-overview',
    'https://learn.microsoft.com/en-us/azure/network-watcher/nsg-flow-logs-overview',
    'https://learn.microsoft.com/en-us/cli/azure/network/watcher/flow-log',
  ],
  categories: ['logging', 'network'],
  evaluate: (scope) =>
    withService(scope, 'network', (network) =>
      eachFetched(network.networkWatchers, scopeResource(scope), (watcher) =>
        fromFetched(watcher.flowLogs, watcherResource(watcher), (flowLogs) =>
          flowLogs.map((flowLog) => {
            const target = flowLogResource(flowLog);
            if (!flowLog.enabled) return fail(target, `Flow log ${flowLog.name} is disabled, so it records nothing.`);
            const retention = flowLog.retentionPolicy;
            if (!retention || !retention.enabled || retention.days === 0) return pass(target, `Flow log ${flowLog.name} keeps its records without a time limit.`);
            return retention.days >= MIN_FLOW_LOG_RETENTION_DAYS
              ? pass(target, `Flow log ${flowLog.name} keeps its records for ${retention.days} days.`)
              : fail(target, `Flow log ${flowLog.name} keeps its records for only ${retention.days} days (at least ${MIN_FLOW_LOG_RETENTION_DAYS} required).`);
          }),
        ),
      ),
    ),
});
