import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '@palisade/core/aws';
import { accountSnapshot, denied, iamRole, ok, policyDocument, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-role-cross-account-trust-requires-external-id.ts';

const ROLE = 'arn:aws:iam::123456789012:role/partner';
const PARTNER = 'arn:aws:iam::999999999999:root';
const trusting = (principal: PolicyStatement['Principal'], condition?: PolicyStatement['Condition']): PolicyStatement => ({
  Effect: 'Allow',
  Principal: principal,
  Action: ['sts:AssumeRole'],
  ...(condition ? { Condition: condition } : {}),
});

describe(check.id, () => {
  it.each<[string, PolicyStatement, string]>([
    ['service principal', trusting({ Service: ['ec2.amazonaws.com'] }), 'PASS'],
    ['same account', trusting({ AWS: ['arn:aws:iam::123456789012:role/ci'] }), 'PASS'],
    ['other account with external id', trusting({ AWS: [PARTNER] }, { StringEquals: { 'sts:ExternalId': ['7f3a'] } }), 'PASS'],
    ['other account without external id', trusting({ AWS: [PARTNER] }), 'FAIL'],
    ['other account by bare id', trusting({ AWS: ['999999999999'] }, { StringEquals: { 'aws:PrincipalOrgID': ['o-abc123'] } }), 'FAIL'],
    ['any principal', trusting('*'), 'FAIL'],
  ])('%s → %s', (_name, statement, expected) => {
    const account = accountSnapshot({ global: { iam: { roles: ok([iamRole({ name: 'partner', assumeRolePolicy: policyDocument(statement) })]) } } });
    expect(statuses(runCheck(check, account))).toEqual([[expected, ROLE]]);
  });

  it('accepts accounts listed in trustedAccountIds', () => {
    const account = accountSnapshot({ global: { iam: { roles: ok([iamRole({ name: 'partner', assumeRolePolicy: policyDocument(trusting({ AWS: [PARTNER] })) })]) } } });
    expect(statuses(runCheck(check, account, { trustedAccountIds: ['999999999999'] }))).toEqual([['PASS', ROLE]]);
    expect(statuses(runCheck(check, account, { trustedAccountIds: ['888888888888'] }))).toEqual([['FAIL', ROLE]]);
  });

  it('skips service-linked roles', () => {
    const role = iamRole({ name: 'AWSServiceRoleForX', serviceLinked: true, assumeRolePolicy: policyDocument(trusting({ AWS: [PARTNER] })) });
    expect(statuses(runCheck(check, accountSnapshot({ global: { iam: { roles: ok([role]) } } })))).toEqual([]);
  });

  it('reports ERROR on the account when roles could not be read', () => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { roles: denied('iam:GetAccountAuthorizationDetails') } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:iam::123456789012:root']]);
  });
});
