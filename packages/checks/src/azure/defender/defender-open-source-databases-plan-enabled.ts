import { defineCheck } from '@palisade/core';
import { PRICING_TYPE, evaluatePlan } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-open-source-databases-plan-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'medium',
  title: 'Microsoft Defender for open-source relational databases is on for the subscription',
  description:
    'Checks that the Defender plan for Azure Database for PostgreSQL, MySQL and MariaDB (pricing `OpenSourceRelationalDatabases`) is set to Standard on the subscription.',
  risk: 'Without the plan, brute-force attacks, logins from suspicious locations and access by unusual applications against PostgreSQL and MySQL servers raise no alert.',
  remediation: {
    summary: 'Set the Defender for open-source relational databases plan to On (Standard tier) for the subscription.',
    cli: 'az security pricing create --name OpenSourceRelationalDatabases --tier Standard',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "open_source_databases" {\n  tier          = "Standard"\n  resource_type = "OpenSourceRelationalDatabases"\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → Databases → Select types → set Open-source relational databases to On → Continue → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-databases-introduction', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluatePlan(scope, 'OpenSourceRelationalDatabases', 'Microsoft Defender for open-source relational databases'),
});
