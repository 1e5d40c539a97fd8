import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/keyvault-managed-hsm-purge-protection-enabled',
  provider: 'azure',
  service: 'keyvault',
  requires: ['keyvault'],
  resourceType: 'Microsoft.KeyVault/managedHSMs',
  severity: 'medium',
  title: 'Managed HSM pools have purge protection enabled',
  description: 'Checks that purge protection (enablePurgeProtection) is on for each managed HSM pool, so a deleted pool or key cannot be purged before its soft-delete retention period ends.',
  risk: 'Without purge protection, anyone with the purge permission can delete an HSM pool or key and purge it at once, making everything encrypted with its keys permanently unreadable.',
  remediation: {
    summary: 'Enable purge protection on the managed HSM (it cannot be turned off again).',
    cli: 'az keyvault update-hsm --hsm-name <hsm> --resource-group <group> --enable-purge-protection true',
    terraform: 'resource "azurerm_key_vault_managed_hardware_security_module" "this" {\n  # ...\n  purge_protection_enabled = true\n}',
    console: 'Azure Key Vault Managed HSMs → select the pool → Settings → Properties → Purge protection: enable → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/key-vault/managed-hsm/recovery'],
  categories: ['data-protection', 'resilience'],
  evaluate: (scope) =>
    withService(scope, 'keyvault', (keyvault) =>
      eachFetched(keyvault.managedHsms, scopeResource(scope), (hsm) => {
        const target = armResource(hsm.id, 'Microsoft.KeyVault/managedHSMs', hsm.name, hsm.location, hsm.tags);
        return hsm.enablePurgeProtection === true
          ? pass(target, `Managed HSM ${hsm.name} has purge protection enabled.`)
          : fail(target, `Managed HSM ${hsm.name} does not have purge protection enabled: deleted keys can be purged at once.`);
      }),
    ),
});
