import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { SUBSCRIPTION_TYPE, destinations } from './lib/monitor.ts';

export default defineCheck({
  id: 'azure/monitor-activity-log-diagnostic-setting-exists',
  provider: 'azure',
  service: 'monitor',
  requires: ['monitor'],
  resourceType: SUBSCRIPTION_TYPE,
  severity: 'medium',
  title: 'The subscription activity log is exported by a diagnostic setting',
  description:
    'Checks that the subscription has at least one diagnostic setting that exports some activity log category to a Log Analytics workspace, a storage account, an event hub or a partner solution. The message names the settings and their destinations.',
  risk: 'Azure keeps the activity log for 90 days only; without an export, who changed, deleted or granted what in the subscription cannot be investigated after that, cannot be correlated in a SIEM and cannot feed log-based alerts.',
  remediation: {
    summary: 'Create a subscription diagnostic setting that sends the activity log to a Log Analytics workspace (and, for long retention, a storage account).',
    cli: 'az monitor diagnostic-settings subscription create --name activity-log --location global --workspace <workspace-resource-id> --logs \'[{"category":"Administrative","enabled":true},{"category":"Security","enabled":true},{"category":"Alert","enabled":true},{"category":"Policy","enabled":true}]\'',
    terraform:
      'resource "azurerm_monitor_diagnostic_setting" "activity_log" {\n  name                       = "activity-log"\n  target_resource_id         = data.azurerm_subscription.current.id\n  log_analytics_workspace_id = azurerm_log_analytics_workspace.security.id\n  enabled_log {\n    category = "Administrative"\n  }\n  enabled_log {\n    category = "Security"\n  }\n  enabled_log {\n    category = "Alert"\n  }\n  enabled_log {\n    category = "Policy"\n  }\n}',
    console: 'Azure Monitor → Activity log → Export Activity Logs → select the subscription → Add diagnostic setting → choose the categories and the destination → Save.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/activity-log',
    'https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/diagnostic-settings',
    'https://learn.microsoft.com/en-us/rest/api/monitor/subscription-diagnostic-settings/list',
  ],
  categories: ['logging'],
  evaluate: (scope) =>
    withService(scope, 'monitor', (monitor) =>
      fromFetched(monitor.diagnosticSettings, scopeResource(scope), (settings) => {
        const target = scopeResource(scope);
        const exporting = settings.filter((setting) => setting.logs.some((log) => log.enabled));
        if (exporting.length === 0) {
          return [fail(target, settings.length ? `The subscription's diagnostic settings (${settings.map((setting) => setting.name).join(', ')}) export no activity log category.` : 'No diagnostic setting exports the subscription activity log.')];
        }
        const described = exporting.map((setting) => `${setting.name} → ${destinations(setting).join(', ') || 'no destination'}`);
        return [pass(target, `The activity log is exported by ${described.join('; ')}.`)];
      }),
    ),
});
