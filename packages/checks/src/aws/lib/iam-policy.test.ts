import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '@palisade/core/aws';
import { ADMIN_STATEMENT, READ_ONLY_STATEMENT, awsManagedAttachment, iamGroup, iamRole, iamUser, policyDocument } from '../../testing/aws/index.ts';
import {
  actionMatches,
  administrativeGrants,
  assessAdministrativePrivileges,
  awsManagedPolicyArn,
  describeAdministrativeAssessment,
  describeHolders,
  grantsFullAdmin,
  holdersOfManagedPolicy,
  isFullAdminStatement,
  policyHolderResource,
  policyHolders,
  reachesEveryResource,
  statementAllowsAction,
} from './iam-policy.ts';

describe('actionMatches', () => {
  it.each([
    ['*', 'sts:AssumeRole', true],
    ['sts:*', 'sts:AssumeRole', true],
    ['sts:assumerole', 'sts:AssumeRole', true],
    ['sts:AssumeRole*', 'sts:AssumeRoleWithSAML', true],
    ['sts:AssumeRol?', 'sts:AssumeRole', true],
    ['sts:AssumeRoleWithSAML', 'sts:AssumeRole', false],
    ['s3:Get*', 'sts:AssumeRole', false],
    ['s3.Get', 's3:Get', false],
  ] as const)('%s matches %s: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });
});

describe('statementAllowsAction', () => {
  it('honours Action, NotAction and Deny', () => {
    expect(statementAllowsAction({ Effect: 'Allow', Action: ['sts:*'] }, 'sts:AssumeRole')).toBe(true);
    expect(statementAllowsAction({ Effect: 'Allow', NotAction: ['iam:*'] }, 'sts:AssumeRole')).toBe(true);
    expect(statementAllowsAction({ Effect: 'Allow', NotAction: ['sts:*'] }, 'sts:AssumeRole')).toBe(false);
    expect(statementAllowsAction({ Effect: 'Deny', Action: ['*'] }, 'sts:AssumeRole')).toBe(false);
  });
});

describe('administrative privileges', () => {
  const MFA_CONDITION = { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } };

  // Each row: a statement, whether it grants administrative privileges alone, and the reason given.
  it.each<[string, PolicyStatement, string | undefined]>([
    ['Allow * on *', ADMIN_STATEMENT, 'statement #2 allows every action on every resource'],
    ['Allow *:* on *', { Effect: 'Allow', Action: ['*:*'], Resource: ['*'] }, 'statement #2 allows every action on every resource'],
    ['Allow * among other actions', { Effect: 'Allow', Action: ['s3:GetObject', '*'], Resource: ['arn:aws:s3:::b', '*'] }, 'statement #2 allows every action on every resource'],
    // The four examples, each of which used to pass.
    ['NotAction of a service that does not exist', { Effect: 'Allow', NotAction: ['nosuchservice:*'], Resource: ['*'] }, 'statement #2 allows every action except nosuchservice:* on every resource'],
    ['NotAction of one billing action', { Effect: 'Allow', NotAction: ['aws-portal:ViewBilling'], Resource: ['*'] }, 'statement #2 allows every action except aws-portal:ViewBilling on every resource'],
    ['Allow * with NotResource of one bucket', { Effect: 'Allow', Action: ['*'], NotResource: ['arn:aws:s3:::b'] }, 'statement #2 allows every action on every resource except arn:aws:s3:::b'],
    ['Allow * on arn:aws:*:*:*:*', { Effect: 'Allow', Action: ['*'], Resource: ['arn:aws:*:*:*:*'] }, 'statement #2 allows every action on every resource'],
    ['Allow * on arn:*', { Effect: 'Allow', Action: ['*'], Resource: ['arn:*'] }, 'statement #2 allows every action on every resource'],
    ['Allow a service wildcard per first letter on *', { Effect: 'Allow', Action: [...'abcdefghijklmnopqrstuvwxyz'].map((letter) => `${letter}*`), Resource: ['*'] }, 'statement #2 allows every action on every resource'],
    ['NotAction of some IAM actions', { Effect: 'Allow', NotAction: ['iam:CreateUser', 'iam:DeleteUser'], Resource: ['*'] }, 'statement #2 allows every action except iam:CreateUser, iam:DeleteUser on every resource'],
    ['Allow * with a Condition', { ...ADMIN_STATEMENT, Condition: MFA_CONDITION }, undefined],
    ['NotAction with a Condition', { Effect: 'Allow', NotAction: ['aws-portal:ViewBilling'], Resource: ['*'], Condition: MFA_CONDITION }, undefined],
    ['Deny * on *', { Effect: 'Deny', Action: ['*'], Resource: ['*'] }, undefined],
    ['Allow * on one bucket', { Effect: 'Allow', Action: ['*'], Resource: ['arn:aws:s3:::b'] }, undefined],
    ['Allow * on another partition', { Effect: 'Allow', Action: ['*'], Resource: ['arn:aws-cn:*'] }, undefined],
    ['Allow s3:* on *', { Effect: 'Allow', Action: ['s3:*'], Resource: ['*'] }, undefined],
    ['Allow a list of services on *', { Effect: 'Allow', Action: ['s3:*', 'ec2:*', 'lambda:*'], Resource: ['*'] }, undefined],
    ['NotAction of all of IAM (power user)', { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: ['*'] }, undefined],
    ['NotAction on one bucket', { Effect: 'Allow', NotAction: ['aws-portal:ViewBilling'], Resource: ['arn:aws:s3:::b'] }, undefined],
    ['Allow * with NotResource of every IAM ARN', { Effect: 'Allow', Action: ['*'], NotResource: ['arn:aws:iam::*:*'] }, undefined],
    ['NotAction with NotResource of every IAM ARN', { Effect: 'Allow', NotAction: ['s3:*'], NotResource: ['arn:aws:iam::*'] }, undefined],
    ['no Resource nor NotResource', { Effect: 'Allow', Action: ['*'] }, undefined],
    ['read only', READ_ONLY_STATEMENT, undefined],
  ])('%s', (_name, statement, reason) => {
    expect(isFullAdminStatement(statement, 'aws')).toBe(reason !== undefined);
    const document = policyDocument(READ_ONLY_STATEMENT, statement);
    expect(grantsFullAdmin(document, 'aws')).toBe(reason !== undefined);
    expect(administrativeGrants(document, 'aws')).toEqual(reason === undefined ? [] : [reason]);
  });

  it('reads ARN patterns in the account partition', () => {
    const statement: PolicyStatement = { Effect: 'Allow', Action: ['*'], Resource: ['arn:aws-us-gov:*:*:*:*'] };
    expect(isFullAdminStatement(statement, 'aws-us-gov')).toBe(true);
    expect(isFullAdminStatement(statement, 'aws')).toBe(false);
    expect(isFullAdminStatement({ Effect: 'Allow', Action: ['*'], NotResource: ['arn:aws-cn:iam::*'] }, 'aws-cn')).toBe(false);
  });

  it('counts broad statements that together allow every action', () => {
    const complementary = policyDocument(
      { Effect: 'Allow', NotAction: ['iam:*'], Resource: ['*'] },
      { Sid: 'Iam', Effect: 'Allow', Action: ['iam:*'], NotResource: ['arn:aws:s3:::b'] },
    );
    expect(administrativeGrants(complementary, 'aws')).toEqual(['statement #1, statement "Iam" together allow every action on every resource']);
    // The same IAM grant scoped to one resource, or behind a condition, no longer completes it.
    const scoped = policyDocument({ Effect: 'Allow', NotAction: ['iam:*'], Resource: ['*'] }, { Effect: 'Allow', Action: ['iam:*'], Resource: ['arn:aws:iam::123456789012:user/alice'] });
    expect(grantsFullAdmin(scoped, 'aws')).toBe(false);
    const conditional = policyDocument({ Effect: 'Allow', NotAction: ['iam:*'], Resource: ['*'] }, { Effect: 'Allow', Action: ['iam:*'], Resource: ['*'], Condition: { Bool: { 'aws:SecureTransport': ['true'] } } });
    expect(grantsFullAdmin(conditional, 'aws')).toBe(false);
  });

  it('names each offending statement by Sid or position', () => {
    const document = policyDocument(READ_ONLY_STATEMENT, ADMIN_STATEMENT, { Effect: 'Allow', NotAction: ['aws-portal:*'], Resource: ['*'], Sid: 'AllButBilling' });
    expect(describeAdministrativeAssessment(assessAdministrativePrivileges(document, 'aws'))).toBe(
      'grants administrative privileges: statement #2 allows every action on every resource; statement "AllButBilling" allows every action except aws-portal:* on every resource',
    );
    expect(assessAdministrativePrivileges(policyDocument(READ_ONLY_STATEMENT), 'aws')).toEqual({ verdict: 'none', reasons: [] });
  });

  describe('statements that each allow every action and together reach every resource', () => {
    const onIam: PolicyStatement = { Effect: 'Allow', Action: ['*'], Resource: ['arn:aws:iam::*'] };
    const allButIam: PolicyStatement = { Effect: 'Allow', Action: ['*'], NotResource: ['arn:aws:iam::*'] };

    it('counts a Resource grant beside a NotResource grant that leaves just it out', () => {
      expect(isFullAdminStatement(onIam, 'aws')).toBe(false);
      expect(isFullAdminStatement(allButIam, 'aws')).toBe(false);
      expect(assessAdministrativePrivileges(policyDocument(onIam, allButIam), 'aws')).toEqual({
        verdict: 'grants',
        reasons: ['statement #1, statement #2 together allow every action on every resource'],
      });
    });

    it('leaves out only what every NotResource list leaves out and no Resource grant covers', () => {
      const allButIamAndS3: PolicyStatement = { Effect: 'Allow', Action: ['*'], NotResource: ['arn:aws:iam::*', 'arn:aws:s3:::*'] };
      expect(grantsFullAdmin(policyDocument(onIam, allButIamAndS3), 'aws')).toBe(false);
      expect(grantsFullAdmin(policyDocument(onIam, allButIamAndS3, { Effect: 'Allow', Action: ['*'], Resource: ['arn:aws:s3:::*'] }), 'aws')).toBe(true);
      // Each leaves out IAM, so neither is an administrator by itself, nor are both together; IAM granted beside them completes them.
      const allButIamAndEc2: PolicyStatement = { Effect: 'Allow', Action: ['*'], NotResource: ['arn:aws:ec2:*', 'arn:aws:iam::*'] };
      expect(grantsFullAdmin(policyDocument(allButIamAndS3, allButIamAndEc2), 'aws')).toBe(false);
      expect(administrativeGrants(policyDocument(allButIamAndS3, allButIamAndEc2, onIam), 'aws')).toEqual(['statement #1, statement #2, statement #3 together allow every action on every resource']);
    });

    it('counts NotAction grants that keep IAM, and not statements behind a Condition or short of every action', () => {
      expect(grantsFullAdmin(policyDocument({ Effect: 'Allow', NotAction: ['aws-portal:*'], Resource: ['arn:aws:iam::*'] }, allButIam), 'aws')).toBe(true);
      expect(grantsFullAdmin(policyDocument({ ...onIam, Condition: { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } } }, allButIam), 'aws')).toBe(false);
      expect(grantsFullAdmin(policyDocument({ Effect: 'Allow', Action: ['iam:*'], Resource: ['arn:aws:iam::*'] }, allButIam), 'aws')).toBe(false);
      expect(grantsFullAdmin(policyDocument(onIam, { ...allButIam, Effect: 'Deny' }), 'aws')).toBe(false);
    });
  });

  describe('policies padded with wildcards', () => {
    const noise = (count: number) => Array.from({ length: count }, (_, index) => `*${'abcdefghijklmnopqrstuvwxyz'[index % 26]}?${index % 10}*`);

    it('sees an administrator behind noise patterns at once', () => {
      expect(administrativeGrants(policyDocument({ Effect: 'Allow', Action: ['*:*', ...noise(20)], Resource: ['*'] }), 'aws')).toEqual([
        'statement #1 allows every action on every resource',
      ]);
      const arnNoise = Array.from({ length: 20 }, (_, index) => `arn:aws:*${'abcdefghijklmnop'[index % 16]}?*:*`);
      expect(grantsFullAdmin(policyDocument({ Effect: 'Allow', Action: ['*'], Resource: ['arn:aws:*', ...arnNoise] }), 'aws')).toBe(true);
    });

    it('is undecided, not cleared, when its wildcards are too many to settle', () => {
      const byActionLetter = [...'abcdefghijklmnopqrstuvwxyz'].map((letter) => `*:${letter}*`);
      const assessment = assessAdministrativePrivileges(policyDocument(READ_ONLY_STATEMENT, { Effect: 'Allow', Action: [...byActionLetter, ...noise(20)], Resource: ['*'] }), 'aws');
      expect(assessment).toEqual({ verdict: 'undecided', reasons: ['statement #2 may allow every action on every resource'] });
      expect(describeAdministrativeAssessment(assessment)).toBe(
        'could not be proven to fall short of administrative privileges (too many wildcards to settle): statement #2 may allow every action on every resource',
      );
      expect(grantsFullAdmin(policyDocument({ Effect: 'Allow', Action: [...byActionLetter, ...noise(20)], Resource: ['*'] }), 'aws')).toBe(false);
    });
  });
});

