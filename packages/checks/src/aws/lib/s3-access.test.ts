import { describe, expect, it } from 'vitest';
import type { PolicyStatement, S3Bucket } from '@palisade/core/aws';
import { denied, groupGrant, ok, ownerGrant, publicAccessBlock, s3Bucket } from '../../testing/aws/index.ts';
import {
  assessBucketPublicAccess,
  blocksAllPublicAccess,
  bucketResource,
  findSecureTransportDeny,
  missingPublicAccessBlockSettings,
  publicAclGrants,
  publicBucketPolicyStatements,
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

describe('assessBucketPublicAccess, policy path', () => {
  const open = ok(publicAccessBlock(false));
  const publicRead: PolicyStatement = { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`${ARN}/*`] };
  const accountRead: PolicyStatement = { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::123456789012:root'] }, Action: ['s3:GetObject'], Resource: [`${ARN}/*`] };
  const incomplete = denied<{ isPublic: boolean } | null>('s3:GetBucketPolicyStatus', 'IncompleteResponse');
  const bucket = (statement: PolicyStatement, policyStatus: S3Bucket['policyStatus'], publicAccess = open) =>
    s3Bucket({ name: 'data', publicAccessBlock: publicAccess, policy: ok({ Statement: [statement] }), policyStatus });

  it('is public when the document allows everyone although the status says not public, naming the statement', () => {
    expect(assessBucketPublicAccess(bucket(publicRead, ok({ isPublic: false })), ok(null))).toEqual({
      verdict: 'public',
      reasons: [
        'the bucket policy is public: statement "PublicRead" allows s3:GetObject to everyone with no restricting condition (GetBucketPolicyStatus did not report it public)',
      ],
    });
  });

  it('is public when the status is unreadable but the document allows everyone', () => {
    const result = assessBucketPublicAccess(bucket({ ...publicRead, Sid: undefined }, incomplete), ok(null));
    expect(result).toEqual({
      verdict: 'public',
      reasons: ['the bucket policy is public: statement #1 allows s3:GetObject to everyone with no restricting condition (GetBucketPolicyStatus could not be read: IncompleteResponse)'],
    });
  });

  it('is unknown when the status is unreadable and the document proves nothing', () => {
    expect(assessBucketPublicAccess(bucket(accountRead, incomplete), ok(null))).toMatchObject({
      verdict: 'unknown',
      error: { api: 's3:GetBucketPolicyStatus', code: 'IncompleteResponse' },
    });
  });

  it('is not public when the status says not public and the document proves nothing', () => {
    expect(assessBucketPublicAccess(bucket(accountRead, ok({ isPublic: false })), ok(null)).verdict).toBe('not-public');
  });

  it('names the public statement beside a public status', () => {
    expect(assessBucketPublicAccess(bucket(publicRead, ok({ isPublic: true })), ok(null))).toEqual({
      verdict: 'public',
      reasons: ['the bucket policy is public (GetBucketPolicyStatus IsPublic; statement "PublicRead" allows s3:GetObject to everyone with no restricting condition)'],
    });
  });

  it('is not public with RestrictPublicBuckets on, whatever the document says', () => {
    const restricted = ok(publicAccessBlock(false, { restrictPublicBuckets: true }));
    expect(assessBucketPublicAccess(bucket(publicRead, ok({ isPublic: false }), restricted), ok(null)).verdict).toBe('not-public');
    expect(assessBucketPublicAccess(bucket(publicRead, incomplete), ok(publicAccessBlock(false, { restrictPublicBuckets: true }))).verdict).toBe('not-public');
  });

  it('is unknown when the document proves it public but the account RestrictPublicBuckets is unreadable', () => {
    expect(assessBucketPublicAccess(bucket(publicRead, incomplete), denied('s3:GetAccountPublicAccessBlock'))).toMatchObject({
      verdict: 'unknown',
      error: { api: 's3:GetAccountPublicAccessBlock' },
    });
  });
});

describe('publicBucketPolicyStatements', () => {
  const allow = (overrides: Partial<PolicyStatement> = {}): PolicyStatement => ({ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`${ARN}/*`], ...overrides });

  it.each([
    ['Principal * with s3:GetObject', allow(), true],
    ['{AWS: *} with Action *', allow({ Principal: { AWS: ['*'] }, Action: ['*'] }), true],
    ['Action in other case', allow({ Action: ['S3:PutObject'] }), true],
    ['NotPrincipal', allow({ Principal: undefined, NotPrincipal: { AWS: ['arn:aws:iam::123456789012:root'] } }), true],
    ['NotAction leaving S3 actions in', allow({ Action: undefined, NotAction: ['s3:DeleteObject'] }), true],
    ['NotAction excluding every S3 action', allow({ Action: undefined, NotAction: ['s3:*'] }), false],
    ['a named account', allow({ Principal: { AWS: ['arn:aws:iam::123456789012:root'] } }), false],
    ['a service principal', allow({ Principal: { Service: ['logging.s3.amazonaws.com'] } }), false],
    ['restricted to a VPC endpoint', allow({ Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-1a2b3c4d'] } } }), false],
    ['restricted to an access point account', allow({ Condition: { StringEquals: { 's3:DataAccessPointAccount': ['123456789012'] } } }), false],
    ['only a TLS condition', allow({ Condition: { Bool: { 'aws:SecureTransport': ['true'] } } }), true],
    ['Deny', allow({ Effect: 'Deny' }), false],
  ] as const)('%s → %s', (_name, statement, expected) => {
    expect(publicBucketPolicyStatements({ Statement: [statement] }).length > 0).toBe(expected);
  });

  it('proves nothing when a Deny fences everyone by a caller condition', () => {
    const fence: PolicyStatement = { Effect: 'Deny', Principal: '*', Action: ['s3:*'], Resource: [`${ARN}/*`], Condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-1a2b3c4d'] } } };
    expect(publicBucketPolicyStatements({ Statement: [allow(), fence] })).toEqual([]);
  });

  it('still proves it public beside a TLS-only Deny', () => {
    const tlsOnly: PolicyStatement = { Effect: 'Deny', Principal: '*', Action: ['s3:*'], Resource: [`${ARN}/*`], Condition: { Bool: { 'aws:SecureTransport': ['false'] } } };
    expect(publicBucketPolicyStatements({ Statement: [allow(), tlsOnly] })).toEqual([allow()]);
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
