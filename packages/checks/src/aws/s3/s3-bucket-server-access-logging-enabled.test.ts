import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, runCheck, s3Bucket, statuses } from '../../testing/aws/index.ts';
import check from './s3-bucket-server-access-logging-enabled.ts';

const ARN = 'arn:aws:s3:::data';

describe(check.id, () => {
  it.each([
    ['logging on', ok({ targetBucket: 'access-logs', targetPrefix: 'data/' }), 'PASS'],
    ['logging off', ok(null), 'FAIL'],
    ['denied', denied('s3:GetBucketLogging'), 'ERROR'],
  ] as const)('%s → %s', (_name, logging, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { s3: { buckets: ok([s3Bucket({ name: 'data', logging })]) } } }));
    expect(statuses(results)).toEqual([[expected, ARN]]);
  });
});
