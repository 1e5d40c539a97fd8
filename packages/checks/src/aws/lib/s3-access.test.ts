import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '@palisade/core';
import { denied, groupGrant, ok, ownerGrant, publicAccessBlock, s3Bucket } from '../../testing/aws/index.ts';
import {
  assessBucketPublicAccess,
  blocksAllPublicAccess,
  bucketResource,
  findSecureTransportDeny,
  missingPublicAccessBlockSettings,
  publicAclGrants,
  settingsOffAtBothLevels,
} from './s3-access.ts';

const ARN = 'arn:aws:s3:::data';

describe('Block Public Access settings', () => {
  it('lists what is off', () => {
    expect(missingPublicAccessBlockSettings(null)).toEqual(['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets']);
    expect(missingPublicAccessBlockSettings(publicAccessBlock(true, { ignorePublicAcls: false }))).toEqual(['ignorePublicAcls']);
    expect(blocksAllPublicAccess(publicAccessBlock(true))).toBe(true);
    expect(blocksAllPublicAccess(null)).toBe(false);
  });
});

describe('publicAclGrants', () => {
  it('keeps only AllUsers and AuthenticatedUsers grants', () => {
    const grants = [ownerGrant(), groupGrant('AllUsers'), groupGrant('AuthenticatedUsers', 'WRITE'), { grantee: { type: 'Group' as const, uri: 'http://acs.amazonaws.com/groups/s3/LogDelivery' }, permission: 'WRITE' as const }];
    expect(publicAclGrants({ grants })).toEqual([groupGrant('AllUsers'), groupGrant('AuthenticatedUsers', 'WRITE')]);
  });
});

describe('findSecureTransportDeny', () => {
  const deny = (overrides: Partial<PolicyStatement> = {}): PolicyStatement => ({
    Effect: 'Deny',
    Principal: '*',
    Action: ['s3:*'],
    Resource: [ARN, `${ARN}/*`],
    Condition: { Bool: { 'aws:SecureTransport': ['false'] } },
    ...overrides,
  });

  it.each([
    ['canonical', deny(), true],
    ['BoolIfExists', deny({ Condition: { BoolIfExists: { 'aws:SecureTransport': ['false'] } } }), true],
    ['resource arn*', deny({ Resource: [`${ARN}*`] }), true],
    ['resource *', deny({ Resource: ['*'] }), true],
    ['resource of another bucket', deny({ Resource: ['arn:aws:s3:::other/*'] }), false],
    ['resource only a prefix of objects', deny({ Resource: [`${ARN}/public/*`] }), false],
    ['NotResource', deny({ Resource: undefined, NotResource: [`${ARN}/x`] }), false],
    ['no condition', deny({ Condition: undefined }), false],
  ] as const)('%s → %s', (_name, statement, expected) => {
    expect(findSecureTransportDeny({ Statement: [statement] }, ARN) !== undefined).toBe(expected);
  });
});

describe('assessBucketPublicAccess', () => {
  const open = ok(publicAccessBlock(false));

  it('is not public for a hardened bucket, with reasons', () => {
    expect(assessBucketPublicAccess(s3Bucket({ name: 'data' }), ok(null))).toEqual({
      verdict: 'not-public',
      notes: ['ACL grants are ignored (IgnorePublicAcls at bucket level)', 'public policy grants are restricted (RestrictPublicBuckets at bucket level)'],
    });
  });

  it('reports every public path', () => {
    const bucket = s3Bucket({
      name: 'data',
      publicAccessBlock: open,
      acl: ok({ grants: [groupGrant('AllUsers', 'READ')] }),
      policy: ok({ Statement: [] }),
      policyStatus: ok({ isPublic: true }),
    });
    const result = assessBucketPublicAccess(bucket, ok(null));
    expect(result.verdict).toBe('public');
    expect(result.verdict === 'public' && result.reasons).toHaveLength(2);
  });

  it('carries the error that hides the answer', () => {
    const result = assessBucketPublicAccess(s3Bucket({ name: 'data', publicAccessBlock: open, acl: denied('s3:GetBucketAcl') }), ok(null));
    expect(result).toMatchObject({ verdict: 'unknown', error: { api: 's3:GetBucketAcl', code: 'AccessDenied' } });
  });

  it('uses the account setting when the bucket setting is unreadable', () => {
    const bucket = s3Bucket({ name: 'data', publicAccessBlock: denied('s3:GetBucketPublicAccessBlock'), acl: ok({ grants: [groupGrant('AllUsers')] }) });
    expect(assessBucketPublicAccess(bucket, ok(publicAccessBlock(true))).verdict).toBe('not-public');
    expect(assessBucketPublicAccess(bucket, ok(null))).toMatchObject({ verdict: 'unknown', error: { api: 's3:GetBucketPublicAccessBlock' } });
  });
});

describe('bucketResource', () => {
  it('uses the bucket region and readable tags', () => {
    expect(bucketResource(s3Bucket({ name: 'data', region: 'eu-west-1', tags: ok({ env: 'prod' }) }))).toEqual({
      uid: ARN,
      type: 'AwsS3Bucket',
      name: 'data',
      region: 'eu-west-1',
      tags: { env: 'prod' },
    });
    expect(bucketResource(s3Bucket({ name: 'data', tags: denied('s3:GetBucketTagging') })).tags).toBeUndefined();
  });
});

describe('findSecureTransportDeny principal and actions', () => {
  const deny = (overrides: Partial<PolicyStatement>): PolicyStatement => ({
    Effect: 'Deny',
    Principal: '*',
    Action: ['s3:*'],
    Resource: [`${ARN}/*`],
    Condition: { Bool: { 'aws:SecureTransport': ['false'] } },
    ...overrides,
  });

  it.each([
    ['{AWS: [*]}', deny({ Principal: { AWS: ['*'] } }), true],
    ['a named principal', deny({ Principal: { AWS: ['arn:aws:iam::123456789012:root'] } }), false],
    ['Action *', deny({ Action: ['*'] }), true],
    ['Action S3:* in other case', deny({ Action: ['S3:*'] }), true],
    ['Action s3:Get*', deny({ Action: ['s3:Get*'] }), false],
    ['no Action (NotAction)', deny({ Action: undefined, NotAction: ['s3:ListBucket'] }), false],
  ] as const)('%s → %s', (_name, statement, expected) => {
    expect(findSecureTransportDeny({ Statement: [statement] }, ARN) !== undefined).toBe(expected);
  });
});

describe('settingsOffAtBothLevels', () => {
  it('combines bucket and account settings', () => {
    expect(settingsOffAtBothLevels(publicAccessBlock(true, { ignorePublicAcls: false }), publicAccessBlock(false, { ignorePublicAcls: true }))).toEqual([]);
    expect(settingsOffAtBothLevels(null, publicAccessBlock(false, { blockPublicAcls: true }))).toEqual(['ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets']);
    expect(settingsOffAtBothLevels(undefined, undefined)).toHaveLength(4);
  });
});
