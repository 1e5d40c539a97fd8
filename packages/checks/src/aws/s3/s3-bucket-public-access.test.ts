import { describe, expect, it } from 'vitest';
import type { Fetched } from '@palisade/core';
import type { S3Bucket, S3PublicAccessBlock } from '@palisade/core/aws';
import { accountSnapshot, denied, groupGrant, ok, ownerGrant, publicAccessBlock, runCheck, s3Bucket, statuses } from '../../testing/aws/index.ts';
import check from './s3-bucket-public-access.ts';

const ARN = 'arn:aws:s3:::site';
const OPEN = ok(publicAccessBlock(false));
const publicAcl = ok({ grants: [ownerGrant(), groupGrant('AllUsers', 'READ')] });
const publicPolicy: Partial<S3Bucket> = {
  policy: ok({ Statement: [{ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`${ARN}/*`] }] }),
  policyStatus: ok({ isPublic: true }),
};

const privatePolicy = ok({
  Statement: [{ Sid: 'AccountRead', Effect: 'Allow' as const, Principal: { AWS: ['arn:aws:iam::123456789012:root'] }, Action: ['s3:GetObject'], Resource: [`${ARN}/*`] }],
});
/** What an endpoint without GetBucketPolicyStatus leaves the collector with. */
const incompleteStatus = denied<{ isPublic: boolean } | null>('s3:GetBucketPolicyStatus', 'IncompleteResponse');

const run = (bucket: Partial<S3Bucket>, accountBlock: Fetched<S3PublicAccessBlock | null> = ok(null)) =>
  runCheck(check, accountSnapshot({ global: { s3: { accountPublicAccessBlock: accountBlock, buckets: ok([s3Bucket({ name: 'site', ...bucket })]) } } }));

