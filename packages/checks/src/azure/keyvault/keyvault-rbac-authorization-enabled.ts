import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/keyvault-rbac-authorization-enabled',
  provider: 'azure',
  service: 'keyvault',
  requires: ['keyvault'],
  resourceType: 'Microsoft.KeyVault/vaults',
  severity: 'medium',
  title: 'Key vaults authorize data access with Azure RBAC',
  description: 'Checks that each key vault uses the Azure role-based access control permission model (enableRbacAuthorization) instead of vault access policies.',
  risk: 'Access policies grant broad per-vault permission sets, cannot be scoped to a single key or secret, cannot be governed with Privileged Identity Management and can be changed by anyone with Contributor on the vault, which lets them grant themselves data access.',
  remediation: {
    summary: 'Recreate the access policy grants as Key Vault role assignments (Key Vault Secrets User, Crypto User, …), then switch the vault\'s permission model to Azure role-based access control.',
    cli: 'az keyvault update --name <vault> --resource-group <group> --enable-rbac-authorization true',
    terraform: 'resource "azurerm_key_vault" "this" {\n  # ...\n  enable_rbac_authorization = true\n}',
    console: 'Key vaults → select the vault → Settings → Access configuration → Permission model: Azure role-based access control → Apply.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/key-vault/general/rbac-guide', 'https://learn.microsoft.com/en-us/azure/key-vault/general/rbac-migration'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'keyvault', (keyvault) =>
      eachFetched(keyvault.vaults, scopeResource(scope), (vault) => {
        const target = armResource(vault.id, 'Microsoft.KeyVault/vaults', vault.name, vault.location, vault.tags);
        return vault.enableRbacAuthorization === true
          ? pass(target, `Key vault ${vault.name} authorizes data access with Azure RBAC.`)
          : fail(target, `Key vault ${vault.name} authorizes data access with vault access policies.`);
      }),
    ),
});
