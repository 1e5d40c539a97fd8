import { defineCheck, fail, pass } from '@palisade/core';
import { eachSqlServer } from '../lib/sql-servers.ts';

/** Minimum TLS versions ARM writes that refuse TLS 1.0 and 1.1. */
const ACCEPTED = new Set(['1.2', '1.3']);

export default defineCheck({
  id: 'azure/sql-server-minimum-tls-1-2',
  provider: 'azure',
  service: 'sql',
  requires: ['sql'],
  resourceType: 'Microsoft.Sql/servers',
  severity: 'medium',
  title: 'SQL servers require TLS 1.2 or later',
  description:
    'Checks that the minimal TLS version of each Azure SQL logical server is 1.2 or 1.3. A server that reports no minimum (`None`, the setting of servers created before it existed) accepts TLS 1.0 and 1.1 clients and fails.',
  risk:
    'TLS 1.0 and 1.1 have known weaknesses and no longer receive fixes; a client or an attacker in the path that downgrades the connection exposes credentials and query data in transit.',
  remediation: {
    summary: 'Set the server\'s minimal TLS version to 1.2 after confirming that every client driver supports it.',
    cli: 'az sql server update --resource-group <resource-group> --name <server> --minimal-tls-version 1.2',
    terraform: 'resource "azurerm_mssql_server" "this" {\n  # ...\n  minimum_tls_version = "1.2"\n}',
    console: 'Azure portal → SQL servers → select the server → Security → Networking → Connectivity → Minimum TLS version: 1.2 → Save.',
  },
  references: ['https://learn.microsoft.com/azure/azure-sql/database/connectivity-settings#minimal-tls-version'],
  categories: ['encryption'],
  evaluate: (scope) =>
    eachSqlServer(scope, (server, target) =>
      ACCEPTED.has(server.minimalTlsVersion)
        ? pass(target, `SQL server ${server.name} requires TLS ${server.minimalTlsVersion} or later.`)
        : fail(target, server.minimalTlsVersion === 'None' ? `SQL server ${server.name} enforces no minimum TLS version.` : `SQL server ${server.name} accepts TLS ${server.minimalTlsVersion}; 1.2 or later is required.`),
    ),
});
