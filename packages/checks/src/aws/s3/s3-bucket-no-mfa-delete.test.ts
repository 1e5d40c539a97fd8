import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, runCheck, s3Bucket, statuses } from '../../testing/aws/index.ts';
import check from './s3-bucket-no-mfa-delete.ts';

const ARN = 'arn:aws:s3:::data';

describe(check.id, () => {
  it.each([
    ['MFA delete enabled', ok({ status: 'Enabled', mfaDelete: 'Enabled' } as const), 'PASS'],
    ['versioning without MFA delete', ok({ status: 'Enabled', mfaDelete: 'Disabled' } as const), 'FAIL'],
    ['versioning never enabled', ok({ status: 'Disabled', mfaDelete: 'Disabled' } as const), 'FAIL'],
    ['denied', denied('s3:GetBucketVersioning'), 'ERROR'],
  ] as const)('%s → %s', (_name, versioning, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { s3: { buckets: ok([s3Bucket({ name: 'data', versioning })]) } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });
});