describe('reachesEveryResource', () => {
  it.each<[string, PolicyStatement, boolean]>([
    ['Resource *', { Effect: 'Allow', Action: ['s3:*'], Resource: ['*'] }, true],
    ['Resource arn:aws:*', { Effect: 'Allow', Action: ['s3:*'], Resource: ['arn:aws:*'] }, true],
    ['Resource of every S3 object', { Effect: 'Allow', Action: ['s3:*'], Resource: ['arn:aws:s3:::*'] }, false],
    ['NotResource of one bucket', { Effect: 'Allow', Action: ['s3:*'], NotResource: ['arn:aws:s3:::b'] }, true],
    ['NotResource *', { Effect: 'Allow', Action: ['s3:*'], NotResource: ['*'] }, false],
  ])('%s → %s', (_name, statement, expected) => {
    expect(reachesEveryResource(statement, 'aws')).toBe(expected);
  });
});

describe('policy holders', () => {
  const users = [iamUser({ name: 'alice', attachedPolicies: [awsManagedAttachment('ReadOnlyAccess')], tags: { team: 'a' } })];
  const groups = [iamGroup({ name: 'admins', attachedPolicies: [awsManagedAttachment('AdministratorAccess')] })];
  const roles = [iamRole({ name: 'Ops', attachedPolicies: [awsManagedAttachment('AdministratorAccess')] })];
  const holders = policyHolders(users, groups, roles);

  it('builds AWS managed policy ARNs per partition', () => {
    expect(awsManagedPolicyArn('aws-us-gov', 'AWSSupportAccess')).toBe('arn:aws-us-gov:iam::aws:policy/AWSSupportAccess');
  });

  it('finds the holders of a managed policy', () => {
    const admins = holdersOfManagedPolicy(holders, awsManagedPolicyArn('aws', 'AdministratorAccess'));
    expect(describeHolders(admins)).toBe('group admins, role Ops');
  });

  it('maps each holder to its resource type', () => {
    expect(holders.map((holder) => [policyHolderResource(holder).type, policyHolderResource(holder).uid])).toEqual([
      ['AwsIamUser', 'arn:aws:iam::123456789012:user/alice'],
      ['AwsIamGroup', 'arn:aws:iam::123456789012:group/admins'],
      ['AwsIamRole', 'arn:aws:iam::123456789012:role/Ops'],
    ]);
    expect(policyHolderResource(holders[0]!).tags).toEqual({ team: 'a' });
  });
});
