import { describe, expect, it } from 'vitest';
import type { CloudTrailTrail } from '@palisade/core/aws';
import { TEST_ACCOUNT_ID, accountSnapshot, cloudTrailTrail, daysAgo, denied, logGroupArn, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './cloudtrail-cloudwatch-logging-enabled.ts';

const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT_ID}:trail/main`;
const delivering = (status: CloudTrailTrail['status']): Partial<CloudTrailTrail> => ({ cloudWatchLogsLogGroupArn: logGroupArn('aws-cloudtrail-logs'), status });

describe(check.id, () => {
  it.each([
    ['delivered an hour ago', delivering(ok({ isLogging: true, latestCloudWatchLogsDeliveryTime: daysAgo(1 / 24) })), 'PASS'],
    ['no log group', {}, 'FAIL'],
    ['last delivery two days ago', delivering(ok({ isLogging: true, latestCloudWatchLogsDeliveryTime: daysAgo(2) })), 'FAIL'],
    ['never delivered', delivering(ok({ isLogging: true })), 'FAIL'],
    ['status denied', delivering(denied('cloudtrail:GetTrailStatus')), 'ERROR'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const account = accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails: ok([cloudTrailTrail({ name: 'main', ...overrides })]) } } } });
    expect(statuses(runCheck(check, account))).toEqual([[expected, TRAIL_ARN]]);
  });

  it('reports ERROR on the account when trails cannot be listed', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails: denied('cloudtrail:DescribeTrails') } } } });
    expect(statuses(runCheck(check, account))).toEqual([['ERROR', `arn:aws:iam::${TEST_ACCOUNT_ID}:root`]]);
  });
});
