import { defineCheck } from '@palisade/core';
import { PRICING_TYPE, evaluatePlan } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-cspm-plan-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'medium',
  title: 'Defender Cloud Security Posture Management (CSPM) is on for the subscription',
  description:
    'Checks that the Defender CSPM plan (pricing `CloudPosture`) is set to Standard. The free foundational posture management gives recommendations and a secure score; the paid plan adds attack path analysis, the cloud security explorer, agentless scanning and sensitive data discovery.',
  risk: 'Without the plan, exploitable chains of misconfigurations (an internet-exposed machine with a vulnerability and a managed identity that can read a key vault) are not computed as attack paths, so the most dangerous combinations are not prioritised.',
  remediation: {
    summary: 'Set the Defender Cloud Security Posture Management (CSPM) plan to On (Standard tier) for the subscription.',
    cli: 'az security pricing create --name CloudPosture --tier Standard',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "cspm" {\n  tier          = "Standard"\n  resource_type = "CloudPosture"\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → set Defender CSPM to On → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/concept-cloud-security-posture-management', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluatePlan(scope, 'CloudPosture', 'Defender Cloud Security Posture Management (CSPM)'),
});
