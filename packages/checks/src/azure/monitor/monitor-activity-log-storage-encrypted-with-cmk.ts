import { defineCheck, fail, pass } from '@palisade/core';
import { STORAGE_ACCOUNT_TYPE, eachArchiveAccount } from './lib/monitor.ts';

export default defineCheck({
  id: 'azure/monitor-activity-log-storage-encrypted-with-cmk',
  provider: 'azure',
  service: 'monitor',
  requires: ['monitor'],
  resourceType: STORAGE_ACCOUNT_TYPE,
  severity: 'medium',
  title: 'Storage accounts archiving the activity log are encrypted with a customer-managed key',
  description:
    'For each storage account a subscription diagnostic setting archives the activity log to, checks that the account encrypts with a customer-managed key from Key Vault (`encryption.keySource` is `Microsoft.Keyvault`). Subscriptions that archive to no storage account get no result.',
  risk: 'With Microsoft-managed keys, anyone who can read the account can read the audit trail; a customer-managed key adds a separate permission to decrypt, and revoking the key locks the data, which protects the evidence of an investigation.',
  remediation: {
    summary: 'Encrypt the archive storage account with a customer-managed key kept in Key Vault (with purge protection), using a managed identity that may wrap and unwrap the key.',
    cli: 'az storage account update --name <storage-account> --resource-group <resource-group> --encryption-key-source Microsoft.Keyvault --encryption-key-vault https://<vault-name>.vault.azure.net --encryption-key-name <key-name> --key-vault-user-identity-id <user-assigned-identity-id> --identity-type UserAssigned --user-identity-id <user-assigned-identity-id>',
    terraform:
      'resource "azurerm_storage_account_customer_managed_key" "activity_archive" {\n  storage_account_id        = azurerm_storage_account.activity_archive.id\n  key_vault_id              = azurerm_key_vault.logs.id\n  key_name                  = azurerm_key_vault_key.activity_archive.name\n  user_assigned_identity_id = azurerm_user_assigned_identity.activity_archive.id\n}',
    console: 'Storage accounts → select the archive account → Security + networking → Encryption → Encryption type: Customer-managed keys → select the key vault and key → Save.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/storage/common/customer-managed-keys-overview',
    'https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/activity-log',
  ],
  categories: ['encryption', 'logging'],
  evaluate: (scope) =>
    eachArchiveAccount(scope, (account, target) =>
      account.keySource.toLowerCase() === 'microsoft.keyvault'
        ? pass(target, `Activity log archive ${account.name} is encrypted with the customer-managed key ${account.keyName ?? '(unnamed)'}${account.keyVaultUri ? ` from ${account.keyVaultUri}` : ''}.`)
        : fail(target, `Activity log archive ${account.name} is encrypted with a Microsoft-managed key (${account.keySource}).`),
    ),
});
