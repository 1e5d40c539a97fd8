import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, azureCustomRole, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './authorization-custom-role-no-subscription-admin.ts';

const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const ROLE = `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/4f1e2d3c-5b6a-4789-8a9b-0c1d2e3f4a5b`;
const snapshot = (role: ReturnType<typeof azureCustomRole>) => subscriptionSnapshot({ authorization: { roleAssignments: ok([]), customRoles: ok([role]) } });

describe(check.id, () => {
  it.each([
    ['named actions at the subscription', {}, 'PASS'],
    ['"*" assignable only to a resource group', { actions: ['*'], assignableScopes: [`${SUBSCRIPTION}/resourceGroups/rg-sandbox`] }, 'PASS'],
    ['provider wildcard at the subscription', { actions: ['Microsoft.Compute/*'] }, 'PASS'],
    ['"*" at the subscription', { actions: ['*'] }, 'FAIL'],
    ['"*" at the subscription with notActions', { actions: ['*'], notActions: ['Microsoft.Authorization/*/Delete'] }, 'FAIL'],
    ['"*" at the root scope', { actions: ['*'], assignableScopes: ['/'] }, 'FAIL'],
    ['"*" at a management group', { actions: ['*'], assignableScopes: ['/providers/Microsoft.Management/managementGroups/contoso'] }, 'FAIL'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, snapshot(azureCustomRole({ name: '4f1e2d3c-5b6a-4789-8a9b-0c1d2e3f4a5b', ...overrides })));
    expect(statuses(results)).toEqual([[expected, ROLE]]);
  });

  it('names the role and its scopes', () => {
    const [result] = runAzureCheck(check, snapshot(azureCustomRole({ name: '4f1e2d3c-5b6a-4789-8a9b-0c1d2e3f4a5b', roleName: 'Subscription Operator', actions: ['*'] })));
    expect(result?.message).toBe(`Custom role Subscription Operator grants all actions ("*") and can be assigned at ${SUBSCRIPTION}.`);
    expect(result?.resource).toMatchObject({ type: 'Microsoft.Authorization/roleDefinitions', name: 'Subscription Operator', region: 'global' });
  });

  it('reports ERROR on the subscription when custom roles could not be listed, nothing without custom roles', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ authorization: { roleAssignments: ok([]), customRoles: denied('Microsoft.Authorization/roleDefinitions/read') } }));
    expect(statuses(results)).toEqual([['ERROR', SUBSCRIPTION]]);
    expect(runAzureCheck(check, subscriptionSnapshot({ authorization: { roleAssignments: ok([]), customRoles: ok([]) } }))).toEqual([]);
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({})))).toEqual([['ERROR', SUBSCRIPTION]]);
  });
});
