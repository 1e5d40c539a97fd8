import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, azureRoleAssignment, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import { CONTRIBUTOR_ROLE_ID, OWNER_ROLE_ID } from '../lib/authorization-roles.ts';
import check from './authorization-subscription-owner-count.ts';

const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const owner = (name: string, overrides: Partial<Parameters<typeof azureRoleAssignment>[0]> = {}) => azureRoleAssignment({ name, roleGuid: OWNER_ROLE_ID, ...overrides });
const snapshot = (assignments: ReturnType<typeof azureRoleAssignment>[]) => subscriptionSnapshot({ authorization: { roleAssignments: ok(assignments), customRoles: ok([]) } });

describe(check.id, () => {
  it.each([
    ['two owners', [owner('a'), owner('b')], 'PASS'],
    ['three owners, one through a management group', [owner('a'), owner('b'), owner('c', { scope: '/providers/Microsoft.Management/managementGroups/contoso', principalType: 'Group' })], 'PASS'],
    ['one principal assigned twice is one owner (a contributor is none)', [owner('a'), owner('a2', { principalId: 'principal-a', scope: '/' }), azureRoleAssignment({ name: 'c', roleGuid: CONTRIBUTOR_ROLE_ID })], 'FAIL'],
    ['a single owner', [owner('a')], 'FAIL'],
    ['four owners', [owner('a'), owner('b'), owner('c'), owner('d')], 'FAIL'],
    ['no assignments readable', [], 'FAIL'],
  ] as const)('%s → %s', (_name, assignments, expected) => {
    expect(statuses(runAzureCheck(check, snapshot([...assignments])))).toEqual([[expected, SUBSCRIPTION]]);
  });

  it('matches the Owner role whatever the case and prefix of its definition id', () => {
    const upper = owner('a', { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${OWNER_ROLE_ID.toUpperCase()}` });
    const [result] = runAzureCheck(check, snapshot([upper, owner('b')]));
    expect(result?.message).toBe('The subscription has 2 owners.');
  });

  it('says how many owners there are against the limit', () => {
    const [result] = runAzureCheck(check, snapshot([owner('a'), owner('b'), owner('c'), owner('d')]));
    expect(result?.message).toBe('The subscription has 4 owners; at most 3 are expected.');
  });

  it('reports ERROR on the subscription when role assignments could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ authorization: { roleAssignments: denied('Microsoft.Authorization/roleAssignments/read'), customRoles: ok([]) } }));
    expect(statuses(results)).toEqual([['ERROR', SUBSCRIPTION]]);
    expect(results[0]?.error?.api).toBe('Microsoft.Authorization/roleAssignments/read');
  });
});
