import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '@palisade/core/aws';
import { accountSnapshot, denied, efsFileSystem, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './efs-not-publicly-accessible.ts';

const ARN = 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1';
const allowAll = (overrides: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Sid: 'mount',
  Effect: 'Allow',
  Principal: { AWS: ['*'] },
  Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
  Resource: [ARN],
  ...overrides,
});
const policyOf = (...Statement: PolicyStatement[]) => ok({ Version: '2012-10-17', Statement });

describe(check.id, () => {
  it.each([
    ['allow to a named role', policyOf(allowAll({ Principal: { AWS: ['arn:aws:iam::123456789012:role/app'] } })), 'PASS'],
    ['allow * limited to the account', policyOf(allowAll({ Condition: { StringEquals: { 'aws:PrincipalAccount': ['123456789012'] } } })), 'PASS'],
    ['allow * limited to a VPC', policyOf(allowAll({ Condition: { StringEquals: { 'aws:SourceVpc': ['vpc-0a1b2c3d'] } } })), 'PASS'],
    ['allow * limited to an access point', policyOf(allowAll({ Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': [`${ARN}/ap-1`] } } })), 'PASS'],
    ['deny-only policy', policyOf(allowAll({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': ['false'] } } })), 'PASS'],
    ['no policy (default grants any client)', ok(null), 'FAIL'],
    ['allow * without a condition', policyOf(allowAll()), 'FAIL'],
    ['allow "*" principal string', policyOf(allowAll({ Principal: '*' })), 'FAIL'],
    ['allow * only via mount target', policyOf(allowAll({ Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': ['true'] } } })), 'FAIL'],
    ['allow * only over TLS', policyOf(allowAll({ Condition: { Bool: { 'aws:SecureTransport': ['true'] } } })), 'FAIL'],
    ['allow * except one account (negated operator)', policyOf(allowAll({ Condition: { StringNotEquals: { 'aws:PrincipalAccount': ['999999999999'] } } })), 'FAIL'],
    ['allow * with an IfExists VPC condition', policyOf(allowAll({ Condition: { StringEqualsIfExists: { 'aws:SourceVpc': ['vpc-0a1b2c3d'] } } })), 'FAIL'],
    ['allow with NotPrincipal', policyOf(allowAll({ Principal: undefined, NotPrincipal: { AWS: ['arn:aws:iam::123456789012:role/blocked'] } })), 'FAIL'],
    ['denied', denied('elasticfilesystem:DescribeFileSystemPolicy'), 'ERROR'],
  ] as const)('%s → %s', (_name, policy, expected) => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { efs: { fileSystems: ok([efsFileSystem({ id: 'fs-1', policy })]) } } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });

  it('names the open statement', () => {
    const [result] = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { efs: { fileSystems: ok([efsFileSystem({ id: 'fs-1', policy: policyOf(allowAll()) })]) } } } }));
    expect(result?.message).toContain('mount');
  });

  it('reports ERROR on the region when file systems could not be listed', () => {
    const results = runCheck(check, accountSnapshot({ regional: { 'us-east-1': { efs: { fileSystems: denied('elasticfilesystem:DescribeFileSystems') } } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:efs:us-east-1:123456789012:efs/us-east-1']]);
  });
});
