import { defineCheck } from '@palisade/core';
import { PRICING_TYPE, evaluatePlan } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-azure-sql-databases-plan-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'medium',
  title: 'Microsoft Defender for Azure SQL Databases is on for the subscription',
  description:
    'Checks that the Defender plan for Azure SQL Database, SQL Managed Instance and Azure Synapse dedicated SQL pools (pricing `SqlServers`) is set to Standard on the subscription.',
  risk: 'Without the plan, SQL injection, brute-force logins, access from unusual locations and data exfiltration from Azure SQL raise no alert, and the databases get no vulnerability assessment.',
  remediation: {
    summary: 'Set the Defender for Azure SQL Databases plan to On (Standard tier) for the subscription.',
    cli: 'az security pricing create --name SqlServers --tier Standard',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "sql" {\n  tier          = "Standard"\n  resource_type = "SqlServers"\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → Databases → Select types → set Azure SQL Databases to On → Continue → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-sql-introduction', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluatePlan(scope, 'SqlServers', 'Microsoft Defender for Azure SQL Databases'),
});
