import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/keyvault-soft-delete-enabled',
  provider: 'azure',
  service: 'keyvault',
  requires: ['keyvault'],
  resourceType: 'Microsoft.KeyVault/vaults',
  severity: 'medium',
  title: 'Key vaults have soft delete enabled',
  description: 'Checks that soft delete (enableSoftDelete) is on for each key vault, so a deleted vault, key, secret or certificate stays recoverable for the retention period. The message gives the retention in days.',
  risk: 'A vault without soft delete loses a deleted key or secret immediately and for good, together with every piece of data that key encrypts.',
  remediation: {
    summary: 'Enable soft delete on the vault (it cannot be turned off again) and keep the retention at 90 days.',
    cli: 'az keyvault update --name <vault> --resource-group <group> --enable-soft-delete true',
    terraform: 'resource "azurerm_key_vault" "this" {\n  # ...\n  soft_delete_retention_days = 90\n}',
    console: 'Key vaults → select the vault → Settings → Properties → Soft-delete: enable → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/key-vault/general/soft-delete-overview', 'https://learn.microsoft.com/en-us/azure/key-vault/general/soft-delete-change'],
  categories: ['data-protection', 'resilience'],
  evaluate: (scope) =>
    withService(scope, 'keyvault', (keyvault) =>
      eachFetched(keyvault.vaults, scopeResource(scope), (vault) => {
        const target = armResource(vault.id, 'Microsoft.KeyVault/vaults', vault.name, vault.location, vault.tags);
        if (vault.enableSoftDelete !== true) return fail(target, `Key vault ${vault.name} does not have soft delete enabled: deleted objects are lost at once.`);
        const days = vault.softDeleteRetentionInDays;
        return pass(target, `Key vault ${vault.name} keeps deleted objects recoverable${days === undefined ? '' : ` for ${days} days`}.`);
      }),
    ),
});
