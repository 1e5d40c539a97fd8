import { defineCheck } from '@palisade/core';
import { PRICING_TYPE, evaluatePlan } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-apis-plan-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'low',
  title: 'Microsoft Defender for APIs is on for the subscription',
  description:
    'Checks that the Defender for APIs plan (pricing `Api`) is set to Standard on the subscription. The plan protects APIs published through Azure API Management; a subscription without API Management gains nothing from it, so the severity is low.',
  risk: 'Without the plan, APIs published in API Management get no inventory of sensitive or unauthenticated endpoints and no detection of runtime attacks such as credential stuffing or data exfiltration through an API.',
  remediation: {
    summary: 'Set the Defender for APIs plan to On (Standard tier) for the subscription, sub-plan P1.',
    cli: 'az security pricing create --name Api --tier Standard --subplan P1',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "apis" {\n  tier          = "Standard"\n  resource_type = "Api"\n  subplan       = "P1"\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → set APIs to On (choose a plan) → Save, then onboard the API Management APIs.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-apis-introduction', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluatePlan(scope, 'Api', 'Microsoft Defender for APIs'),
});
