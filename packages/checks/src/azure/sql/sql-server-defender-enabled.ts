import { defineCheck, fail, pass } from '@palisade/core';
import { eachSqlServerDetail } from '../lib/sql-servers.ts';

export default defineCheck({
  id: 'azure/sql-server-defender-enabled',
  provider: 'azure',
  service: 'sql',
  requires: ['sql'],
  resourceType: 'Microsoft.Sql/servers',
  severity: 'medium',
  title: 'SQL servers have Microsoft Defender for SQL on',
  description:
    'Checks that Microsoft Defender for SQL (advanced threat protection, the server\'s `securityAlertPolicies/Default`) is Enabled on each Azure SQL logical server. It is the server-level view of the Defender for Azure SQL Databases plan (CIS 3.1.7.3): the plan turns it on for every server of the subscription, and a server can also be protected on its own.',
  risk:
    'Without Defender for SQL, SQL injection, brute force against logins, access from unusual locations and data exfiltration raise no alert, and vulnerability assessment scans cannot run.',
  remediation: {
    summary: 'Turn on the Defender for Azure SQL Databases plan for the subscription (preferred), or Microsoft Defender for SQL on the server.',
    cli: 'az security pricing create --name SqlServers --tier Standard\n# or for one server:\naz sql server advanced-threat-protection-setting update --resource-group <resource-group> --name <server> --state Enabled',
    terraform:
      'resource "azurerm_security_center_subscription_pricing" "sql" {\n  tier          = "Standard"\n  resource_type = "SqlServers"\n}\n\n# or for one server:\nresource "azurerm_mssql_server_security_alert_policy" "this" {\n  resource_group_name = azurerm_resource_group.this.name\n  server_name         = azurerm_mssql_server.this.name\n  state               = "Enabled"\n}',
    console: 'Azure portal → SQL servers → select the server → Security → Microsoft Defender for Cloud → Enable Microsoft Defender for SQL (or enable the Azure SQL Databases plan under Defender for Cloud → Environment settings).',
  },
  references: ['https://learn.microsoft.com/azure/azure-sql/database/azure-defender-for-sql', 'https://learn.microsoft.com/azure/defender-for-cloud/defender-for-sql-introduction'],
  categories: ['threat-detection', 'monitoring'],
  evaluate: (scope) =>
    eachSqlServerDetail(
      scope,
      (server) => server.securityAlertPolicy,
      (server, policy, target) =>
        policy?.state === 'Enabled'
          ? pass(target, `SQL server ${server.name} has Microsoft Defender for SQL on.`)
          : fail(target, `SQL server ${server.name} has Microsoft Defender for SQL off${policy === null ? ' (never configured)' : ''}.`),
    ),
});
