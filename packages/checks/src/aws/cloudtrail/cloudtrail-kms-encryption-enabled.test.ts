import { describe, expect, it } from 'vitest';
import { TEST_ACCOUNT_ID, accountSnapshot, cloudTrailTrail, denied, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './cloudtrail-kms-encryption-enabled.ts';

const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT_ID}:trail/main`;
const KEY_ARN = `arn:aws:kms:us-east-1:${TEST_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

describe(check.id, () => {
  it.each([
    ['KMS key set', KEY_ARN, 'PASS'],
    ['no KMS key', undefined, 'FAIL'],
  ] as const)('%s → %s', (_name, kmsKeyId, expected) => {
    const trail = cloudTrailTrail({ name: 'main', ...(kmsKeyId ? { kmsKeyId } : {}) });
    const account = accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails: ok([trail]) } } } });
    expect(statuses(runCheck(check, account))).toEqual([[expected, TRAIL_ARN]]);
  });

  it('reports ERROR on the account when trails cannot be listed', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails: denied('cloudtrail:DescribeTrails') } } } });
    expect(statuses(runCheck(check, account))).toEqual([['ERROR', `arn:aws:iam::${TEST_ACCOUNT_ID}:root`]]);
  });
});
