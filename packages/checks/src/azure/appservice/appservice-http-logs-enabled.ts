import { defineCheck, fail, pass } from '@palisade/core';
import type { AppServiceDiagnosticSetting } from '@palisade/core/azure';
import { SITE_TYPE, eachSiteDetail, isFunctionApp, siteLabel } from '../lib/appservice-sites.ts';

const HTTP_LOGS = 'appservicehttplogs';

/** A setting sends HTTP logs when it enables the category (or the `allLogs` group) and has somewhere to send them. */
function sendsHttpLogs(setting: AppServiceDiagnosticSetting): boolean {
  const destination = setting.workspaceId ?? setting.storageAccountId ?? setting.eventHubAuthorizationRuleId ?? setting.marketplacePartnerId;
  return destination !== undefined && setting.logs.some((log) => log.enabled && (log.category?.toLowerCase() === HTTP_LOGS || log.categoryGroup?.toLowerCase() === 'alllogs'));
}

export default defineCheck({
  id: 'azure/appservice-http-logs-enabled',
  provider: 'azure',
  service: 'appservice',
  requires: ['appservice'],
  resourceType: SITE_TYPE,
  severity: 'medium',
  title: 'App Service apps send HTTP logs to a diagnostic destination',
  description:
    'Checks that each web app has a diagnostic setting that sends the `AppServiceHTTPLogs` category (directly or through the `allLogs` category group) to a Log Analytics workspace, storage account, event hub or partner solution. Function apps do not offer this category and are not reported.',
  risk: 'Without HTTP logs kept outside the app, requests that probe or exploit it leave no record to investigate, alert on or correlate with other signals.',
  remediation: {
    summary: 'Add a diagnostic setting that sends AppServiceHTTPLogs to the workspace (or storage account or event hub) your monitoring reads.',
    cli: 'az monitor diagnostic-settings create --name http-logs --resource <app-resource-id> --workspace <workspace-resource-id> --logs \'[{"category":"AppServiceHTTPLogs","enabled":true}]\'',
    terraform: 'resource "azurerm_monitor_diagnostic_setting" "http_logs" {\n  name                       = "http-logs"\n  target_resource_id         = azurerm_linux_web_app.this.id\n  log_analytics_workspace_id = azurerm_log_analytics_workspace.this.id\n  enabled_log {\n    category = "AppServiceHTTPLogs"\n  }\n}',
    console: 'App Services → select the app → Monitoring → Diagnostic settings → Add diagnostic setting → tick HTTP logs → choose a destination → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/app-service/troubleshoot-diagnostic-logs#send-logs-to-azure-monitor', 'https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/diagnostic-settings'],
  categories: ['logging', 'monitoring'],
  evaluate: (scope) =>
    eachSiteDetail(scope, (site) => site.diagnosticSettings, (site, settings, target) => {
      if (isFunctionApp(site)) return [];
      const sending = settings.filter(sendsHttpLogs);
      return sending.length
        ? pass(target, `${siteLabel(site)} sends HTTP logs through diagnostic setting ${sending.map((setting) => setting.name).join(', ')}.`)
        : fail(target, `${siteLabel(site)} has no diagnostic setting that sends HTTP logs.`);
    }),
});
