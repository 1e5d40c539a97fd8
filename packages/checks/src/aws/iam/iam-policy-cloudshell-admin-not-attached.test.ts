import { describe, expect, it } from 'vitest';
import { accountSnapshot, awsManagedAttachment, denied, iamGroup, iamRole, iamUser, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-policy-cloudshell-admin-not-attached.ts';

const CLOUDSHELL = 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess';
const cloudshell = [awsManagedAttachment('AWSCloudShellFullAccess')];

describe(check.id, () => {
  it.each([
    ['not attached anywhere', {}, 'PASS'],
    ['attached to a user', { users: ok([iamUser({ name: 'alice', attachedPolicies: cloudshell })]) }, 'FAIL'],
    ['attached to a group', { groups: ok([iamGroup({ name: 'devs', attachedPolicies: cloudshell })]) }, 'FAIL'],
    ['attached to a role', { roles: ok([iamRole({ name: 'Ops', attachedPolicies: cloudshell })]) }, 'FAIL'],
    ['roles could not be read', { roles: denied('iam:GetAccountAuthorizationDetails') }, 'ERROR'],
  ] as const)('%s → %s', (_name, iam, expected) => {
    const account = accountSnapshot({ global: { iam: { users: ok([iamUser({ name: 'bob', attachedPolicies: [awsManagedAttachment('ReadOnlyAccess')] })]), ...iam } } });
    expect(statuses(runCheck(check, account))).toEqual([[expected, CLOUDSHELL]]);
  });

  it('names the identities that hold the policy', () => {
    const account = accountSnapshot({
      global: { iam: { groups: ok([iamGroup({ name: 'devs', attachedPolicies: cloudshell })]), roles: ok([iamRole({ name: 'Ops', attachedPolicies: cloudshell })]) } },
    });
    expect(runCheck(check, account)[0]?.message).toContain('group devs, role Ops');
  });
});
