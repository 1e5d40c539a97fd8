import { describe, expect, it } from 'vitest';
import { TEST_ACCOUNT_ID, accountSnapshot, denied, guardDutyDetector, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './guardduty-is-enabled.ts';

const REGION_UID = `arn:aws:guardduty:us-east-1:${TEST_ACCOUNT_ID}:guardduty/us-east-1`;

describe(check.id, () => {
  it.each([
    ['enabled detector', ok([guardDutyDetector({ id: 'd1' })]), 'PASS'],
    ['no detector', ok([]), 'FAIL'],
    ['suspended detector', ok([guardDutyDetector({ id: 'd1', status: 'DISABLED' })]), 'FAIL'],
    ['denied', denied('guardduty:ListDetectors'), 'ERROR'],
  ] as const)('%s → %s', (_name, detectors, expected) => {
    const account = accountSnapshot({ regional: { 'us-east-1': { guardduty: { detectors } } } });
    expect(statuses(runCheck(check, account))).toEqual([[expected, REGION_UID]]);
  });

  it('says a detector exists but is suspended', () => {
    const account = accountSnapshot({ regional: { 'us-east-1': { guardduty: { detectors: ok([guardDutyDetector({ id: 'd1', status: 'DISABLED' })]) } } } });
    expect(runCheck(check, account)[0]?.message).toBe('GuardDuty detector d1 is suspended in us-east-1.');
  });
});
