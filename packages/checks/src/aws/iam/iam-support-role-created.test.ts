import { describe, expect, it } from 'vitest';
import type { IamRole } from '@palisade/core/aws';
import { accountSnapshot, awsManagedAttachment, denied, iamRole, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-support-role-created.ts';

const SUPPORT_POLICY = 'arn:aws:iam::aws:policy/AWSSupportAccess';

describe(check.id, () => {
  it.each<[string, IamRole[], string]>([
    ['a role with AWSSupportAccess', [iamRole({ name: 'support', attachedPolicies: [awsManagedAttachment('AWSSupportAccess')] })], 'PASS'],
    ['roles without it', [iamRole({ name: 'app', attachedPolicies: [awsManagedAttachment('ReadOnlyAccess')] })], 'FAIL'],
    ['no roles', [], 'FAIL'],
  ])('%s → %s', (_name, roles, expected) => {
    expect(statuses(runCheck(check, accountSnapshot({ global: { iam: { roles: ok(roles) } } })))).toEqual([[expected, SUPPORT_POLICY]]);
  });

  it('reports ERROR on the policy when roles could not be read', () => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { roles: denied('iam:GetAccountAuthorizationDetails') } } }));
    expect(statuses(results)).toEqual([['ERROR', SUPPORT_POLICY]]);
  });
});
