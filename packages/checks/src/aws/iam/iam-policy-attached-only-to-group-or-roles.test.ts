import { describe, expect, it } from 'vitest';
import type { IamUser } from '@palisade/core/aws';
import { READ_ONLY_STATEMENT, accountSnapshot, awsManagedAttachment, denied, iamUser, ok, policyDocument, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-policy-attached-only-to-group-or-roles.ts';

const ALICE = 'arn:aws:iam::123456789012:user/alice';

describe(check.id, () => {
  it.each<[string, Partial<IamUser>, string]>([
    ['permissions through groups only', { groups: ['developers'] }, 'PASS'],
    ['no permissions at all', {}, 'PASS'],
    ['managed policy attached to the user', { attachedPolicies: [awsManagedAttachment('ReadOnlyAccess')] }, 'FAIL'],
    ['inline policy in the user', { inlinePolicies: [{ name: 'read-s3', document: policyDocument(READ_ONLY_STATEMENT) }] }, 'FAIL'],
  ])('%s → %s', (_name, overrides, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { users: ok([iamUser({ name: 'alice', ...overrides })]) } } }));
    expect(statuses(results)).toEqual([[expected, ALICE]]);
  });

  it('reports ERROR on the account when users could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { users: denied('iam:GetAccountAuthorizationDetails') } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:iam::123456789012:root']]);
  });

  it('names the direct grants', () => {
    const user = iamUser({ name: 'alice', attachedPolicies: [awsManagedAttachment('ReadOnlyAccess')], inlinePolicies: [{ name: 'read-s3', document: policyDocument(READ_ONLY_STATEMENT) }] });
    const [result] = runCheck(check, accountSnapshot({ global: { iam: { users: ok([user]) } } }));
    expect(result?.message).toContain('managed policy ReadOnlyAccess, inline policy read-s3');
  });
});
