import { describe, expect, it } from 'vitest';
import type { Fetched } from '@palisade/core';
import type { S3PublicAccessBlock } from '@palisade/core/aws';
import { accountSnapshot, denied, ok, publicAccessBlock, runCheck, s3Bucket, statuses } from '../../testing/aws/index.ts';
import check from './s3-bucket-level-public-access-block.ts';

const ARN = 'arn:aws:s3:::data';
type Block = Fetched<S3PublicAccessBlock | null>;

const run = (bucketBlock: Block, accountBlock: Block) =>
  runCheck(check, accountSnapshot({ global: { s3: { accountPublicAccessBlock: accountBlock, buckets: ok([s3Bucket({ name: 'data', publicAccessBlock: bucketBlock })]) } } }));

describe(check.id, () => {
  it.each([
    ['all on at bucket level', ok(publicAccessBlock(true)), ok(null), 'PASS'],
    ['all on at account level only', ok(null), ok(publicAccessBlock(true)), 'PASS'],
    ['one setting off at bucket level, none at account level', ok(publicAccessBlock(true, { restrictPublicBuckets: false })), ok(null), 'FAIL'],
    ['split across levels combines', ok(publicAccessBlock(true, { ignorePublicAcls: false })), ok(publicAccessBlock(false, { ignorePublicAcls: true })), 'PASS'],
    ['the same setting off at both levels', ok(publicAccessBlock(true, { ignorePublicAcls: false })), ok(publicAccessBlock(false, { blockPublicAcls: true })), 'FAIL'],
    ['account denied, bucket misses one setting', ok(publicAccessBlock(true, { ignorePublicAcls: false })), denied('s3:GetAccountPublicAccessBlock'), 'ERROR'],
    ['none anywhere', ok(null), ok(null), 'FAIL'],
    ['bucket denied, account covers it', denied('s3:GetBucketPublicAccessBlock'), ok(publicAccessBlock(true)), 'PASS'],
    ['account denied, bucket covers it', ok(publicAccessBlock(true)), denied('s3:GetAccountPublicAccessBlock'), 'PASS'],
    ['bucket denied, account off', denied('s3:GetBucketPublicAccessBlock'), ok(null), 'ERROR'],
    ['bucket off, account denied', ok(null), denied('s3:GetAccountPublicAccessBlock'), 'ERROR'],
  ] as const)('%s → %s', (_name, bucketBlock, accountBlock, expected) => {
    expect(statuses(run(bucketBlock, accountBlock))).toEqual([[expected, ARN]]);
  });

  it('says which level protects the bucket', () => {
    expect(run(ok(null), ok(publicAccessBlock(true)))[0]?.message).toContain('account-level');
    expect(run(ok(publicAccessBlock(true)), ok(null))[0]?.message).toContain('bucket level');
    expect(run(ok(publicAccessBlock(true, { ignorePublicAcls: false })), ok(publicAccessBlock(false, { ignorePublicAcls: true })))[0]?.message).toContain('combination');
  });

  it('names the settings that are off', () => {
    const [result] = run(ok(publicAccessBlock(true, { restrictPublicBuckets: false })), ok(null));
    expect(result?.message).toContain('off at both bucket and account level: restrictPublicBuckets');
  });
});
