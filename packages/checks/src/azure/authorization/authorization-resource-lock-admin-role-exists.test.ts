import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, azureCustomRole, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './authorization-resource-lock-admin-role-exists.ts';

const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

describe(check.id, () => {
  it.each([
    ['a lock role with the wildcard', [azureCustomRole({ name: 'locks', actions: ['Microsoft.Authorization/locks/*', 'Microsoft.Resources/subscriptions/resourceGroups/read'] })], 'PASS'],
    ['a lock role with named operations', [azureCustomRole({ name: 'locks', actions: ['Microsoft.Authorization/locks/read', 'Microsoft.Authorization/locks/write', 'Microsoft.Authorization/locks/delete'] })], 'PASS'],
    ['a role that only reads locks', [azureCustomRole({ name: 'locks', actions: ['Microsoft.Authorization/locks/read'] })], 'FAIL'],
    ['a role granting everything', [azureCustomRole({ name: 'all', actions: ['*'] })], 'FAIL'],
    ['no custom role', [], 'FAIL'],
  ] as const)('%s → %s', (_name, roles, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ authorization: { roleAssignments: ok([]), customRoles: ok([...roles]) } }));
    expect(statuses(results)).toEqual([[expected, SUBSCRIPTION]]);
  });

  it('reports ERROR on the subscription when custom roles could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ authorization: { roleAssignments: ok([]), customRoles: denied('Microsoft.Authorization/roleDefinitions/read') } }));
    expect(statuses(results)).toEqual([['ERROR', SUBSCRIPTION]]);
  });
});
