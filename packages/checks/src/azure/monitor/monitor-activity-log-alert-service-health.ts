import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { SUBSCRIPTION_TYPE, alertProblems, allows, requires } from './lib/monitor.ts';

export default defineCheck({
  id: 'azure/monitor-activity-log-alert-service-health',
  provider: 'azure',
  service: 'monitor',
  requires: ['monitor'],
  resourceType: SUBSCRIPTION_TYPE,
  severity: 'low',
  title: 'An activity log alert notifies about Azure service health incidents',
  description:
    'Checks that an enabled activity log alert rule scoped to the whole subscription fires on the `ServiceHealth` category, includes service issues (incident type `Incident`, when the rule filters on incident types) and sends to an action group.',
  risk: 'Without a service health alert, outages, security advisories and planned maintenance that Microsoft announces for the subscription\'s services reach nobody, so incidents caused by the platform are investigated blind and advisories go unread.',
  remediation: {
    summary: 'Create a Service Health alert rule on the subscription for service issues and security advisories that notifies an action group.',
    cli: 'az monitor activity-log alert create --name service-health --resource-group <resource-group> --scope /subscriptions/<subscription-id> --condition category=ServiceHealth --action-group <action-group-id>',
    terraform:
      'resource "azurerm_monitor_activity_log_alert" "service_health" {\n  name                = "service-health"\n  resource_group_name = azurerm_resource_group.monitoring.name\n  location            = "global"\n  scopes              = [data.azurerm_subscription.current.id]\n  criteria {\n    category = "ServiceHealth"\n    service_health {\n      events = ["Incident", "Security", "Maintenance", "ActionRequired"]\n    }\n  }\n  action {\n    action_group_id = azurerm_monitor_action_group.operations.id\n  }\n}',
    console: 'Service Health → Health alerts → Create service health alert → Scope: the subscription → Condition: the services and regions in use, event types Service issue and Security advisory → Actions: select an action group → Review + create.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/service-health/alerts-activity-log-service-notifications-portal', 'https://learn.microsoft.com/en-us/azure/azure-monitor/alerts/activity-log-alerts'],
  categories: ['monitoring', 'resilience'],
  evaluate: (scope) =>
    withService(scope, 'monitor', (monitor) =>
      fromFetched(monitor.activityLogAlerts, scopeResource(scope), (alerts) => {
        const target = scopeResource(scope);
        const watching = alerts.filter((alert) => requires(alert, 'category', 'ServiceHealth') && allows(alert, 'properties.incidentType', 'Incident'));
        const usable = watching.filter((alert) => alertProblems(alert, scope.accountId).length === 0);
        if (usable.length > 0) return [pass(target, `Service health alert ${usable.map((alert) => alert.name).join(', ')} notifies about service issues.`)];
        if (watching.length === 0) return [fail(target, 'No activity log alert fires on service health incidents.')];
        return [fail(target, `No usable service health alert: ${watching.map((alert) => `${alert.name} (${alertProblems(alert, scope.accountId).join(', ')})`).join('; ')}.`)];
      }),
    ),
});
