import { defineCheck } from '@palisade/core';
import { PRICING_TYPE, evaluatePlan } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-cosmos-db-plan-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'medium',
  title: 'Microsoft Defender for Azure Cosmos DB is on for the subscription',
  description:
    'Checks that the Defender for Azure Cosmos DB plan (pricing `CosmosDbs`) is set to Standard on the subscription.',
  risk: 'Without the plan, SQL (NoSQL API) injection, access with leaked account keys and unusual data extraction from Cosmos DB accounts raise no alert.',
  remediation: {
    summary: 'Set the Defender for Azure Cosmos DB plan to On (Standard tier) for the subscription.',
    cli: 'az security pricing create --name CosmosDbs --tier Standard',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "cosmos_db" {\n  tier          = "Standard"\n  resource_type = "CosmosDbs"\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → Databases → Select types → set Azure Cosmos DB to On → Continue → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/concept-defender-for-cosmos', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluatePlan(scope, 'CosmosDbs', 'Microsoft Defender for Azure Cosmos DB'),
});
