import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/keyvault-non-rbac-keys-expiration-set',
  provider: 'azure',
  service: 'keyvault',
  requires: ['keyvault'],
  resourceType: 'Microsoft.KeyVault/vaults/keys',
  severity: 'medium',
  title: 'Enabled keys in access-policy (non-RBAC) key vaults have an expiration date',
  description:
    'Checks that every enabled key in key vaults that use access policies (not Azure RBAC) has an expiration date (the exp attribute). Disabled keys are not evaluated. Key vaults with the other permission model are covered by a separate check, as the CIS benchmark counts them separately.',
  risk: 'A key without an expiration date can be used forever: a key that leaked or that should have been retired keeps encrypting and signing, and nothing prompts anyone to rotate it.',
  remediation: {
    summary: 'Set an expiration date on each key, in line with the organization\'s rotation period, and rotate it before that date.',
    cli: 'az keyvault key set-attributes --vault-name <vault> --name <key> --expires 2027-01-01T00:00:00Z',
    terraform: 'resource "azurerm_key_vault_key" "this" {\n  # ...\n  expiration_date = "2027-01-01T00:00:00Z"\n}',
    console: 'Key vaults → select the vault → Objects → Keys → select the key → select the current version → Set expiration date → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/key-vault/keys/about-keys'],
  categories: ['encryption'],
  evaluate: (scope) =>
    withService(scope, 'keyvault', (keyvault) =>
      eachFetched(keyvault.vaults, scopeResource(scope), (vault) => {
        if (vault.enableRbacAuthorization === true) return [];
        const vaultTarget = armResource(vault.id, 'Microsoft.KeyVault/vaults', vault.name, vault.location, vault.tags);
        return fromFetched(vault.keys, vaultTarget, (keys) =>
          keys
            .filter((key) => key.attributes.enabled !== false)
            .map((key) => {
              const target = armResource(key.id, 'Microsoft.KeyVault/vaults/keys', key.name, vault.location);
              const expires = key.attributes.exp;
              return expires === undefined
                ? fail(target, `Key ${key.name} in access-policy vault ${vault.name} has no expiration date.`)
                : pass(target, `Key ${key.name} in access-policy vault ${vault.name} expires on ${new Date(expires * 1000).toISOString().slice(0, 10)}.`);
            }),
        );
      }),
    ),
});
