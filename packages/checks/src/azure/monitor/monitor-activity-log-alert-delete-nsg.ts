import { defineCheck } from '@palisade/core';
import { SUBSCRIPTION_TYPE, evaluateOperationAlert } from './lib/monitor.ts';

export default defineCheck({
  id: 'azure/monitor-activity-log-alert-delete-nsg',
  provider: 'azure',
  service: 'monitor',
  requires: ['monitor'],
  resourceType: SUBSCRIPTION_TYPE,
  severity: 'medium',
  title: 'An activity log alert exists for Delete Network Security Group',
  description:
    'Checks that an activity log alert rule notifies about deleting a network security group (operation `Microsoft.Network/networkSecurityGroups/delete`): the rule is enabled, scoped to the whole subscription, names the operation in its condition without filtering on level, status, caller or resource, and sends to at least one action group. The message names the matching rule, or the rules that nearly match and why they do not count.',
  risk: 'Deleting a network security group removes the filtering of every subnet and interface it was attached to; without an alert the workloads behind it may be left open.',
  remediation: {
    summary: 'Create an activity log alert rule on the subscription for Microsoft.Network/networkSecurityGroups/delete, without level, status or caller filters, that notifies the security team\'s action group.',
    cli: 'az monitor activity-log alert create --name delete-nsg --resource-group <resource-group> --scope /subscriptions/<subscription-id> --condition category=Administrative and operationName=Microsoft.Network/networkSecurityGroups/delete --action-group <action-group-id>',
    terraform:
      'resource "azurerm_monitor_activity_log_alert" "nsg_delete" {\n  name                = "delete-nsg"\n  resource_group_name = azurerm_resource_group.monitoring.name\n  location            = "global"\n  scopes              = [data.azurerm_subscription.current.id]\n  criteria {\n    category       = "Administrative"\n    operation_name = "Microsoft.Network/networkSecurityGroups/delete"\n  }\n  action {\n    action_group_id = azurerm_monitor_action_group.security.id\n  }\n}',
    console: 'Azure Monitor → Alerts → Create → Alert rule → Scope: the subscription → Condition: signal "Delete Network Security Group (Network Security Group)", no level or status filter → Actions: select the security action group → Details → Review + create.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/azure-monitor/alerts/activity-log-alerts',
    'https://learn.microsoft.com/en-us/rest/api/monitor/activity-log-alerts/list-by-subscription-id',
  ],
  categories: ['monitoring'],
  evaluate: (scope) => evaluateOperationAlert(scope, 'Microsoft.Network/networkSecurityGroups/delete', 'deleting a network security group'),
});
