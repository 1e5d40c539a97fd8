import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, runCheck, s3Bucket, statuses } from '../../testing/aws/index.ts';
import check from './s3-bucket-acl-prohibited.ts';

const ARN = 'arn:aws:s3:::data';

describe(check.id, () => {
  it.each([
    ['bucket owner enforced', ok('BucketOwnerEnforced' as const), 'PASS'],
    ['bucket owner preferred', ok('BucketOwnerPreferred' as const), 'FAIL'],
    ['object writer', ok('ObjectWriter' as const), 'FAIL'],
    ['no ownership controls', ok(null), 'FAIL'],
    ['denied', denied('s3:GetBucketOwnershipControls'), 'ERROR'],
  ] as const)('%s → %s', (_name, ownership, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { s3: { buckets: ok([s3Bucket({ name: 'data', ownership })]) } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });
});
