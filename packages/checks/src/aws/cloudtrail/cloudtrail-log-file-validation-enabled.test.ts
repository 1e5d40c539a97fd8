import { describe, expect, it } from 'vitest';
import { accountSnapshot, cloudTrailTrail, denied, ok, runCheck, statuses, TEST_ACCOUNT_ID } from '../../testing/aws/index.ts';
import check from './cloudtrail-log-file-validation-enabled.ts';

const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT_ID}:trail/main`;

describe(check.id, () => {
  it.each([
    ['validation on', true, 'PASS'],
    ['validation off', false, 'FAIL'],
  ] as const)('%s → %s', (_name, logFileValidationEnabled, expected) => {
    const account = accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails: ok([cloudTrailTrail({ name: 'main', logFileValidationEnabled })]) } } } });
    expect(statuses(runCheck(check, account))).toEqual([[expected, TRAIL_ARN]]);
  });

  it('reports each trail once even when it is listed in several regions', () => {
    const trail = cloudTrailTrail({ name: 'main', logFileValidationEnabled: false });
    const other = cloudTrailTrail({ name: 'local', homeRegion: 'eu-west-1', isMultiRegion: false });
    const account = accountSnapshot({
      regions: ['us-east-1', 'eu-west-1'],
      regional: { 'us-east-1': { cloudtrail: { trails: ok([trail]) } }, 'eu-west-1': { cloudtrail: { trails: ok([trail, other]) } } },
    });
    expect(statuses(runCheck(check, account))).toEqual([
      ['PASS', `arn:aws:cloudtrail:eu-west-1:${TEST_ACCOUNT_ID}:trail/local`],
      ['FAIL', TRAIL_ARN],
    ]);
  });

  it('reports nothing when there are no trails (the multi-region check covers that)', () => {
    expect(runCheck(check, accountSnapshot())).toEqual([]);
  });

  it('reports ERROR on the account when trails cannot be listed', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { cloudtrail: { trails: denied('cloudtrail:DescribeTrails') } } } });
    const results = runCheck(check, account);
    expect(statuses(results)).toEqual([['ERROR', `arn:aws:iam::${TEST_ACCOUNT_ID}:root`]]);
    expect(results[0]?.message).toContain('cloudtrail:DescribeTrails failed with AccessDenied');
  });
});
