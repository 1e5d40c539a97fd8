import { defineCheck } from '@palisade/core';
import { PRICING_TYPE, evaluatePlan } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-sql-servers-on-machines-plan-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'medium',
  title: 'Microsoft Defender for SQL servers on machines is on for the subscription',
  description:
    'Checks that the Defender plan for SQL Server running on Azure virtual machines and Arc-connected servers (pricing `SqlServerVirtualMachines`) is set to Standard on the subscription.',
  risk: 'SQL Server instances that run on machines are outside the Azure SQL plan; without this plan their injection attempts, brute-force logins and vulnerable configurations go unreported.',
  remediation: {
    summary: 'Set the Defender for SQL servers on machines plan to On (Standard tier) for the subscription.',
    cli: 'az security pricing create --name SqlServerVirtualMachines --tier Standard',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "sql_on_machines" {\n  tier          = "Standard"\n  resource_type = "SqlServerVirtualMachines"\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → Databases → Select types → set SQL servers on machines to On → Continue → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-sql-usage', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluatePlan(scope, 'SqlServerVirtualMachines', 'Microsoft Defender for SQL servers on machines'),
});
