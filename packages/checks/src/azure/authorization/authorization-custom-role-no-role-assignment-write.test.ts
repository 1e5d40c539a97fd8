import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, azureCustomRole, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './authorization-custom-role-no-role-assignment-write.ts';

const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const ROLE = `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d`;

describe(check.id, () => {
  it.each([
    ['compute operator', { actions: ['Microsoft.Compute/*', 'Microsoft.Resources/subscriptions/resourceGroups/read'] }, 'PASS'],
    ['reads role assignments only', { actions: ['Microsoft.Authorization/*/read'] }, 'PASS'],
    ['contributor-like ("*" without authorization writes)', { actions: ['*'], notActions: ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/elevateAccess/Action'] }, 'PASS'],
    ['writes role assignments', { actions: ['Microsoft.Authorization/roleAssignments/write'] }, 'FAIL'],
    ['authorization wildcard', { actions: ['Microsoft.Authorization/*'] }, 'FAIL'],
    ['"*" with unrelated notActions', { actions: ['*'], notActions: ['Microsoft.Compute/virtualMachines/delete'] }, 'FAIL'],
    ['case differs from the operation name', { actions: ['microsoft.authorization/roledefinitions/WRITE'] }, 'FAIL'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ authorization: { roleAssignments: ok([]), customRoles: ok([azureCustomRole({ name: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', ...overrides })]) } }));
    expect(statuses(results)).toEqual([[expected, ROLE]]);
  });

  it('names the access-management operations the role grants', () => {
    const [result] = runAzureCheck(check, subscriptionSnapshot({ authorization: { roleAssignments: ok([]), customRoles: ok([azureCustomRole({ name: 'r1', roleName: 'Access Helper', actions: ['Microsoft.Authorization/roleAssignments/*'] })]) } }));
    expect(result?.message).toBe('Custom role Access Helper grants Microsoft.Authorization/roleAssignments/write.');
  });

  it('reports ERROR on the subscription when custom roles could not be listed, nothing without custom roles', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ authorization: { roleAssignments: ok([]), customRoles: denied('Microsoft.Authorization/roleDefinitions/read') } }));
    expect(statuses(results)).toEqual([['ERROR', SUBSCRIPTION]]);
    expect(runAzureCheck(check, subscriptionSnapshot({ authorization: { roleAssignments: ok([]), customRoles: ok([]) } }))).toEqual([]);
  });
});
