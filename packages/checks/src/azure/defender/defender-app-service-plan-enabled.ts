import { defineCheck } from '@palisade/core';
import { PRICING_TYPE, evaluatePlan } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-app-service-plan-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'medium',
  title: 'Microsoft Defender for App Service is on for the subscription',
  description:
    'Checks that the Defender for App Service plan (pricing `AppServices`) is set to Standard on the subscription.',
  risk: 'Web apps and functions are the most exposed workloads of many subscriptions; without the plan, attacks against them (dangling DNS, web shells, scanning, command injection seen in the App Service logs) raise no alert.',
  remediation: {
    summary: 'Set the Defender for App Service plan to On (Standard tier) for the subscription.',
    cli: 'az security pricing create --name AppServices --tier Standard',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "app_service" {\n  tier          = "Standard"\n  resource_type = "AppServices"\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → set App Service to On → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-app-service-introduction', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluatePlan(scope, 'AppServices', 'Microsoft Defender for App Service'),
});
