import { defineCheck } from '@palisade/core';
import { SUBSCRIPTION_TYPE, evaluateOperationAlert } from './lib/monitor.ts';

export default defineCheck({
  id: 'azure/monitor-activity-log-alert-delete-sql-firewall-rule',
  provider: 'azure',
  service: 'monitor',
  requires: ['monitor'],
  resourceType: SUBSCRIPTION_TYPE,
  severity: 'medium',
  title: 'An activity log alert exists for Delete SQL Server Firewall Rule',
  description:
    'Checks that an activity log alert rule notifies about deleting an Azure SQL server firewall rule (operation `Microsoft.Sql/servers/firewallRules/delete`): the rule is enabled, scoped to the whole subscription, names the operation in its condition without filtering on level, status, caller or resource, and sends to at least one action group. The message names the matching rule, or the rules that nearly match and why they do not count.',
  risk: 'Deleting firewall rules can break access for legitimate clients or be part of replacing narrow rules with broad ones; without an alert the change to database exposure is not reviewed.',
  remediation: {
    summary: 'Create an activity log alert rule on the subscription for Microsoft.Sql/servers/firewallRules/delete, without level, status or caller filters, that notifies the security team\'s action group.',
    cli: 'az monitor activity-log alert create --name delete-sql-firewall-rule --resource-group <resource-group> --scope /subscriptions/<subscription-id> --condition category=Administrative and operationName=Microsoft.Sql/servers/firewallRules/delete --action-group <action-group-id>',
    terraform:
      'resource "azurerm_monitor_activity_log_alert" "sql_firewall_rule_delete" {\n  name                = "delete-sql-firewall-rule"\n  resource_group_name = azurerm_resource_group.monitoring.name\n  location            = "global"\n  scopes              = [data.azurerm_subscription.current.id]\n  criteria {\n    category       = "Administrative"\n    operation_name = "Microsoft.Sql/servers/firewallRules/delete"\n  }\n  action {\n    action_group_id = azurerm_monitor_action_group.security.id\n  }\n}',
    console: 'Azure Monitor → Alerts → Create → Alert rule → Scope: the subscription → Condition: signal "Delete server firewall rule (SQL Server)", no level or status filter → Actions: select the security action group → Details → Review + create.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/azure-monitor/alerts/activity-log-alerts',
    'https://learn.microsoft.com/en-us/rest/api/monitor/activity-log-alerts/list-by-subscription-id',
  ],
  categories: ['monitoring'],
  evaluate: (scope) => evaluateOperationAlert(scope, 'Microsoft.Sql/servers/firewallRules/delete', 'deleting an Azure SQL server firewall rule'),
});
