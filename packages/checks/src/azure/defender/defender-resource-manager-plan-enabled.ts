import { defineCheck } from '@palisade/core';
import { PRICING_TYPE, evaluatePlan } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-resource-manager-plan-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'medium',
  title: 'Microsoft Defender for Resource Manager is on for the subscription',
  description:
    'Checks that the Defender for Resource Manager plan (pricing `Arm`) is set to Standard on the subscription.',
  risk: 'Every management operation goes through Azure Resource Manager; without the plan, use of exploitation toolkits, suspicious role assignments, disabled protections and management calls from malicious IP addresses raise no alert.',
  remediation: {
    summary: 'Set the Defender for Resource Manager plan to On (Standard tier) for the subscription.',
    cli: 'az security pricing create --name Arm --tier Standard',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "resource_manager" {\n  tier          = "Standard"\n  resource_type = "Arm"\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → set Resource Manager to On → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-resource-manager-introduction', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluatePlan(scope, 'Arm', 'Microsoft Defender for Resource Manager'),
});
