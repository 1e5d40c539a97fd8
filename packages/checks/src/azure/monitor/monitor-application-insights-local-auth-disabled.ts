import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

const TYPE = 'Microsoft.Insights/components';

export default defineCheck({
  id: 'azure/monitor-application-insights-local-auth-disabled',
  provider: 'azure',
  service: 'monitor',
  requires: ['monitor'],
  resourceType: TYPE,
  severity: 'medium',
  title: 'Application Insights components accept only Microsoft Entra authenticated telemetry',
  description:
    'Checks that each Application Insights component has local authentication disabled (`DisableLocalAuth`), so ingestion requires a Microsoft Entra identity with the Monitoring Metrics Publisher role instead of the instrumentation key alone.',
  risk: 'The instrumentation key is embedded in client code and connection strings; with local authentication on, anyone who finds it can send forged telemetry, polluting the data used for investigation and alerting or hiding an attack in noise.',
  remediation: {
    summary: 'Disable local authentication on the component after moving the applications to Microsoft Entra authenticated ingestion.',
    cli: 'az resource update --ids <component-resource-id> --set properties.DisableLocalAuth=true',
    terraform: 'resource "azurerm_application_insights" "app" {\n  # ...\n  local_authentication_disabled = true\n}',
    console: 'Application Insights → select the component → Configure → Properties → Local Authentication: Disabled → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/azure-monitor/app/azure-ad-authentication'],
  categories: ['identity-and-access', 'monitoring'],
  evaluate: (scope) =>
    withService(scope, 'monitor', (monitor) =>
      eachFetched(monitor.applicationInsightsComponents, scopeResource(scope), (component) => {
        const target = armResource(component.id, TYPE, component.name, component.location, component.tags);
        return component.disableLocalAuth
          ? pass(target, `Application Insights ${component.name} accepts only Microsoft Entra authenticated telemetry.`)
          : fail(target, `Application Insights ${component.name} accepts telemetry authenticated by its instrumentation key alone.`);
      }),
    ),
});
