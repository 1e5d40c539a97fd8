import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { SUBSCRIPTION_TYPE } from './lib/monitor.ts';

export default defineCheck({
  id: 'azure/monitor-application-insights-configured',
  provider: 'azure',
  service: 'monitor',
  requires: ['monitor'],
  resourceType: SUBSCRIPTION_TYPE,
  severity: 'low',
  title: 'The subscription has Application Insights configured',
  description:
    'Checks that the subscription has at least one Application Insights component, so applications can send request, dependency, exception and trace telemetry. A scan narrowed to some locations only sees the components in those locations.',
  risk: 'Without application telemetry, an incident inside an application (injected requests, failing authentication, unusual dependencies) leaves no trace beyond platform logs, which slows detection and investigation.',
  remediation: {
    summary: 'Create a workspace-based Application Insights component and connect the subscription\'s applications to it.',
    cli: 'az monitor app-insights component create --app <name> --location <location> --resource-group <resource-group> --kind web --application-type web --workspace <workspace-resource-id>',
    terraform:
      'resource "azurerm_application_insights" "app" {\n  name                = "appi-web"\n  location            = azurerm_resource_group.app.location\n  resource_group_name = azurerm_resource_group.app.name\n  application_type    = "web"\n  workspace_id        = azurerm_log_analytics_workspace.app.id\n}',
    console: 'Application Insights → Create → choose the subscription, resource group, name and region → Resource mode: Workspace-based → select the Log Analytics workspace → Review + create.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/azure-monitor/app/app-insights-overview', 'https://learn.microsoft.com/en-us/azure/azure-monitor/app/create-workspace-resource'],
  categories: ['monitoring', 'logging'],
  evaluate: (scope) =>
    withService(scope, 'monitor', (monitor) =>
      fromFetched(monitor.applicationInsightsComponents, scopeResource(scope), (components) => {
        const target = scopeResource(scope);
        if (components.length === 0) return [fail(target, 'The subscription has no Application Insights component.')];
        const names = components.map((component) => component.name);
        return [pass(target, `The subscription has ${components.length} Application Insights component${components.length === 1 ? '' : 's'} (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}).`)];
      }),
    ),
});
