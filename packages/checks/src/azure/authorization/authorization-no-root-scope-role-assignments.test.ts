import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, azureRoleAssignment, denied, ok, runAzureCheck, statuses, subscriptionSnapshot, tenantSnapshot } from '../../testing/azure/index.ts';
import { OWNER_ROLE_ID, READER_ROLE_ID, USER_ACCESS_ADMINISTRATOR_ROLE_ID } from '../lib/authorization-roles.ts';
import check from './authorization-no-root-scope-role-assignments.ts';

const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const snapshot = (assignments: ReturnType<typeof azureRoleAssignment>[]) => subscriptionSnapshot({ authorization: { roleAssignments: ok(assignments), customRoles: ok([]) } });

describe(check.id, () => {
  it('passes the subscription when nothing is assigned at the root scope', () => {
    const assignments = [azureRoleAssignment({ name: 'a', roleGuid: OWNER_ROLE_ID }), azureRoleAssignment({ name: 'b', roleGuid: READER_ROLE_ID, scope: '/providers/Microsoft.Management/managementGroups/contoso' })];
    expect(statuses(runAzureCheck(check, snapshot(assignments)))).toEqual([['PASS', SUBSCRIPTION]]);
  });

  it('fails each root-scope assignment', () => {
    const elevated = azureRoleAssignment({ name: '0d1c6a4e-2b3f-4c5d-9e8f-7a6b5c4d3e2f', roleGuid: USER_ACCESS_ADMINISTRATOR_ROLE_ID, scope: '/', principalId: '5f3e2d1c-0b9a-4876-9543-210fedcba987' });
    const reader = azureRoleAssignment({ name: '1e2d7b5f-3c4a-4d6e-8f9a-8b7c6d5e4f3a', roleGuid: READER_ROLE_ID, scope: '/', principalType: 'Group' });
    const results = runAzureCheck(check, snapshot([azureRoleAssignment({ name: 'a', roleGuid: OWNER_ROLE_ID }), elevated, reader]));
    expect(statuses(results)).toEqual([
      ['FAIL', '/providers/Microsoft.Authorization/roleAssignments/0d1c6a4e-2b3f-4c5d-9e8f-7a6b5c4d3e2f'],
      ['FAIL', '/providers/Microsoft.Authorization/roleAssignments/1e2d7b5f-3c4a-4d6e-8f9a-8b7c6d5e4f3a'],
    ]);
    expect(results[0]?.message).toBe('User Access Administrator is assigned at the root scope to User 5f3e2d1c-0b9a-4876-9543-210fedcba987.');
  });

  it('reports ERROR on the subscription when role assignments could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ authorization: { roleAssignments: denied('Microsoft.Authorization/roleAssignments/read'), customRoles: ok([]) } }));
    expect(statuses(results)).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports nothing for the tenant scope', () => {
    expect(runAzureCheck(check, tenantSnapshot({}))).toEqual([]);
  });
});
