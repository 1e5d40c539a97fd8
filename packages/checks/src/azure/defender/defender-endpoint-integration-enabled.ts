import { defineCheck } from '@palisade/core';
import { SETTING_TYPE, evaluateIntegrationSetting } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-endpoint-integration-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: SETTING_TYPE,
  severity: 'medium',
  title: 'Microsoft Defender for Endpoint integration is enabled',
  description:
    'Checks that the `WDATP` setting of Defender for Cloud is enabled, which lets Defender for Servers deploy Microsoft Defender for Endpoint to the subscription\'s machines and share its findings (the portal\'s "Endpoint protection" component).',
  risk: 'Without the integration, machines covered by Defender for Servers do not get the endpoint detection and response sensor, so process-level attacks, ransomware and hands-on-keyboard activity on them are not detected.',
  remediation: {
    summary: 'Enable the Defender for Endpoint integration (setting WDATP) for the subscription.',
    cli: 'az security setting update --name WDATP --enabled true',
    terraform: 'resource "azurerm_security_center_setting" "endpoint" {\n  setting_name = "WDATP"\n  enabled      = true\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → Servers → Settings → set Endpoint protection to On → Continue → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/integration-defender-for-endpoint', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/settings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluateIntegrationSetting(scope, 'WDATP', 'Microsoft Defender for Endpoint'),
});
