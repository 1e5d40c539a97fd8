import { defineCheck } from '@palisade/core';
import { SETTING_TYPE, evaluateIntegrationSetting } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-cloud-apps-integration-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: SETTING_TYPE,
  severity: 'medium',
  title: 'Microsoft Defender for Cloud Apps integration is enabled',
  description:
    'Checks that the `MCAS` setting of Defender for Cloud is enabled, which lets Microsoft Defender for Cloud Apps (formerly Cloud App Security) read the subscription\'s data and feed its analytics of management-plane activity into Defender for Cloud.',
  risk: 'Without the integration, anomalies in how people and applications use the Azure management plane (impossible travel, mass deletion, activity from suspicious addresses) that Defender for Cloud Apps detects are not correlated with the subscription.',
  remediation: {
    summary: 'Enable the Defender for Cloud Apps integration (setting MCAS) for the subscription.',
    cli: 'az security setting update --name MCAS --enabled true',
    terraform: 'resource "azurerm_security_center_setting" "cloud_apps" {\n  setting_name = "MCAS"\n  enabled      = true\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Integrations → check Allow Microsoft Defender for Cloud Apps to access my data → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/defender-cloud-apps/what-is-defender-for-cloud-apps', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/settings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluateIntegrationSetting(scope, 'MCAS', 'Microsoft Defender for Cloud Apps'),
});
