import { describe, expect, it } from 'vitest';
import type { ManagementLock } from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID, armId, denied, lockableResource, locksData, managementLock, ok, runAzureCheck, statuses, subscriptionSnapshot, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './locks-critical-resources-delete-protected.ts';

const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const VAULT = armId('Microsoft.KeyVault/vaults', 'kv-prod');
const ACCOUNT = armId('Microsoft.Storage/storageAccounts', 'stprod');
const run = (...locks: ManagementLock[]) =>
  runAzureCheck(
    check,
    subscriptionSnapshot({
      locks: locksData({ locks: ok(locks), keyVaults: ok([lockableResource('Microsoft.KeyVault/vaults', 'kv-prod')]), storageAccounts: ok([lockableResource('Microsoft.Storage/storageAccounts', 'stprod')]) }),
    }),
  );

describe(check.id, () => {
  it.each([
    ['a lock on the subscription', [managementLock({ name: 'sub-lock' })], ['PASS', 'PASS']],
    ['a lock on the resource group', [managementLock({ name: 'rg-lock', scope: `${SUBSCRIPTION}/resourceGroups/rg-prod` })], ['PASS', 'PASS']],
    ['a lock on the resource group, spelt in other case', [managementLock({ name: 'rg-lock', scope: `${SUBSCRIPTION}/resourcegroups/RG-PROD` })], ['PASS', 'PASS']],
    ['a ReadOnly lock on the vault only', [managementLock({ name: 'kv-lock', scope: VAULT, level: 'ReadOnly' })], ['PASS', 'FAIL']],
    ['no locks', [], ['FAIL', 'FAIL']],
    ['a lock on another resource group', [managementLock({ name: 'rg-lock', scope: `${SUBSCRIPTION}/resourceGroups/rg-prod-2` })], ['FAIL', 'FAIL']],
    ['a lock on a resource whose name starts the same', [managementLock({ name: 'kv-lock', scope: `${VAULT}-old` })], ['FAIL', 'FAIL']],
  ] as const)('%s → %s', (_name, locks, [vault, account]) => {
    expect(statuses(run(...locks))).toEqual([
      [vault, VAULT],
      [account, ACCOUNT],
    ]);
  });

  it('says where the lock is', () => {
    const [result] = run(managementLock({ name: 'rg-lock', scope: `${SUBSCRIPTION}/resourceGroups/rg-prod` }));
    expect(result?.message).toBe('Key vault kv-prod is protected from deletion by rg-lock (CanNotDelete, on its resource group).');
  });

  it('reports ERROR on each resource when the locks could not be listed', () => {
    const results = runAzureCheck(
      check,
      subscriptionSnapshot({ locks: locksData({ locks: denied('Microsoft.Authorization/locks/read'), keyVaults: ok([lockableResource('Microsoft.KeyVault/vaults', 'kv-prod')]) }) }),
    );
    expect(statuses(results)).toEqual([['ERROR', VAULT]]);
    expect(results[0]?.message).toContain('Microsoft.Authorization/locks/read');
  });

  it('reports ERROR on the subscription for a resource list that could not be read, and evaluates the other', () => {
    const results = runAzureCheck(
      check,
      subscriptionSnapshot({
        locks: locksData({ keyVaults: denied('Microsoft.Resources/subscriptions/resources/read'), storageAccounts: ok([lockableResource('Microsoft.Storage/storageAccounts', 'stprod')]) }),
      }),
    );
    expect(statuses(results)).toEqual([
      ['ERROR', SUBSCRIPTION],
      ['FAIL', ACCOUNT],
    ]);
  });

  it('reports nothing without key vaults or storage accounts, ERROR when not collected, nothing for the tenant', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ locks: locksData({ locks: ok([managementLock({ name: 'sub-lock' })]) }) }))).toEqual([]);
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({})))).toEqual([['ERROR', SUBSCRIPTION]]);
    expect(runAzureCheck(check, tenantSnapshot({}))).toEqual([]);
  });
});
