import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '@palisade/core';
import { ADMIN_STATEMENT, READ_ONLY_STATEMENT, awsManagedAttachment, iamGroup, iamRole, iamUser, policyDocument } from '../../testing/aws/index.ts';
import {
  actionMatches,
  awsManagedPolicyArn,
  describeFullAdminStatements,
  describeHolders,
  grantsFullAdmin,
  holdersOfManagedPolicy,
  isFullAdminStatement,
  policyHolderResource,
  policyHolders,
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

describe('full administrator detection', () => {
  it.each<[string, PolicyStatement, boolean]>([
    ['Allow * on *', ADMIN_STATEMENT, true],
    ['Allow *:* on *', { Effect: 'Allow', Action: ['*:*'], Resource: ['*'] }, true],
    ['Allow * among other actions', { Effect: 'Allow', Action: ['s3:GetObject', '*'], Resource: ['arn:aws:s3:::b', '*'] }, true],
    ['Allow * behind a condition', { ...ADMIN_STATEMENT, Condition: { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } } }, true],
    ['Deny * on *', { Effect: 'Deny', Action: ['*'], Resource: ['*'] }, false],
    ['Allow * on one bucket', { Effect: 'Allow', Action: ['*'], Resource: ['arn:aws:s3:::b'] }, false],
    ['Allow s3:* on *', { Effect: 'Allow', Action: ['s3:*'], Resource: ['*'] }, false],
    ['Allow NotAction iam:* on *', { Effect: 'Allow', NotAction: ['iam:*'], Resource: ['*'] }, false],
    ['read only', READ_ONLY_STATEMENT, false],
  ])('%s → %s', (_name, statement, expected) => {
    expect(isFullAdminStatement(statement)).toBe(expected);
    expect(grantsFullAdmin(policyDocument(READ_ONLY_STATEMENT, statement))).toBe(expected);
  });

  it('names the offending statements by Sid or position', () => {
    expect(describeFullAdminStatements(policyDocument(READ_ONLY_STATEMENT, ADMIN_STATEMENT, { ...ADMIN_STATEMENT, Sid: 'Everything' }))).toBe(
      'statement #2, statement "Everything"',
    );
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
