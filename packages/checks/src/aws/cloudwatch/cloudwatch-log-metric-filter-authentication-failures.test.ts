import { describe, expect, it } from 'vitest';
import { TEST_ACCOUNT_ID, accountSnapshot, denied, monitoringChainSnapshot, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './cloudwatch-log-metric-filter-authentication-failures.ts';

const ROOT = `arn:aws:iam::${TEST_ACCOUNT_ID}:root`;
/** As printed in CIS AWS Foundations v3.0 4.6. */
const CIS_PATTERN =
  '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }';

describe(check.id, () => {
  it.each([
    ['the CIS pattern', CIS_PATTERN, 'PASS'],
    ['a reordered, reformatted equivalent', '{ $.errorMessage = "Failed authentication" && $.eventName = "ConsoleLogin" }', 'PASS'],
    ['a pattern missing $.errorMessage = "Failed authentication"', '{ ($.eventName = ConsoleLogin) }', 'FAIL'],
  ] as const)('metric filter with %s → %s', (_name, pattern, expected) => {
    expect(statuses(runCheck(check, monitoringChainSnapshot({ pattern })))).toEqual([[expected, ROOT]]);
  });

  it('names the missing clause', () => {
    const [result] = runCheck(check, monitoringChainSnapshot({ pattern: '{ ($.eventName = ConsoleLogin) }' }));
    expect(result?.message).toContain('$.errorMessage = "Failed authentication"');
  });

  it('fails when no alarm watches the metric', () => {
    const [result] = runCheck(check, monitoringChainSnapshot({ pattern: CIS_PATTERN, alarm: null }));
    expect([result?.status, result?.message]).toEqual(['FAIL', expect.stringContaining('no CloudWatch alarm watches')]);
  });

  it('fails when the alarm topic has no confirmed subscription', () => {
    const results = runCheck(check, monitoringChainSnapshot({ pattern: CIS_PATTERN, subscription: { subscriptionArn: 'PendingConfirmation' } }));
    expect(statuses(results)).toEqual([['FAIL', ROOT]]);
  });

  it('reports ERROR when trails cannot be listed', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails: denied('cloudtrail:DescribeTrails') } } } });
    const results = runCheck(check, account);
    expect(statuses(results)).toEqual([['ERROR', ROOT]]);
    expect(results[0]?.message).toContain('cloudtrail:DescribeTrails failed with AccessDenied');
  });
});
