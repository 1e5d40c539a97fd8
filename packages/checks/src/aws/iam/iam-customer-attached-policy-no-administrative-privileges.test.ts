import { describe, expect, it } from 'vitest';
import type { IamManagedPolicy } from '@palisade/core';
import { ADMIN_STATEMENT, READ_ONLY_STATEMENT, accountSnapshot, denied, managedPolicy, ok, policyDocument, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-customer-attached-policy-no-administrative-privileges.ts';

const policyArn = (name: string) => `arn:aws:iam::123456789012:policy/${name}`;

describe(check.id, () => {
  it.each<[string, IamManagedPolicy, [string, string][]]>([
    ['attached admin policy', managedPolicy({ name: 'admin', document: policyDocument(READ_ONLY_STATEMENT, ADMIN_STATEMENT) }), [['FAIL', policyArn('admin')]]],
    ['attached "*:*" policy', managedPolicy({ name: 'star', document: policyDocument({ Effect: 'Allow', Action: ['*:*'], Resource: ['*'] }) }), [['FAIL', policyArn('star')]]],
    ['attached scoped policy', managedPolicy({ name: 'reader', document: policyDocument(READ_ONLY_STATEMENT) }), [['PASS', policyArn('reader')]]],
    ['attached NotAction policy', managedPolicy({ name: 'power', document: policyDocument({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: ['*'] }) }), [['PASS', policyArn('power')]]],
    ['attached NotAction policy leaving out only billing', managedPolicy({ name: 'all-but-billing', document: policyDocument({ Effect: 'Allow', NotAction: ['aws-portal:ViewBilling'], Resource: ['*'] }) }), [['FAIL', policyArn('all-but-billing')]]],
    ['attached NotAction policy naming no real service', managedPolicy({ name: 'typo', document: policyDocument({ Effect: 'Allow', NotAction: ['nosuchservice:*'], Resource: ['*'] }) }), [['FAIL', policyArn('typo')]]],
    ['attached NotResource policy', managedPolicy({ name: 'all-but-one', document: policyDocument({ Effect: 'Allow', Action: ['*'], NotResource: ['arn:aws:s3:::audit-logs'] }) }), [['FAIL', policyArn('all-but-one')]]],
    ['attached policy on arn:aws:*:*:*:*', managedPolicy({ name: 'arn-star', document: policyDocument({ Effect: 'Allow', Action: ['*'], Resource: ['arn:aws:*:*:*:*'] }) }), [['FAIL', policyArn('arn-star')]]],
    ['attached admin policy behind a condition', managedPolicy({ name: 'mfa-admin', document: policyDocument({ ...ADMIN_STATEMENT, Condition: { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } } }) }), [['PASS', policyArn('mfa-admin')]]],
    ['unattached admin policy', managedPolicy({ name: 'old-admin', attachmentCount: 0, document: policyDocument(ADMIN_STATEMENT) }), []],
    ['AWS managed admin policy (other check)', managedPolicy({ name: 'AdministratorAccess', awsManaged: true, document: policyDocument(ADMIN_STATEMENT) }), []],
  ])('%s', (_name, policy, expected) => {
    expect(statuses(runCheck(check, accountSnapshot({ global: { iam: { policies: ok([policy]) } } })))).toEqual(expected);
  });

  it('gives the reason in the message', () => {
    const policy = managedPolicy({ name: 'all-but-billing', document: policyDocument(READ_ONLY_STATEMENT, { Effect: 'Allow', NotAction: ['aws-portal:ViewBilling'], Resource: ['*'] }) });
    const [result] = runCheck(check, accountSnapshot({ global: { iam: { policies: ok([policy]) } } }));
    expect(result?.message).toBe(
      'Customer managed policy all-but-billing, attached to 1 identity(ies), grants administrative privileges: statement #2 allows every action except aws-portal:ViewBilling on every resource.',
    );
  });

  it('reports ERROR on the account when policies could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { policies: denied('iam:GetAccountAuthorizationDetails') } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:iam::123456789012:root']]);
  });
});
