import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { SUBSCRIPTION_TYPE, exportsCategory } from './lib/monitor.ts';

/** The control- and management-plane categories CIS asks every subscription to export. */
const REQUIRED_CATEGORIES = ['Administrative', 'Alert', 'Policy', 'Security'];

export default defineCheck({
  id: 'azure/monitor-activity-log-captures-required-categories',
  provider: 'azure',
  service: 'monitor',
  requires: ['monitor'],
  resourceType: SUBSCRIPTION_TYPE,
  severity: 'medium',
  title: 'The activity log export captures the Administrative, Alert, Policy and Security categories',
  description:
    'Checks that the subscription\'s diagnostic settings, taken together, export the activity log categories Administrative, Alert, Policy and Security (a setting with the `allLogs` category group exports them all). The message lists the categories that no setting exports.',
  risk: 'A missing category leaves a blind spot: Administrative holds every create, update, delete and role assignment, Security holds Defender for Cloud alerts, Policy holds policy evaluations and denials, Alert holds fired alert rules.',
  remediation: {
    summary: 'Enable the Administrative, Alert, Policy and Security categories (or the allLogs group) in the subscription diagnostic setting.',
    cli: 'az monitor diagnostic-settings subscription update --name activity-log --set \'logs=[{"category":"Administrative","enabled":true},{"category":"Security","enabled":true},{"category":"Alert","enabled":true},{"category":"Policy","enabled":true}]\'',
    terraform:
      'resource "azurerm_monitor_diagnostic_setting" "activity_log" {\n  name                       = "activity-log"\n  target_resource_id         = data.azurerm_subscription.current.id\n  log_analytics_workspace_id = azurerm_log_analytics_workspace.security.id\n  enabled_log {\n    category = "Administrative"\n  }\n  enabled_log {\n    category = "Security"\n  }\n  enabled_log {\n    category = "Alert"\n  }\n  enabled_log {\n    category = "Policy"\n  }\n}',
    console: 'Azure Monitor → Activity log → Export Activity Logs → select the subscription → Edit setting → check Administrative, Alert, Policy and Security → Save.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/activity-log-schema',
    'https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/diagnostic-settings',
  ],
  categories: ['logging'],
  evaluate: (scope) =>
    withService(scope, 'monitor', (monitor) =>
      fromFetched(monitor.diagnosticSettings, scopeResource(scope), (settings) => {
        const target = scopeResource(scope);
        if (settings.length === 0) return [fail(target, `No diagnostic setting exports the activity log, so none of ${REQUIRED_CATEGORIES.join(', ')} is captured.`)];
        const missing = REQUIRED_CATEGORIES.filter((category) => !settings.some((setting) => exportsCategory(setting, category)));
        return missing.length
          ? [fail(target, `The activity log export leaves out ${missing.join(', ')}.`)]
          : [pass(target, `The activity log export captures ${REQUIRED_CATEGORIES.join(', ')}.`)];
      }),
    ),
});
