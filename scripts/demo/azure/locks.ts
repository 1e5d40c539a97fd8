/**
 * Demo locks: production protects its security and data resource groups with CanNotDelete locks
 * (one storage account, in the monitoring group, is left unprotected); development has a single
 * ReadOnly lock on a legacy key vault. The vaults and accounts are those of the key vault and
 * storage demo data.
 */
import type { Fetched } from '@palisade/core';
import type { LockableResource, LocksData, ManagementLock } from '@palisade/core/azure';
import { demoKeyVault } from './keyvault.ts';
import { demoStorage } from './storage.ts';
import type { DemoSubscription } from './types.ts';

const ok = <T>(value: T): Fetched<T> => ({ value });

export function demoLocks(subscription: DemoSubscription): LocksData {
  const { subscriptionId, index } = subscription;
  const keyVaults: LockableResource[] = (demoKeyVault(subscription).vaults.value ?? []).map((vault) => ({ id: vault.id, name: vault.name, type: 'Microsoft.KeyVault/vaults', location: vault.location, tags: vault.tags ?? {} }));
  const storageAccounts: LockableResource[] = (demoStorage(subscription).accounts.value ?? []).map((account) => ({ id: account.id, name: account.name, type: 'Microsoft.Storage/storageAccounts', location: account.location, tags: account.tags ?? {} }));
  const lock = (scope: string, name: string, level: string, notes?: string): ManagementLock => ({ id: `${scope}/providers/Microsoft.Authorization/locks/${name}`, name, level, scope, ...(notes ? { notes } : {}) });
  const resourceGroup = (name: string) => `/subscriptions/${subscriptionId}/resourceGroups/${name}`;

  const locks =
    index === 0
      ? [
          lock(resourceGroup('rg-prod-security'), 'no-delete-security', 'CanNotDelete', 'Key vaults and HSMs: removal needs a change ticket'),
          lock(resourceGroup('rg-prod-edge'), 'no-delete-edge', 'CanNotDelete'),
          lock(resourceGroup('rg-prod-data'), 'no-delete-data', 'CanNotDelete', 'Production data'),
          lock(resourceGroup('rg-network'), 'no-delete-network', 'CanNotDelete'),
        ]
      : keyVaults.slice(-1).map((vault) => lock(vault.id, 'legacy-read-only', 'ReadOnly', 'Frozen until the owner is found'));
  return { locks: ok(locks), keyVaults: ok(keyVaults), storageAccounts: ok(storageAccounts) };
}
