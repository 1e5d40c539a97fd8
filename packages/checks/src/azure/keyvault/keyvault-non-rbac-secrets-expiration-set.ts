import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/keyvault-non-rbac-secrets-expiration-set',
  provider: 'azure',
  service: 'keyvault',
  requires: ['keyvault'],
  resourceType: 'Microsoft.KeyVault/vaults/secrets',
  severity: 'medium',
  title: 'Enabled secrets in access-policy (non-RBAC) key vaults have an expiration date',
  description:
    'Checks that every enabled secret in key vaults that use access policies (not Azure RBAC) has an expiration date (the exp attribute). Disabled secrets are not evaluated. Key vaults with the other permission model are covered by a separate check, as the CIS benchmark counts them separately.',
  risk: 'A secret without an expiration date stays valid forever: a leaked password or connection string keeps working, and nothing prompts anyone to rotate it.',
  remediation: {
    summary: 'Set an expiration date on each secret, in line with the organization\'s rotation period, and rotate it before that date.',
    cli: 'az keyvault secret set-attributes --vault-name <vault> --name <secret> --expires 2027-01-01T00:00:00Z',
    terraform: 'resource "azurerm_key_vault_secret" "this" {\n  # ...\n  expiration_date = "2027-01-01T00:00:00Z"\n}',
    console: 'Key vaults → select the vault → Objects → Secrets → select the secret → select the current version → Set expiration date → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/key-vault/secrets/about-secrets'],
  categories: ['credentials'],
  evaluate: (scope) =>
    withService(scope, 'keyvault', (keyvault) =>
      eachFetched(keyvault.vaults, scopeResource(scope), (vault) => {
        if (vault.enableRbacAuthorization === true) return [];
        const vaultTarget = armResource(vault.id, 'Microsoft.KeyVault/vaults', vault.name, vault.location, vault.tags);
        return fromFetched(vault.secrets, vaultTarget, (secrets) =>
          secrets
            .filter((secret) => secret.attributes.enabled !== false)
            .map((secret) => {
              const target = armResource(secret.id, 'Microsoft.KeyVault/vaults/secrets', secret.name, vault.location);
              const expires = secret.attributes.exp;
              return expires === undefined
                ? fail(target, `Secret ${secret.name} in access-policy vault ${vault.name} has no expiration date.`)
                : pass(target, `Secret ${secret.name} in access-policy vault ${vault.name} expires on ${new Date(expires * 1000).toISOString().slice(0, 10)}.`);
            }),
        );
      }),
    ),
});
