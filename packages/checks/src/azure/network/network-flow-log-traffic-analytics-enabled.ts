import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { flowLogResource, watcherResource } from '../lib/network-flow-logs.ts';

export default defineCheck({
  id: 'azure/network-flow-log-traffic-analytics-enabled',
  provider: 'azure',
  service: 'network',
  requires: ['network'],
  resourceType: 'Microsoft.Network/networkWatchers/flowLogs',
  severity: 'medium',
  title: 'Flow logs are sent to a Log Analytics workspace through traffic analytics',
  description:
    'Checks every flow log in each network watcher (CIS 6.1.5): it must be enabled and have traffic analytics turned on with a Log Analytics workspace, so its records are processed into queryable tables instead of only accumulating as blobs in a storage account.',
  risk:
    'Flow records that only sit in a storage account are rarely looked at: without Log Analytics there are no queries, dashboards or alerts over network traffic, so scanning, data exfiltration and connections to known-malicious addresses go unnoticed.',
  remediation: {
    summary: 'Enable traffic analytics on the flow log with a Log Analytics workspace (processing interval 10 minutes for faster detection).',
    cli: 'az network watcher flow-log update --location <location> --name <flow-log-name> --enabled true --traffic-analytics true --workspace <log-analytics-workspace-resource-id> --interval 10',
    terraform:
      'resource "azurerm_network_watcher_flow_log" "vnet" {\n  # ...\n  enabled = true\n\n  traffic_analytics {\n    enabled               = true\n    workspace_id          = azurerm_log_analytics_workspace.security.workspace_id\n    workspace_region      = azurerm_log_analytics_workspace.security.location\n    workspace_resource_id = azurerm_log_analytics_workspace.security.id\n    interval_in_minutes   = 10\n  }\n}',
    console: 'Azure portal → Network Watcher → Logs → Flow logs → select the flow log → Analytics → enable Traffic analytics, choose the processing interval and the Log Analytics workspace → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/network-watcher/traffic-analytics', 'https://learn.microsoft.com/en-us/azure/network-watcher/vnet-flow-logs-overview'],
  categories: ['logging', 'monitoring', 'network'],
  evaluate: (scope) =>
    withService(scope, 'network', (network) =>
      eachFetched(network.networkWatchers, scopeResource(scope), (watcher) =>
        fromFetched(watcher.flowLogs, watcherResource(watcher), (flowLogs) =>
          flowLogs.map((flowLog) => {
            const target = flowLogResource(flowLog);
            if (!flowLog.enabled) return fail(target, `Flow log ${flowLog.name} is disabled, so nothing reaches Log Analytics.`);
            const analytics = flowLog.trafficAnalytics;
            if (!analytics?.enabled) return fail(target, `Flow log ${flowLog.name} does not send its records to Log Analytics (traffic analytics is off).`);
            if (!analytics.workspaceResourceId) return fail(target, `Flow log ${flowLog.name} has traffic analytics on but names no Log Analytics workspace.`);
            return pass(target, `Flow log ${flowLog.name} sends its records to Log Analytics workspace ${analytics.workspaceResourceId.split('/').pop()}.`);
          }),
        ),
      ),
    ),
});
