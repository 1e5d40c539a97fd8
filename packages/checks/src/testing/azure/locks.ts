import type { LockableResource, LocksData, ManagementLock } from '@palisade/core/azure';
import { TEST_LOCATION, TEST_SUBSCRIPTION_ID, armId, ok } from './scope.ts';

/** Locks data with every list empty unless overridden. */
export function locksData(overrides: Partial<LocksData> = {}): LocksData {
  return { locks: ok([]), keyVaults: ok([]), storageAccounts: ok([]), ...overrides };
}

/** A `CanNotDelete` lock on `scope` (the test subscription unless given). */
export function managementLock(overrides: Partial<ManagementLock> & { name: string }): ManagementLock {
  const scope = overrides.scope ?? `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
  return { id: `${scope}/providers/Microsoft.Authorization/locks/${overrides.name}`, level: 'CanNotDelete', scope, ...overrides };
}

/** A resource of `type` in `rg-prod`, e.g. `lockableResource('Microsoft.KeyVault/vaults', 'kv-prod')`. */
export function lockableResource(type: string, name: string, group = 'rg-prod'): LockableResource {
  return { id: armId(type, name, group), name, type, location: TEST_LOCATION, tags: {} };
}
