import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/keyvault-key-rotation-enabled',
  provider: 'azure',
  service: 'keyvault',
  requires: ['keyvault'],
  resourceType: 'Microsoft.KeyVault/vaults/keys',
  severity: 'medium',
  title: 'Enabled Key Vault keys rotate automatically',
  description:
    'Checks that every enabled key in each key vault has a rotation policy with a "rotate" lifetime action, so Key Vault creates a new key version on schedule. A policy that only notifies does not rotate the key and fails.',
  risk: 'A key that is never rotated protects ever more data for ever longer, so a leaked or broken key exposes all of it; services that use customer-managed keys (Storage, SQL, disks) pick up a rotated key version automatically, so manual rotation is rarely needed.',
  remediation: {
    summary: 'Give each key a rotation policy that rotates it (for example 90 days after creation) and sets an expiry for new versions; services that reference the key without a version follow the rotation.',
    cli: 'az keyvault key rotation-policy update --vault-name <vault> --name <key> --value \'{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P90D"},"action":{"type":"Rotate"}},{"trigger":{"timeBeforeExpiry":"P30D"},"action":{"type":"Notify"}}],"attributes":{"expiryTime":"P1Y"}}\'',
    terraform:
      'resource "azurerm_key_vault_key" "this" {\n  # ...\n  rotation_policy {\n    automatic {\n      time_after_creation = "P90D"\n    }\n    expire_after         = "P1Y"\n    notify_before_expiry = "P30D"\n  }\n}',
    console: 'Key vaults → select the vault → Objects → Keys → select the key → Rotation policy → Enable auto rotation, rotation time 90 days, expiry 1 year → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/key-vault/keys/how-to-configure-key-rotation'],
  categories: ['encryption', 'credentials'],
  evaluate: (scope) =>
    withService(scope, 'keyvault', (keyvault) =>
      eachFetched(keyvault.vaults, scopeResource(scope), (vault) => {
        const vaultTarget = armResource(vault.id, 'Microsoft.KeyVault/vaults', vault.name, vault.location, vault.tags);
        return fromFetched(vault.keys, vaultTarget, (keys) =>
          keys
            .filter((key) => key.attributes.enabled !== false)
            .flatMap((key) => {
              const target = armResource(key.id, 'Microsoft.KeyVault/vaults/keys', key.name, vault.location);
              return fromFetched(key.rotationPolicy, target, (policy) => {
                if (policy === null) return [fail(target, `Key ${key.name} in vault ${vault.name} has no rotation policy.`)];
                const rotate = policy.lifetimeActions.find((lifetimeAction) => lifetimeAction.action.type.toLowerCase() === 'rotate');
                if (!rotate) return [fail(target, `The rotation policy of key ${key.name} in vault ${vault.name} never rotates the key (it only notifies).`)];
                const { timeAfterCreate, timeBeforeExpiry } = rotate.trigger;
                const when = timeAfterCreate ? ` ${timeAfterCreate} after creation` : timeBeforeExpiry ? ` ${timeBeforeExpiry} before expiry` : '';
                return [pass(target, `Key ${key.name} in vault ${vault.name} rotates automatically${when}.`)];
              });
            }),
        );
      }),
    ),
});
