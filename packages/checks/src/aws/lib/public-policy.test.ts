import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyStatement } from '@palisade/core/aws';
import { confiningDenyStatements, hasRestrictingCondition, isEveryonePrincipal, publicStatements, statementLabel } from './public-policy.ts';

const allow = (overrides: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Effect: 'Allow',
  Principal: '*',
  Action: ['sns:Publish'],
  Resource: ['arn:aws:sns:us-east-1:123456789012:alerts'],
  ...overrides,
});

const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });

describe('isEveryonePrincipal', () => {
  it.each([
    ['"*"', '*', true],
    ['AWS *', { AWS: ['*'] }, true],
    ['AWS list with *', { AWS: ['arn:aws:iam::111122223333:root', '*'] }, true],
    ['CanonicalUser *', { CanonicalUser: ['*'] }, true],
    ['one account', { AWS: ['arn:aws:iam::111122223333:root'] }, false],
    ['service', { Service: ['cloudtrail.amazonaws.com'] }, false],
    ['absent', undefined, false],
  ] as const)('%s → %s', (_name, principal, expected) => {
    expect(isEveryonePrincipal(principal)).toBe(expected);
  });
});

describe('hasRestrictingCondition', () => {
  it.each([
    ['SourceOwner (SNS default policy spelling)', { StringEquals: { 'AWS:SourceOwner': ['123456789012'] } }, true],
    ['SourceAccount', { StringEquals: { 'aws:SourceAccount': ['123456789012'] } }, true],
    ['SourceArn like', { ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::my-bucket'] } }, true],
    ['PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': ['o-abc123'] } }, true],
    ['source IP range', { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } }, true],
    ['source IP open to all', { IpAddress: { 'aws:SourceIp': ['0.0.0.0/0'] } }, false],
    ['wildcard account', { StringLike: { 'aws:SourceAccount': ['*'] } }, false],
    ['negated operator', { StringNotEquals: { 'aws:SourceAccount': ['123456789012'] } }, false],
    ['IfExists operator', { StringEqualsIfExists: { 'aws:SourceAccount': ['123456789012'] } }, false],
    ['ForAllValues operator', { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': ['o-abc123'] } }, false],
    ['unrelated key', { Bool: { 'aws:SecureTransport': ['true'] } }, false],
  ] as const)('%s → %s', (_name, Condition, expected) => {
    expect(hasRestrictingCondition(allow({ Condition }))).toBe(expected);
  });

  it('accepts service-specific keys when the caller names them', () => {
    const statement = allow({ Condition: { StringEquals: { 'kms:CallerAccount': ['123456789012'] } } });
    expect(hasRestrictingCondition(statement)).toBe(false);
    expect(hasRestrictingCondition(statement, { extraRestrictingKeys: ['kms:CallerAccount'] })).toBe(true);
  });
});

describe('publicStatements', () => {
  it('returns Allow-to-everyone statements without a restricting condition', () => {
    const open = allow({ Sid: 'Open' });
    const scoped = allow({ Sid: 'Scoped', Condition: { StringEquals: { 'aws:SourceAccount': ['123456789012'] } } });
    const deny = allow({ Sid: 'Deny', Effect: 'Deny' });
    const named = allow({ Sid: 'Named', Principal: { AWS: ['arn:aws:iam::111122223333:root'] } });
    expect(publicStatements(doc(open, scoped, deny, named))).toEqual([open]);
  });

  it('treats Allow with NotPrincipal as open to everyone else', () => {
    const notPrincipal: PolicyStatement = { Effect: 'Allow', NotPrincipal: { AWS: ['arn:aws:iam::111122223333:root'] }, Action: ['kms:*'] };
    expect(publicStatements(doc(notPrincipal))).toEqual([notPrincipal]);
  });

  it('labels statements by Sid or position', () => {
    const first = allow();
    const second = allow({ Sid: 'Open' });
    const document = doc(first, second);
    expect(statementLabel(document, first)).toBe('statement #1');
    expect(statementLabel(document, second)).toBe('statement "Open"');
  });
});

describe('confiningDenyStatements', () => {
  const deny = (overrides: Partial<PolicyStatement> = {}): PolicyStatement => allow({ Effect: 'Deny', ...overrides });

  it.each([
    ['Deny everyone outside a VPC endpoint', deny({ Condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-1a2b3c4d'] } } }), true],
    ['Deny everyone outside the organization (key in other case)', deny({ Condition: { StringNotEquals: { 'AWS:PrincipalOrgID': ['o-abc123'] } } }), true],
    ['Deny with NotPrincipal and a caller condition', deny({ Principal: undefined, NotPrincipal: { AWS: ['arn:aws:iam::111122223333:root'] }, Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } }), true],
    ['Deny on plain HTTP only', deny({ Condition: { Bool: { 'aws:SecureTransport': ['false'] } } }), false],
    ['Deny without a condition', deny(), false],
    ['Deny to a named account', deny({ Principal: { AWS: ['arn:aws:iam::111122223333:root'] }, Condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-1a2b3c4d'] } } }), false],
    ['Allow with a caller condition', allow({ Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-1a2b3c4d'] } } }), false],
  ] as const)('%s → %s', (_name, statement, expected) => {
    expect(confiningDenyStatements(doc(statement)).length > 0).toBe(expected);
  });

  it('accepts service-specific keys when the caller names them', () => {
    const statement = deny({ Condition: { StringNotEquals: { 's3:DataAccessPointAccount': ['123456789012'] } } });
    expect(confiningDenyStatements(doc(statement))).toEqual([]);
    expect(confiningDenyStatements(doc(statement), { extraRestrictingKeys: ['s3:DataAccessPointAccount'] })).toEqual([statement]);
  });
});
