import { describe, expect, it } from 'vitest';
import type { Fetched } from '@palisade/core';
import type { S3Bucket } from '@palisade/core/aws';
import { TEST_ACCOUNT_ID, accountSnapshot, cloudTrailTrail, denied, ok, runCheck, s3Bucket, statuses } from '../../testing/aws/index.ts';
import check from './cloudtrail-logs-s3-bucket-access-logging-enabled.ts';

const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT_ID}:trail/main`;
const BUCKET = 'org-cloudtrail-logs';
const trails = ok([cloudTrailTrail({ name: 'main', s3BucketName: BUCKET })]);
const withBuckets = (buckets: Fetched<readonly S3Bucket[]>) =>
  accountSnapshot({
    global: { s3: { buckets } },
    regional: { 'us-east-1': { cloudtrail: { trails } } },
  });

describe(check.id, () => {
  it.each([
    ['access logging on', ok([s3Bucket({ name: BUCKET, logging: ok({ targetBucket: 'access-logs', targetPrefix: 'cloudtrail/' }) })]), 'PASS'],
    ['access logging off', ok([s3Bucket({ name: BUCKET })]), 'FAIL'],
    ['bucket in another account', ok([s3Bucket({ name: 'unrelated' })]), 'MANUAL'],
    ['bucket logging denied', ok([s3Bucket({ name: BUCKET, logging: denied('s3:GetBucketLogging') })]), 'ERROR'],
    ['buckets denied', denied('s3:ListAllMyBuckets'), 'ERROR'],
  ] as const)('%s → %s', (_name, buckets, expected) => {
    expect(statuses(runCheck(check, withBuckets(buckets)))).toEqual([[expected, TRAIL_ARN]]);
  });

  it('tells the reader where to look for a cross-account bucket', () => {
    const [result] = runCheck(check, withBuckets(ok([])));
    expect(result?.message).toContain('not owned by this account');
  });

  it('reports ERROR on the account when trails cannot be listed', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails: denied('cloudtrail:DescribeTrails') } } } });
    expect(statuses(runCheck(check, account))).toEqual([['ERROR', `arn:aws:iam::${TEST_ACCOUNT_ID}:root`]]);
  });
});
