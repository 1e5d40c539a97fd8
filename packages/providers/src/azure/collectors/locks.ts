/**
 * The locks collector: every management lock of the subscription (its own, its resource groups'
 * and its resources'), and the key vaults and storage accounts those locks should protect, read
 * from the subscription's generic resource list.
 */
import { normalizeLocation } from '@palisade/core/azure';
import type { LockableResource, LocksData, ManagementLock } from '@palisade/core/azure';
import { inLocations } from '../collector.ts';
import type { AzureCollector, AzureCollectorContext } from '../collector.ts';

export const LOCKS_API_VERSION = '2020-05-01';
export const RESOURCES_API_VERSION = '2021-04-01';

const LOCK_SEGMENT = '/providers/microsoft.authorization/locks/';

interface ArmLock {
  readonly id: string;
  readonly name: string;
  readonly properties?: { readonly level?: string; readonly notes?: string };
}

interface ArmGenericResource {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly location?: string;
  readonly tags?: Record<string, string> | null;
}

export const locksCollector: AzureCollector<'locks'> = {
  service: 'locks',
  async collect(context) {
    const { arm, subscriptionId } = context;
    const [locks, keyVaults, storageAccounts] = await Promise.all([
      arm.list<ArmLock>('Microsoft.Authorization/locks/read', `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/locks`, LOCKS_API_VERSION),
      listResources(context, 'Microsoft.KeyVault/vaults'),
      listResources(context, 'Microsoft.Storage/storageAccounts'),
    ]);
    return { locks: locks.error ? locks : { value: locks.value.map(toLock) }, keyVaults, storageAccounts } satisfies LocksData;
  },
};

async function listResources(context: AzureCollectorContext, type: string): Promise<LocksData['keyVaults']> {
  const resources = await context.arm.list<ArmGenericResource>('Microsoft.Resources/subscriptions/resources/read', `/subscriptions/${context.subscriptionId}/resources`, RESOURCES_API_VERSION, {
    query: { $filter: `resourceType eq '${type}'` },
  });
  if (resources.error) return resources;
  return {
    value: resources.value
      .filter((resource) => inLocations(context, resource.location))
      .map((resource): LockableResource => ({ id: resource.id, name: resource.name, type: resource.type, location: normalizeLocation(resource.location), tags: resource.tags ?? {} })),
  };
}

function toLock(lock: ArmLock): ManagementLock {
  const cut = lock.id.toLowerCase().lastIndexOf(LOCK_SEGMENT);
  return {
    id: lock.id,
    name: lock.name,
    level: lock.properties?.level ?? '',
    scope: cut >= 0 ? lock.id.slice(0, cut) : lock.id,
    ...(lock.properties?.notes ? { notes: lock.properties.notes } : {}),
  };
}
