import { defineCheck } from '@palisade/core';
import { SUBSCRIPTION_TYPE, evaluateOperationAlert } from './lib/monitor.ts';

export default defineCheck({
  id: 'azure/monitor-activity-log-alert-create-update-nsg',
  provider: 'azure',
  service: 'monitor',
  requires: ['monitor'],
  resourceType: SUBSCRIPTION_TYPE,
  severity: 'medium',
  title: 'An activity log alert exists for Create or Update Network Security Group',
  description:
    'Checks that an activity log alert rule notifies about creating or updating a network security group (operation `Microsoft.Network/networkSecurityGroups/write`): the rule is enabled, scoped to the whole subscription, names the operation in its condition without filtering on level, status, caller or resource, and sends to at least one action group. The message names the matching rule, or the rules that nearly match and why they do not count.',
  risk: 'Network security groups decide what reaches virtual machines and subnets; a changed rule can expose management ports or databases to the internet, and without an alert nobody reviews it.',
  remediation: {
    summary: 'Create an activity log alert rule on the subscription for Microsoft.Network/networkSecurityGroups/write, without level, status or caller filters, that notifies the security team\'s action group.',
    cli: 'az monitor activity-log alert create --name create-update-nsg --resource-group <resource-group> --scope /subscriptions/<subscription-id> --condition category=Administrative and operationName=Microsoft.Network/networkSecurityGroups/write --action-group <action-group-id>',
    terraform:
      'resource "azurerm_monitor_activity_log_alert" "nsg_write" {\n  name                = "create-update-nsg"\n  resource_group_name = azurerm_resource_group.monitoring.name\n  location            = "global"\n  scopes              = [data.azurerm_subscription.current.id]\n  criteria {\n    category       = "Administrative"\n    operation_name = "Microsoft.Network/networkSecurityGroups/write"\n  }\n  action {\n    action_group_id = azurerm_monitor_action_group.security.id\n  }\n}',
    console: 'Azure Monitor → Alerts → Create → Alert rule → Scope: the subscription → Condition: signal "Create or Update Network Security Group (Network Security Group)", no level or status filter → Actions: select the security action group → Details → Review + create.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/azure-monitor/alerts/activity-log-alerts',
    'https://learn.microsoft.com/en-us/rest/api/monitor/activity-log-alerts/list-by-subscription-id',
  ],
  categories: ['monitoring'],
  evaluate: (scope) => evaluateOperationAlert(scope, 'Microsoft.Network/networkSecurityGroups/write', 'creating or updating a network security group'),
});
