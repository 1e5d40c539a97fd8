import { defineCheck } from '@palisade/core';
import { PRICING_TYPE, evaluatePlan } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-containers-plan-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'medium',
  title: 'Microsoft Defender for Containers is on for the subscription',
  description:
    'Checks that the Defender for Containers plan (pricing `Containers`, which replaced the retired `KubernetesService` and `ContainerRegistry` plans) is set to Standard on the subscription.',
  risk: 'Without the plan, AKS clusters get no runtime threat detection and container registries no image vulnerability assessment, so a compromised pod or a vulnerable image reaching production goes unnoticed.',
  remediation: {
    summary: 'Set the Defender for Containers plan to On (Standard tier) for the subscription.',
    cli: 'az security pricing create --name Containers --tier Standard',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "containers" {\n  tier          = "Standard"\n  resource_type = "Containers"\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → set Containers to On → Settings: turn on all components → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-containers-introduction', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluatePlan(scope, 'Containers', 'Microsoft Defender for Containers'),
});
