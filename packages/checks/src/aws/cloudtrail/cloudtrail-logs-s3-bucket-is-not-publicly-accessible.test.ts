import { describe, expect, it } from 'vitest';
import type { Fetched } from '@palisade/core';
import type { S3Bucket } from '@palisade/core/aws';
import { TEST_ACCOUNT_ID, accountSnapshot, cloudTrailTrail, denied, groupGrant, ok, ownerGrant, publicAccessBlock, runCheck, s3Bucket, statuses } from '../../testing/aws/index.ts';
import check from './cloudtrail-logs-s3-bucket-is-not-publicly-accessible.ts';

const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT_ID}:trail/main`;
const BUCKET = 'org-cloudtrail-logs';
const open = { publicAccessBlock: ok(null) };
const withBuckets = (buckets: Fetched<readonly S3Bucket[]>) =>
  accountSnapshot({
    global: { s3: { buckets, accountPublicAccessBlock: ok(publicAccessBlock(false)) } },
    regional: { 'us-east-1': { cloudtrail: { trails: ok([cloudTrailTrail({ name: 'main', s3BucketName: BUCKET })]) } } },
  });

describe(check.id, () => {
  it.each([
    ['private bucket', ok([s3Bucket({ name: BUCKET })]), 'PASS'],
    ['public grant neutralized by Block Public Access', ok([s3Bucket({ name: BUCKET, acl: ok({ grants: [ownerGrant(), groupGrant('AllUsers')] }) })]), 'PASS'],
    ['ACL grants AllUsers', ok([s3Bucket({ name: BUCKET, ...open, acl: ok({ grants: [ownerGrant(), groupGrant('AllUsers')] }) })]), 'FAIL'],
    [
      'public bucket policy',
      ok([s3Bucket({ name: BUCKET, ...open, policy: ok({ Statement: [{ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'] }] }), policyStatus: ok({ isPublic: true }) })]),
      'FAIL',
    ],
    ['bucket in another account', ok([]), 'MANUAL'],
    ['ACL denied without Block Public Access', ok([s3Bucket({ name: BUCKET, ...open, acl: denied('s3:GetBucketAcl') })]), 'ERROR'],
    ['buckets denied', denied('s3:ListAllMyBuckets'), 'ERROR'],
  ] as const)('%s → %s', (_name, buckets, expected) => {
    expect(statuses(runCheck(check, withBuckets(buckets)))).toEqual([[expected, TRAIL_ARN]]);
  });

  it('says why the bucket is public', () => {
    const [result] = runCheck(check, withBuckets(ok([s3Bucket({ name: BUCKET, ...open, acl: ok({ grants: [groupGrant('AllUsers')] }) })])));
    expect(result?.message).toContain('READ to AllUsers');
  });

  it('reports ERROR on the account when trails cannot be listed', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails: denied('cloudtrail:DescribeTrails') } } } });
    expect(statuses(runCheck(check, account))).toEqual([['ERROR', `arn:aws:iam::${TEST_ACCOUNT_ID}:root`]]);
  });
});
