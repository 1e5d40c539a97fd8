import { describe, expect, it } from 'vitest';
import { TEST_ACCOUNT_ID, accountSnapshot, denied, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './macie-is-enabled.ts';

const REGION_UID = `arn:aws:macie:us-east-1:${TEST_ACCOUNT_ID}:macie/us-east-1`;

describe(check.id, () => {
  it.each([
    ['enabled', ok({ status: 'ENABLED' as const }), 'PASS'],
    ['paused', ok({ status: 'PAUSED' as const }), 'FAIL'],
    ['not enabled', ok(null), 'FAIL'],
    ['denied', denied('macie2:GetMacieSession'), 'ERROR'],
  ] as const)('%s → %s', (_name, session, expected) => {
    const account = accountSnapshot({ regional: { 'us-east-1': { macie: { session } } } });
    expect(statuses(runCheck(check, account))).toEqual([[expected, REGION_UID]]);
  });
});
