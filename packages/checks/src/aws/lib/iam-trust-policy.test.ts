import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '@palisade/core/aws';
import { policyDocument } from '../../testing/aws/index.ts';
import { awsPrincipalAccount, awsPrincipals, requiresExternalId, unguardedCrossAccountTrust } from './iam-trust-policy.ts';

const OWN = '123456789012';
const PARTNER = '999999999999';
const trust = (principal: PolicyStatement['Principal'], extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Effect: 'Allow',
  Principal: principal,
  Action: ['sts:AssumeRole'],
  ...extra,
});
const externalId = { StringEquals: { 'sts:ExternalId': ['abc-123'] } };

describe('awsPrincipalAccount', () => {
  it.each([
    ['999999999999', PARTNER],
    ['arn:aws:iam::999999999999:root', PARTNER],
    ['arn:aws:iam::999999999999:role/path/Deployer', PARTNER],
    ['arn:aws:sts::999999999999:assumed-role/Deployer/session', PARTNER],
    ['*', '*'],
    ['AROAEXAMPLEDELETEDROLE', undefined],
  ])('%s → %s', (principal, expected) => {
    expect(awsPrincipalAccount(principal)).toBe(expected);
  });
});

describe('awsPrincipals', () => {
  it('reads Principal.AWS and treats "Principal": "*" as any AWS principal', () => {
    expect(awsPrincipals(trust({ AWS: [PARTNER], Service: ['ec2.amazonaws.com'] }))).toEqual([PARTNER]);
    expect(awsPrincipals(trust('*'))).toEqual(['*']);
    expect(awsPrincipals(trust({ Federated: ['arn:aws:iam::123456789012:saml-provider/Okta'] }))).toEqual([]);
  });
});

describe('requiresExternalId', () => {
  it.each<[string, PolicyStatement['Condition'], boolean]>([
    ['StringEquals', externalId, true],
    ['StringLike, key in lower case', { StringLike: { 'sts:externalid': ['abc-*'] } }, true],
    ['IfExists does not require it', { StringEqualsIfExists: { 'sts:ExternalId': ['abc-123'] } }, false],
    ['other condition only', { StringEquals: { 'aws:PrincipalOrgID': ['o-abc'] } }, false],
    ['no condition', undefined, false],
  ])('%s → %s', (_name, condition, expected) => {
    expect(requiresExternalId(trust({ AWS: [PARTNER] }, condition ? { Condition: condition } : {}))).toBe(expected);
  });
});

describe('unguardedCrossAccountTrust', () => {
  it.each<[string, PolicyStatement, string[]]>([
    ['partner without external id', trust({ AWS: [`arn:aws:iam::${PARTNER}:root`] }), [PARTNER]],
    ['partner with external id', trust({ AWS: [PARTNER] }, { Condition: externalId }), []],
    ['own account', trust({ AWS: [`arn:aws:iam::${OWN}:root`] }), []],
    ['trusted account from config', trust({ AWS: ['555555555555'] }), []],
    ['any principal', trust('*'), ['*']],
    ['service principal', trust({ Service: ['lambda.amazonaws.com'] }), []],
    ['deleted principal (unique id)', trust({ AWS: ['AROAEXAMPLEDELETEDROLE'] }), []],
    ['deny statement', { ...trust({ AWS: [PARTNER] }), Effect: 'Deny' }, []],
    ['only sts:TagSession', trust({ AWS: [PARTNER] }, { Action: ['sts:TagSession'] }), []],
    ['sts:* action', trust({ AWS: [PARTNER] }, { Action: ['sts:*'] }), [PARTNER]],
  ])('%s → %j', (_name, statement, accounts) => {
    const found = unguardedCrossAccountTrust(policyDocument(statement), OWN, ['555555555555']);
    expect(found.map((entry) => entry.accountId)).toEqual(accounts);
  });
});
