import { describe, expect, it } from 'vitest';
import type { KmsKey, PolicyStatement } from '@palisade/core/aws';
import { TEST_ACCOUNT_ID, accountSnapshot, denied, kmsKey, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './kms-key-not-publicly-accessible.ts';

const KEY_ARN = `arn:aws:kms:us-east-1:${TEST_ACCOUNT_ID}:key/k1`;
const policy = (...Statement: PolicyStatement[]): KmsKey['policy'] => ok({ Version: '2012-10-17', Statement });
const openUse: PolicyStatement = { Sid: 'AllowUse', Effect: 'Allow', Principal: { AWS: ['*'] }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: ['*'] };
const withKey = (overrides: Partial<KmsKey>) => accountSnapshot({ regional: { 'us-east-1': { kms: { keys: ok([kmsKey({ id: 'k1', ...overrides })]) } } } });

describe(check.id, () => {
  it.each([
    ['default key policy', {}, 'PASS'],
    ['open principal limited by kms:CallerAccount', { policy: policy({ ...openUse, Condition: { StringEquals: { 'kms:CallerAccount': [TEST_ACCOUNT_ID] } } }) }, 'PASS'],
    ['open principal limited to the organization', { policy: policy({ ...openUse, Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5'] } } }) }, 'PASS'],
    ['open principal without condition', { policy: policy(openUse) }, 'FAIL'],
    ['Principal "*" with a non-restricting condition', { policy: policy({ ...openUse, Principal: '*', Condition: { Bool: { 'aws:SecureTransport': ['true'] } } }) }, 'FAIL'],
    ['policy denied', { policy: denied('kms:GetKeyPolicy') }, 'ERROR'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    expect(statuses(runCheck(check, withKey(overrides)))).toEqual([[expected, KEY_ARN]]);
  });

  it('skips AWS managed keys', () => {
    expect(runCheck(check, withKey({ manager: 'AWS', policy: policy(openUse) }))).toEqual([]);
  });

  it('names the open statement', () => {
    const [result] = runCheck(check, withKey({ aliases: ['alias/shared'], policy: policy(openUse) }));
    expect(result?.message).toBe('The key policy of alias/shared (k1) allows everyone without a restricting condition in statement "AllowUse".');
  });

  it('reports ERROR on the region when keys cannot be listed', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { kms: { keys: denied('kms:ListKeys') } } } });
    expect(statuses(runCheck(check, account))).toEqual([['ERROR', `arn:aws:kms:us-east-1:${TEST_ACCOUNT_ID}:kms/us-east-1`]]);
  });
});
