import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

const TYPE = 'Microsoft.Insights/components';

export default defineCheck({
  id: 'azure/monitor-application-insights-workspace-based',
  provider: 'azure',
  service: 'monitor',
  requires: ['monitor'],
  resourceType: TYPE,
  severity: 'low',
  title: 'Application Insights components are workspace-based',
  description:
    'Checks that each Application Insights component stores its telemetry in a Log Analytics workspace (`WorkspaceResourceId` is set). Classic components, without a workspace, were retired in February 2024.',
  risk: 'Telemetry of a classic component cannot be governed with the workspace\'s access control, retention, customer-managed keys and private links, and cannot be queried together with the security logs kept in the workspace.',
  remediation: {
    summary: 'Migrate the component to workspace-based mode, linking it to the Log Analytics workspace used for the application\'s logs.',
    cli: 'az monitor app-insights component update --app <name> --resource-group <resource-group> --workspace <workspace-resource-id>',
    terraform: 'resource "azurerm_application_insights" "app" {\n  # ...\n  workspace_id = azurerm_log_analytics_workspace.app.id\n}',
    console: 'Application Insights → select the component → Overview → click the classic-mode banner (or Properties → Change workspace) → select the Log Analytics workspace → Apply.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/azure-monitor/app/convert-classic-resource', 'https://learn.microsoft.com/en-us/azure/azure-monitor/app/create-workspace-resource'],
  categories: ['logging'],
  evaluate: (scope) =>
    withService(scope, 'monitor', (monitor) =>
      eachFetched(monitor.applicationInsightsComponents, scopeResource(scope), (component) => {
        const target = armResource(component.id, TYPE, component.name, component.location, component.tags);
        return component.workspaceResourceId
          ? pass(target, `Application Insights ${component.name} stores its telemetry in workspace ${component.workspaceResourceId.split('/').at(-1)}.`)
          : fail(target, `Application Insights ${component.name} is a classic component without a Log Analytics workspace.`);
      }),
    ),
});
