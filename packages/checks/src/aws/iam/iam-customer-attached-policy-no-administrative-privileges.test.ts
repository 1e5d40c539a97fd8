import { describe, expect, it } from 'vitest';
import type { IamManagedPolicy } from '@palisade/core/aws';
import { ADMIN_STATEMENT, READ_ONLY_STATEMENT, accountSnapshot, denied, managedPolicy, ok, policyDocument, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-customer-attached-policy-no-administrative-privileges.ts';

const policyArn = (name: string) => `arn:aws:iam::123456789012:policy/${name}`;
// Wildcards inside patterns, which multiply the states of the coverage search (the policies once took 19–63 s and then PASSed).
const noise = (count: number) => Array.from({ length: count }, (_, index) => `*${'abcdefghijklmnopqrstuvwxyz'[index % 26]}?${index % 10}*`);
const arnNoise = (count: number) => Array.from({ length: count }, (_, index) => `arn:aws:*${'abcdefghijklmnop'[index % 16]}?*:*`);
const byActionLetter = [...'abcdefghijklmnopqrstuvwxyz'].map((letter) => `*:${letter}*`);

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
    ['attached "*:*" policy padded with wildcards', managedPolicy({ name: 'padded', document: policyDocument({ Effect: 'Allow', Action: ['*:*', ...noise(10)], Resource: ['*'] }) }), [['FAIL', policyArn('padded')]]],
    ['attached "*:*" policy padded with 20 wildcards', managedPolicy({ name: 'padded-20', document: policyDocument({ Effect: 'Allow', Action: ['*:*', ...noise(20)], Resource: ['*'] }) }), [['FAIL', policyArn('padded-20')]]],
    ['attached policy on "arn:aws:*" padded with wildcards', managedPolicy({ name: 'padded-arn', document: policyDocument({ Effect: 'Allow', Action: ['*'], Resource: ['arn:aws:*', ...arnNoise(20)] }) }), [['FAIL', policyArn('padded-arn')]]],
    ['attached policy too wildcarded to settle', managedPolicy({ name: 'undecided', document: policyDocument({ Effect: 'Allow', Action: [...byActionLetter, ...noise(20)], Resource: ['*'] }) }), [['FAIL', policyArn('undecided')]]],
    [
      'attached policy allowing everything on IAM and everything but IAM',
      managedPolicy({
        name: 'split',
        document: policyDocument({ Effect: 'Allow', Action: ['*'], Resource: ['arn:aws:iam::*'] }, { Effect: 'Allow', Action: ['*'], NotResource: ['arn:aws:iam::*'] }),
      }),
      [['FAIL', policyArn('split')]],
    ],
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

  it('says when a policy fails because its wildcards are too many to settle', () => {
    const policy = managedPolicy({ name: 'undecided', document: policyDocument({ Effect: 'Allow', Action: [...byActionLetter, ...noise(20)], Resource: ['*'] }) });
    const [result] = runCheck(check, accountSnapshot({ global: { iam: { policies: ok([policy]) } } }));
    expect([result?.status, result?.resource.uid]).toEqual(['FAIL', policyArn('undecided')]);
    expect(result?.message).toBe(
      'Customer managed policy undecided, attached to 1 identity(ies), could not be proven to fall short of administrative privileges (too many wildcards to settle): statement #1 may allow every action on every resource.',
    );
  });

  it('names the statements that together grant administrative privileges', () => {
    const policy = managedPolicy({
      name: 'split',
      document: policyDocument({ Effect: 'Allow', Action: ['*'], Resource: ['arn:aws:iam::*'] }, { Sid: 'AllButIam', Effect: 'Allow', Action: ['*'], NotResource: ['arn:aws:iam::*'] }),
    });
    const [result] = runCheck(check, accountSnapshot({ global: { iam: { policies: ok([policy]) } } }));
    expect([result?.status, result?.resource.uid]).toEqual(['FAIL', policyArn('split')]);
    expect(result?.message).toBe(
      'Customer managed policy split, attached to 1 identity(ies), grants administrative privileges: statement #1, statement "AllButIam" together allow every action on every resource.',
    );
  });

  it('reports ERROR on the account when policies could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { policies: denied('iam:GetAccountAuthorizationDetails') } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:iam::123456789012:root']]);
  });
});