describe(check.id, () => {
  it.each([
    ['private bucket, BPA on', {}, ok(null), 'PASS'],
    ['private bucket, BPA off everywhere', { publicAccessBlock: OPEN }, ok(null), 'PASS'],
    ['AllUsers read, BPA off', { publicAccessBlock: OPEN, acl: publicAcl }, ok(null), 'FAIL'],
    ['AuthenticatedUsers write, BPA off', { publicAccessBlock: OPEN, acl: ok({ grants: [groupGrant('AuthenticatedUsers', 'WRITE')] }) }, ok(null), 'FAIL'],
    ['AllUsers read, IgnorePublicAcls on the bucket', { publicAccessBlock: ok(publicAccessBlock(false, { ignorePublicAcls: true })), acl: publicAcl }, ok(null), 'PASS'],
    ['AllUsers read, IgnorePublicAcls on the account', { publicAccessBlock: OPEN, acl: publicAcl }, ok(publicAccessBlock(false, { ignorePublicAcls: true })), 'PASS'],
    ['AllUsers read, only BlockPublicAcls on (does not affect existing ACLs)', { publicAccessBlock: ok(publicAccessBlock(false, { blockPublicAcls: true })), acl: publicAcl }, ok(null), 'FAIL'],
    ['public policy, BPA off', { publicAccessBlock: OPEN, ...publicPolicy }, ok(null), 'FAIL'],
    ['public policy, RestrictPublicBuckets on the bucket', { publicAccessBlock: ok(publicAccessBlock(false, { restrictPublicBuckets: true })), ...publicPolicy }, ok(null), 'PASS'],
    ['public policy, RestrictPublicBuckets on the account', { publicAccessBlock: OPEN, ...publicPolicy }, ok(publicAccessBlock(true)), 'PASS'],
    ['non-public policy, BPA off', { publicAccessBlock: OPEN, policy: ok({ Statement: [] }), policyStatus: ok({ isPublic: false }) }, ok(null), 'PASS'],
  ] as const)('%s → %s', (_name, bucket, accountBlock, expected) => {
    expect(statuses(run(bucket, accountBlock))).toEqual([[expected, ARN]]);
  });

  it.each([
    ['ACL unreadable, BPA off', { publicAccessBlock: OPEN, acl: denied('s3:GetBucketAcl') }, ok(null), 'ERROR'],
    ['policy status unreadable, public policy document, BPA off', { publicAccessBlock: OPEN, policy: publicPolicy.policy!, policyStatus: denied('s3:GetBucketPolicyStatus') }, ok(null), 'FAIL'],
    ['policy status unreadable, private policy document, BPA off', { publicAccessBlock: OPEN, policy: privatePolicy, policyStatus: denied('s3:GetBucketPolicyStatus') }, ok(null), 'ERROR'],
    ['bucket BPA unreadable with a public ACL', { publicAccessBlock: denied('s3:GetBucketPublicAccessBlock'), acl: publicAcl }, ok(null), 'ERROR'],
    ['account BPA unreadable with a public policy', { publicAccessBlock: OPEN, ...publicPolicy }, denied('s3:GetAccountPublicAccessBlock'), 'ERROR'],
    ['ACL unreadable but IgnorePublicAcls and RestrictPublicBuckets on', { acl: denied('s3:GetBucketAcl') }, ok(null), 'PASS'],
    ['no policy means no policy path, whatever the status call said', { publicAccessBlock: OPEN, policyStatus: denied('s3:GetBucketPolicyStatus') }, ok(null), 'PASS'],
    ['a proven public ACL wins over an unreadable policy status', { publicAccessBlock: OPEN, acl: publicAcl, policy: publicPolicy.policy!, policyStatus: denied('s3:GetBucketPolicyStatus') }, ok(null), 'FAIL'],
  ] as const)('unreadable inputs: %s → %s', (_name, bucket, accountBlock, expected) => {
    expect(statuses(run(bucket, accountBlock))).toEqual([[expected, ARN]]);
  });

  describe('judges the policy document as well as GetBucketPolicyStatus', () => {
    const publicDocument = ok({ Statement: [{ Sid: 'PublicRead', Effect: 'Allow' as const, Principal: '*' as const, Action: ['s3:GetObject'], Resource: [`${ARN}/*`] }] });

    it('fails a public document that GetBucketPolicyStatus reports not public, naming the statement', () => {
      const [result, ...rest] = run({ publicAccessBlock: OPEN, policy: publicDocument, policyStatus: ok({ isPublic: false }) });
      expect(rest).toEqual([]);
      expect([result?.status, result?.resource.uid]).toEqual(['FAIL', ARN]);
      expect(result?.message).toContain('statement "PublicRead" allows s3:GetObject to everyone with no restricting condition');
    });

    it('fails a public document when GetBucketPolicyStatus answered without IsPublic', () => {
      const [result, ...rest] = run({ publicAccessBlock: OPEN, policy: publicDocument, policyStatus: incompleteStatus });
      expect(rest).toEqual([]);
      expect([result?.status, result?.resource.uid]).toEqual(['FAIL', ARN]);
      expect(result?.message).toContain('GetBucketPolicyStatus could not be read: IncompleteResponse');
    });

    it('reports ERROR for a private document when GetBucketPolicyStatus answered without IsPublic', () => {
      const results = run({ publicAccessBlock: OPEN, policy: privatePolicy, policyStatus: incompleteStatus });
      expect(results.map((result) => [result.status, result.resource.uid, result.error?.api, result.error?.code])).toEqual([
        ['ERROR', ARN, 's3:GetBucketPolicyStatus', 'IncompleteResponse'],
      ]);
    });

    it('reports ERROR when the only open statement is restricted by a condition and the status is unknown', () => {
      const vpceOnly = ok({
        Statement: [{ Effect: 'Allow' as const, Principal: '*' as const, Action: ['s3:GetObject'], Resource: [`${ARN}/*`], Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-1a2b3c4d'] } } }],
      });
      const results = run({ publicAccessBlock: OPEN, policy: vpceOnly, policyStatus: incompleteStatus });
      expect(results.map((result) => [result.status, result.resource.uid, result.error?.code])).toEqual([['ERROR', ARN, 'IncompleteResponse']]);
    });

    it('passes a private document that GetBucketPolicyStatus reports not public', () => {
      expect(statuses(run({ publicAccessBlock: OPEN, policy: privatePolicy, policyStatus: ok({ isPublic: false }) }))).toEqual([['PASS', ARN]]);
    });

    it.each([
      ['on the bucket, status not public', ok(publicAccessBlock(false, { restrictPublicBuckets: true })), ok(null), ok({ isPublic: false })],
      ['on the bucket, status unreadable', ok(publicAccessBlock(false, { restrictPublicBuckets: true })), ok(null), incompleteStatus],
      ['on the account, status unreadable', OPEN, ok(publicAccessBlock(false, { restrictPublicBuckets: true })), incompleteStatus],
    ] as const)('passes a public document when RestrictPublicBuckets is on %s', (_name, bucketBlock, accountBlock, policyStatus) => {
      expect(statuses(run({ publicAccessBlock: bucketBlock, policy: publicDocument, policyStatus }, accountBlock))).toEqual([['PASS', ARN]]);
    });
  });

  it('names the API that hid the answer', () => {
    const [result] = run({ publicAccessBlock: OPEN, acl: denied('s3:GetBucketAcl') });
    expect(result?.message).toContain('s3:GetBucketAcl failed with AccessDenied');
  });

  it('explains why the bucket is public', () => {
    const [result] = run({ publicAccessBlock: OPEN, acl: publicAcl, ...publicPolicy });
    expect(result?.message).toContain('READ to AllUsers');
    expect(result?.message).toContain('bucket policy is public');
  });
});
