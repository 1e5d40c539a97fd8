import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';
import { securityUid } from './lib/defender.ts';

const TYPE = 'Microsoft.Security/autoProvisioningSettings';

export default defineCheck({
  id: 'azure/defender-auto-provisioning-log-analytics-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: TYPE,
  severity: 'low',
  title: 'Defender for Cloud auto-provisions the monitoring agent on virtual machines',
  description:
    'Checks that the subscription\'s auto-provisioning setting (`autoProvisioningSettings/default`) is `On`, so Defender for Cloud deploys its monitoring agent to existing and new virtual machines. The Log Analytics agent this setting deploys was retired in August 2024 and Defender for Servers now relies on Defender for Endpoint and agentless scanning; the check remains for estates that still depend on agent-based collection.',
  risk: 'Machines created without the agent send no security events to the workspace, so agent-based detections and assessments silently skip them.',
  remediation: {
    summary: 'Set automatic provisioning of the monitoring agent to On for the subscription, or move agent-based collection to Defender for Endpoint and agentless scanning.',
    cli: 'az security auto-provisioning-setting update --name default --auto-provision On',
    terraform: 'resource "azurerm_security_center_auto_provisioning" "default" {\n  auto_provision = "On"\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Settings & monitoring → set the Log Analytics agent / Azure Monitor agent component to On → Continue → Save.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/defender-for-cloud/monitoring-components',
    'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/auto-provisioning-settings/list',
  ],
  categories: ['monitoring'],
  evaluate: (scope) =>
    withService(scope, 'defender', (defender) =>
      fromFetched(defender.autoProvisioningSettings, scopeResource(scope), (settings) => {
        const setting = settings.find((candidate) => candidate.name.toLowerCase() === 'default');
        const target = armResource(setting?.id || securityUid(scope, 'autoProvisioningSettings/default'), TYPE, 'default');
        if (setting === undefined) return [fail(target, 'Automatic provisioning of the monitoring agent was never configured (it is off by default).')];
        return setting.autoProvision.toLowerCase() === 'on'
          ? [pass(target, 'Automatic provisioning of the monitoring agent is On.')]
          : [fail(target, `Automatic provisioning of the monitoring agent is ${setting.autoProvision}.`)];
      }),
    ),
});
