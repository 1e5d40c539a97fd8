import { defineCheck } from '@palisade/core';
import { SUBSCRIPTION_TYPE, evaluateOperationAlert } from './lib/monitor.ts';

export default defineCheck({
  id: 'azure/monitor-activity-log-alert-delete-security-solution',
  provider: 'azure',
  service: 'monitor',
  requires: ['monitor'],
  resourceType: SUBSCRIPTION_TYPE,
  severity: 'medium',
  title: 'An activity log alert exists for Delete Security Solution',
  description:
    'Checks that an activity log alert rule notifies about deleting a security solution (operation `Microsoft.Security/securitySolutions/delete`): the rule is enabled, scoped to the whole subscription, names the operation in its condition without filtering on level, status, caller or resource, and sends to at least one action group. The message names the matching rule, or the rules that nearly match and why they do not count.',
  risk: 'Removing a security solution is a classic step before an attack: it silences a source of detections. Without an alert the removal is not noticed.',
  remediation: {
    summary: 'Create an activity log alert rule on the subscription for Microsoft.Security/securitySolutions/delete, without level, status or caller filters, that notifies the security team\'s action group.',
    cli: 'az monitor activity-log alert create --name delete-security-solution --resource-group <resource-group> --scope /subscriptions/<subscription-id> --condition category=Administrative and operationName=Microsoft.Security/securitySolutions/delete --action-group <action-group-id>',
    terraform:
      'resource "azurerm_monitor_activity_log_alert" "security_solution_delete" {\n  name                = "delete-security-solution"\n  resource_group_name = azurerm_resource_group.monitoring.name\n  location            = "global"\n  scopes              = [data.azurerm_subscription.current.id]\n  criteria {\n    category       = "Administrative"\n    operation_name = "Microsoft.Security/securitySolutions/delete"\n  }\n  action {\n    action_group_id = azurerm_monitor_action_group.security.id\n  }\n}',
    console: 'Azure Monitor → Alerts → Create → Alert rule → Scope: the subscription → Condition: signal "Delete Security Solutions (Security Solutions)", no level or status filter → Actions: select the security action group → Details → Review + create.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/azure-monitor/alerts/activity-log-alerts',
    'https://learn.microsoft.com/en-us/rest/api/monitor/activity-log-alerts/list-by-subscription-id',
  ],
  categories: ['monitoring'],
  evaluate: (scope) => evaluateOperationAlert(scope, 'Microsoft.Security/securitySolutions/delete', 'deleting a security solution'),
});
