import { describe, expect, it } from 'vitest';
import type { IamInlinePolicy } from '@palisade/core/aws';
import { ADMIN_STATEMENT, READ_ONLY_STATEMENT, accountSnapshot, denied, iamGroup, iamRole, iamUser, ok, policyDocument, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-inline-policy-no-administrative-privileges.ts';

const ACCOUNT = 'arn:aws:iam::123456789012';
const admin: IamInlinePolicy = { name: 'everything', document: policyDocument({ ...ADMIN_STATEMENT, Sid: 'AllowAll' }) };
const reader: IamInlinePolicy = { name: 'read-s3', document: policyDocument(READ_ONLY_STATEMENT) };

describe(check.id, () => {
  it('evaluates users, groups and roles that have inline policies', () => {
    const account = accountSnapshot({
      global: {
        iam: {
          users: ok([iamUser({ name: 'alice', inlinePolicies: [reader, admin] }), iamUser({ name: 'bob' })]),
          groups: ok([iamGroup({ name: 'readers', inlinePolicies: [reader] })]),
          roles: ok([
            iamRole({ name: 'Deployer', inlinePolicies: [admin] }),
            iamRole({ name: 'AWSServiceRoleForSupport', path: '/aws-service-role/', serviceLinked: true, inlinePolicies: [admin] }),
          ]),
        },
      },
    });
    const results = runCheck(check, account);
    expect(statuses(results)).toEqual([
      ['FAIL', `${ACCOUNT}:user/alice`],
      ['PASS', `${ACCOUNT}:group/readers`],
      ['FAIL', `${ACCOUNT}:role/Deployer`],
    ]);
    expect(results.map((result) => result.resource.type)).toEqual(['AwsIamUser', 'AwsIamGroup', 'AwsIamRole']);
    expect(results[0]?.message).toContain('everything (statement "AllowAll" allows every action on every resource)');
  });

  it('fails identities whose inline policies grant administrative privileges through NotAction or NotResource', () => {
    const allButBilling: IamInlinePolicy = { name: 'all-but-billing', document: policyDocument({ Effect: 'Allow', NotAction: ['aws-portal:ViewBilling'], Resource: ['*'] }) };
    const allButOneBucket: IamInlinePolicy = { name: 'all-but-one', document: policyDocument({ Effect: 'Allow', Action: ['*'], NotResource: ['arn:aws:s3:::audit-logs'] }) };
    const allButIam: IamInlinePolicy = { name: 'all-but-iam', document: policyDocument({ Effect: 'Allow', NotAction: ['iam:*'], Resource: ['*'] }) };
    const account = accountSnapshot({
      global: {
        iam: {
          users: ok([iamUser({ name: 'carol', inlinePolicies: [allButBilling] })]),
          groups: ok([iamGroup({ name: 'ops', inlinePolicies: [allButIam] })]),
          roles: ok([iamRole({ name: 'Batch', inlinePolicies: [allButOneBucket] })]),
        },
      },
    });
    const results = runCheck(check, account);
    expect(statuses(results)).toEqual([
      ['FAIL', `${ACCOUNT}:user/carol`],
      ['PASS', `${ACCOUNT}:group/ops`],
      ['FAIL', `${ACCOUNT}:role/Batch`],
    ]);
    expect(results[0]?.message).toBe(
      'Inline policy of user carol grants administrative privileges: all-but-billing (statement #1 allows every action except aws-portal:ViewBilling on every resource).',
    );
    expect(results[2]?.message).toContain('all-but-one (statement #1 allows every action on every resource except arn:aws:s3:::audit-logs)');
  });

  it('fails an identity whose inline policy is padded with wildcards, and says when they are too many to settle', () => {
    const noise = Array.from({ length: 20 }, (_, index) => `*${'abcdefghijklmnopqrstuvwxyz'[index % 26]}?${index % 10}*`);
    const padded: IamInlinePolicy = { name: 'padded', document: policyDocument({ Effect: 'Allow', Action: ['*:*', ...noise], Resource: ['*'] }) };
    const undecided: IamInlinePolicy = { name: 'undecided', document: policyDocument({ Effect: 'Allow', Action: [...[...'abcdefghijklmnopqrstuvwxyz'].map((letter) => `*:${letter}*`), ...noise], Resource: ['*'] }) };
    const account = accountSnapshot({
      global: { iam: { users: ok([iamUser({ name: 'dave', inlinePolicies: [padded] }), iamUser({ name: 'erin', inlinePolicies: [reader, undecided] })]) } },
    });
    const results = runCheck(check, account);
    expect(statuses(results)).toEqual([
      ['FAIL', `${ACCOUNT}:user/dave`],
      ['FAIL', `${ACCOUNT}:user/erin`],
    ]);
    expect(results[0]?.message).toBe('Inline policy of user dave grants administrative privileges: padded (statement #1 allows every action on every resource).');
    expect(results[1]?.message).toBe(
      'Inline policy of user erin could not be proven to fall short of administrative privileges (too many wildcards to settle): undecided (statement #1 may allow every action on every resource).',
    );
  });

  it.each([
    ['users', { users: denied('iam:GetAccountAuthorizationDetails') }],
    ['groups', { groups: denied('iam:GetAccountAuthorizationDetails') }],
    ['roles', { roles: denied('iam:GetAccountAuthorizationDetails') }],
  ] as const)('reports one ERROR on the account when %s could not be read', (_name, iam) => {
    const account = accountSnapshot({ global: { iam: { users: ok([iamUser({ name: 'alice', inlinePolicies: [admin] })]), ...iam } } });
    expect(statuses(runCheck(check, account))).toEqual([['ERROR', `${ACCOUNT}:root`]]);
  });
});
