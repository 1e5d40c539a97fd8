import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/keyvault-purge-protection-enabled',
  provider: 'azure',
  service: 'keyvault',
  requires: ['keyvault'],
  resourceType: 'Microsoft.KeyVault/vaults',
  severity: 'medium',
  title: 'Key vaults have purge protection enabled',
  description: 'Checks that purge protection (enablePurgeProtection) is on for each key vault, so a deleted vault or object cannot be purged before its soft-delete retention period ends.',
  risk: 'Without purge protection, anyone with the purge permission can delete a vault or key and purge it at once, making data encrypted with that key (storage accounts, disks, databases) permanently unreadable.',
  remediation: {
    summary: 'Enable purge protection on the vault (it cannot be turned off again); soft delete must be on.',
    cli: 'az keyvault update --name <vault> --resource-group <group> --enable-purge-protection true',
    terraform: 'resource "azurerm_key_vault" "this" {\n  # ...\n  soft_delete_retention_days = 90\n  purge_protection_enabled   = true\n}',
    console: 'Key vaults → select the vault → Settings → Properties → Purge protection: Enable purge protection → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/key-vault/general/soft-delete-overview#purge-protection'],
  categories: ['data-protection', 'resilience'],
  evaluate: (scope) =>
    withService(scope, 'keyvault', (keyvault) =>
      eachFetched(keyvault.vaults, scopeResource(scope), (vault) => {
        const target = armResource(vault.id, 'Microsoft.KeyVault/vaults', vault.name, vault.location, vault.tags);
        return vault.enablePurgeProtection === true
          ? pass(target, `Key vault ${vault.name} has purge protection enabled.`)
          : fail(target, `Key vault ${vault.name} does not have purge protection enabled: deleted keys and secrets can be purged at once.`);
      }),
    ),
});
