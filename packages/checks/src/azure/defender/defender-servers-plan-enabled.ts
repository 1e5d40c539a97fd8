import { defineCheck } from '@palisade/core';
import { PRICING_TYPE, evaluatePlan } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-servers-plan-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'high',
  title: 'Microsoft Defender for Servers is on for the subscription',
  description:
    'Checks that the Defender for Servers plan (pricing `VirtualMachines`) is set to Standard on the subscription. Plan 2 adds agentless scanning, file integrity monitoring and Defender Vulnerability Management on top of the endpoint detection and response that Plan 1 brings; either plan passes, and the message names the sub-plan.',
  risk: 'Without the plan, virtual machines, scale sets and Arc-connected servers get no endpoint detection and response, no threat alerts and no vulnerability assessment, so malware, credential theft or a compromised host goes unnoticed.',
  remediation: {
    summary: 'Set the Defender for Servers plan to On (Standard tier) for the subscription, sub-plan P2.',
    cli: 'az security pricing create --name VirtualMachines --tier Standard --subplan P2',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "servers" {\n  tier          = "Standard"\n  resource_type = "VirtualMachines"\n  subplan       = "P2"\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → set Servers to On (choose Plan 2) → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-servers-overview', 'https://learn.microsoft.com/en-us/azure/defender-for-cloud/tutorial-enable-servers-plan', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluatePlan(scope, 'VirtualMachines', 'Microsoft Defender for Servers'),
});
