import { defineCheck, fail, pass } from '@palisade/core';
import { eachSqlServerDetail } from '../lib/sql-servers.ts';

export default defineCheck({
  id: 'azure/sql-server-tde-protector-customer-managed-key',
  provider: 'azure',
  service: 'sql',
  requires: ['sql'],
  resourceType: 'Microsoft.Sql/servers',
  severity: 'low',
  title: 'SQL server TDE protectors are customer-managed keys',
  description:
    'Checks that the transparent data encryption protector of each Azure SQL logical server is a key in Azure Key Vault or Managed HSM (`serverKeyType` AzureKeyVault) rather than a service-managed key (CIS 5.1.3, Level 2).',
  risk:
    'With a service-managed protector, the organization cannot revoke access to the data by disabling its key, cannot audit key use in its own vault, and cannot separate key custody from database administration.',
  remediation: {
    summary: 'Give the server an identity with get, wrapKey and unwrapKey on a Key Vault key, add the key to the server and make it the TDE protector (with automatic rotation).',
    cli: 'az sql server key create --resource-group <resource-group> --server <server> --kid <key-vault-key-uri>\naz sql server tde-key set --resource-group <resource-group> --server <server> --server-key-type AzureKeyVault --kid <key-vault-key-uri> --auto-rotation-enabled true',
    terraform:
      'resource "azurerm_mssql_server_transparent_data_encryption" "this" {\n  server_id             = azurerm_mssql_server.this.id\n  key_vault_key_id      = azurerm_key_vault_key.tde.id\n  auto_rotation_enabled = true\n}',
    console: 'Azure portal → SQL servers → select the server → Security → Transparent data encryption → Customer-managed key → select the Key Vault key (and Auto-rotate key) → Save.',
  },
  references: ['https://learn.microsoft.com/azure/azure-sql/database/transparent-data-encryption-byok-overview', 'https://learn.microsoft.com/azure/azure-sql/database/transparent-data-encryption-byok-configure'],
  categories: ['encryption', 'data-protection'],
  evaluate: (scope) =>
    eachSqlServerDetail(
      scope,
      (server) => server.encryptionProtector,
      (server, protector, target) =>
        protector?.serverKeyType === 'AzureKeyVault'
          ? pass(target, `SQL server ${server.name} protects TDE with a customer-managed key${protector.uri ? ` (${protector.uri})` : ''}.`)
          : fail(target, `SQL server ${server.name} protects TDE with a service-managed key.`),
    ),
});
