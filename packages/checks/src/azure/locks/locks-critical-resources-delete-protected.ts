import { defineCheck, errorResult, fail, pass } from '@palisade/core';
import type { CheckResult } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';
import type { LockableResource, ManagementLock } from '@palisade/core/azure';

/** Both levels stop deletion: `CanNotDelete` allows changes, `ReadOnly` allows none. */
const PROTECTING_LEVELS: readonly string[] = ['CanNotDelete', 'ReadOnly'];

/** The locks that apply to `resource`: set on it, on its resource group or on the subscription (a lock applies to everything under its scope). */
function locksOn(resource: LockableResource, locks: readonly ManagementLock[]): ManagementLock[] {
  const id = resource.id.toLowerCase();
  return locks.filter((lock) => {
    const scope = lock.scope.toLowerCase().replace(/\/+$/, '');
    return PROTECTING_LEVELS.includes(lock.level) && (id === scope || id.startsWith(`${scope}/`));
  });
}

function describeLock(lock: ManagementLock, resource: LockableResource): string {
  const where = lock.scope.toLowerCase() === resource.id.toLowerCase() ? 'on the resource' : /\/resourcegroups\/[^/]+$/i.test(lock.scope) ? 'on its resource group' : /^\/subscriptions\/[^/]+$/i.test(lock.scope) ? 'on the subscription' : `on ${lock.scope}`;
  return `${lock.name} (${lock.level}, ${where})`;
}

const KINDS: Readonly<Record<string, string>> = { 'microsoft.keyvault/vaults': 'Key vault', 'microsoft.storage/storageaccounts': 'Storage account' };

export default defineCheck({
  id: 'azure/locks-critical-resources-delete-protected',
  provider: 'azure',
  service: 'locks',
  requires: ['locks'],
  resourceType: 'Microsoft.KeyVault/vaults',
  severity: 'medium',
  title: 'Key vaults and storage accounts are protected from deletion by a resource lock',
  description:
    'Checks that every key vault and storage account is covered by a management lock of level `CanNotDelete` or `ReadOnly`, set on the resource itself, on its resource group or on the subscription (CIS 10.1). CIS leaves the choice of mission-critical resources to the organisation; key vaults (whose keys encrypt other data) and storage accounts (which hold the data and often the logs) are the resources whose accidental or malicious deletion is hardest to recover from. Add locks to other critical resources as well.',
  risk:
    'Without a lock, one mistaken `az group delete`, a faulty pipeline or an attacker with Contributor rights can delete the vault holding the keys that decrypt other data, or the storage account holding data and audit logs, in a single call.',
  remediation: {
    summary: 'Add a CanNotDelete lock to the resource (or to its resource group), and limit who can remove locks to a custom role with the Microsoft.Authorization/locks/* permissions.',
    cli: 'az lock create --name do-not-delete --lock-type CanNotDelete --resource-group <resource-group> --resource <resource-name> --resource-type <Microsoft.KeyVault/vaults|Microsoft.Storage/storageAccounts> --notes "Mission-critical: deletion requires removing this lock"',
    terraform: 'resource "azurerm_management_lock" "key_vault" {\n  name       = "do-not-delete"\n  scope      = azurerm_key_vault.main.id\n  lock_level = "CanNotDelete"\n  notes      = "Mission-critical: deletion requires removing this lock"\n}',
    console: 'Azure portal → open the key vault or storage account (or its resource group) → Settings → Locks → Add → Lock type: Delete → Notes → OK.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/lock-resources', 'https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-asset-management#am-4-limit-access-to-asset-management'],
  categories: ['resilience', 'governance', 'data-protection'],
  evaluate: (scope) =>
    withService(scope, 'locks', (data) => {
      const subscription = scopeResource(scope);
      const errors: CheckResult[] = [];
      if (data.keyVaults.error) errors.push(errorResult(subscription, data.keyVaults.error));
      if (data.storageAccounts.error) errors.push(errorResult(subscription, data.storageAccounts.error));
      const resources = [...(data.keyVaults.value ?? []), ...(data.storageAccounts.value ?? [])];
      const locksError = data.locks.error;
      if (locksError) return [...errors, ...resources.map((resource) => errorResult(armResource(resource.id, resource.type, resource.name, resource.location, resource.tags), locksError))];
      const locks = data.locks.value;
      return [
        ...errors,
        ...resources.map((resource) => {
          const target = armResource(resource.id, resource.type, resource.name, resource.location, resource.tags);
          const kind = KINDS[resource.type.toLowerCase()] ?? resource.type;
          const applying = locksOn(resource, locks);
          return applying.length > 0
            ? pass(target, `${kind} ${resource.name} is protected from deletion by ${applying.map((lock) => describeLock(lock, resource)).join(', ')}.`)
            : fail(target, `${kind} ${resource.name} has no CanNotDelete or ReadOnly lock on it, its resource group or the subscription.`);
        }),
      ];
    }),
});
