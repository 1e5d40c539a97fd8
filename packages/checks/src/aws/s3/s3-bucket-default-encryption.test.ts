import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, runCheck, s3Bucket, statuses } from '../../testing/aws/index.ts';
import check from './s3-bucket-default-encryption.ts';

const ARN = 'arn:aws:s3:::data';

describe(check.id, () => {
  it.each([
    ['SSE-S3', ok([{ sseAlgorithm: 'AES256' }]), 'PASS'],
    ['SSE-KMS', ok([{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc', bucketKeyEnabled: true }]), 'PASS'],
    ['no configuration', ok(null), 'FAIL'],
    ['empty rules', ok([]), 'FAIL'],
    ['denied', denied('s3:GetEncryptionConfiguration'), 'ERROR'],
  ] as const)('%s → %s', (_name, encryption, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { s3: { buckets: ok([s3Bucket({ name: 'data', encryption })]) } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });
});
