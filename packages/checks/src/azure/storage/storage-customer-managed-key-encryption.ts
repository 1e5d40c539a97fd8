import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/storage-customer-managed-key-encryption',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'low',
  title: 'Storage accounts encrypt data with a customer-managed key',
  description:
    'Checks that each storage account encrypts data at rest with a customer-managed key held in Azure Key Vault or a managed HSM (encryption.keySource Microsoft.Keyvault) rather than with a Microsoft-managed key. Accounts holding non-critical data may reasonably keep Microsoft-managed keys; mute those.',
  risk: 'With Microsoft-managed keys the organization cannot rotate, audit the use of, or revoke the key that protects the data, and cannot make the data unreadable by disabling the key.',
  remediation: {
    summary: 'Give the account a managed identity with the Key Vault Crypto Service Encryption User role on a vault with purge protection, then switch its encryption to that vault\'s key.',
    cli: 'az storage account update --name <account> --resource-group <group> --encryption-key-source Microsoft.Keyvault --encryption-key-vault https://<vault>.vault.azure.net --encryption-key-name <key> --key-vault-user-identity-id <identity-resource-id> --identity-type UserAssigned --user-identity-id <identity-resource-id>',
    terraform:
      'resource "azurerm_storage_account_customer_managed_key" "this" {\n  storage_account_id        = azurerm_storage_account.this.id\n  key_vault_id              = azurerm_key_vault.this.id\n  key_name                  = azurerm_key_vault_key.storage.name\n  user_assigned_identity_id = azurerm_user_assigned_identity.storage.id\n}',
    console: 'Storage accounts → select the account → Security + networking → Encryption → Encryption type: Customer-managed keys → select the vault, key and identity → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/common/customer-managed-keys-overview', 'https://learn.microsoft.com/en-us/azure/storage/common/customer-managed-keys-configure-existing-account'],
  categories: ['encryption'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        const encryption = account.encryption;
        if (encryption?.keySource.toLowerCase() === 'microsoft.keyvault') {
          const key = encryption.keyvaultproperties?.keyname;
          return pass(target, `Storage account ${account.name} encrypts its data with a customer-managed key${key ? ` (${key})` : ''}.`);
        }
        return fail(target, `Storage account ${account.name} encrypts its data with Microsoft-managed keys (${encryption?.keySource ?? 'Microsoft.Storage'}).`);
      }),
    ),
});
