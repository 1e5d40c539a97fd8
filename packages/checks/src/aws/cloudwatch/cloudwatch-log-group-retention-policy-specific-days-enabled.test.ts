import { describe, expect, it } from 'vitest';
import { TEST_ACCOUNT_ID, accountSnapshot, denied, logGroup, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './cloudwatch-log-group-retention-policy-specific-days-enabled.ts';

const GROUP_ARN = `arn:aws:logs:us-east-1:${TEST_ACCOUNT_ID}:log-group:app`;
const withRetention = (retentionInDays: number | undefined) =>
  accountSnapshot({ regional: { 'us-east-1': { logs: { logGroups: ok([logGroup({ name: 'app', ...(retentionInDays === undefined ? {} : { retentionInDays }) })]) } } } });

describe(check.id, () => {
  it.each([
    ['never expires', undefined, 'PASS'],
    ['400 days', 400, 'PASS'],
    ['exactly 365 days', 365, 'PASS'],
    ['90 days', 90, 'FAIL'],
  ] as const)('%s → %s', (_name, retention, expected) => {
    expect(statuses(runCheck(check, withRetention(retention)))).toEqual([[expected, GROUP_ARN]]);
  });

  it('honours a configured minimum retention', () => {
    expect(statuses(runCheck(check, withRetention(90), { minLogRetentionDays: 30 }))).toEqual([['PASS', GROUP_ARN]]);
  });

  it('reports ERROR on the region when log groups cannot be listed', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { logs: { logGroups: denied('logs:DescribeLogGroups') } } } });
    const results = runCheck(check, account);
    expect(statuses(results)).toEqual([['ERROR', `arn:aws:logs:us-east-1:${TEST_ACCOUNT_ID}:logs/us-east-1`]]);
    expect(results[0]?.message).toContain('logs:DescribeLogGroups failed with AccessDenied');
  });
});
