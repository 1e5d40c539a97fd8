/**
 * Management locks of a subscription (`Microsoft.Authorization/locks`), and the resources whose
 * deletion the lock checks guard against: key vaults and storage accounts.
 */
import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';

/** A lock at the subscription, a resource group or a resource. */
export interface ManagementLock {
  /** `<scope>/providers/Microsoft.Authorization/locks/<name>`. */
  readonly id: string;
  readonly name: string;
  /** `CanNotDelete` (read and modify, no delete) or `ReadOnly` (read only). */
  readonly level: string;
  /** The subscription, resource group or resource the lock applies to (and everything under it). */
  readonly scope: string;
  readonly notes?: string;
}

/** A resource that a lock should protect (from the subscription's resource list). */
export interface LockableResource {
  readonly id: string;
  readonly name: string;
  /** ARM type, e.g. `Microsoft.KeyVault/vaults`. */
  readonly type: string;
  readonly location: string;
  readonly tags: Tags;
}

/** Everything the lock checks read for one subscription. */
export interface LocksData {
  /** Every lock of the subscription, its resource groups and resources. */
  readonly locks: Fetched<readonly ManagementLock[]>;
  readonly keyVaults: Fetched<readonly LockableResource[]>;
  readonly storageAccounts: Fetched<readonly LockableResource[]>;
}
