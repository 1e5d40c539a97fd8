import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, passwordPolicy, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-password-policy-minimum-length-14.ts';

const ROOT = 'arn:aws:iam::123456789012:root';
const policy = (minimumPasswordLength: number) => passwordPolicy({ minimumPasswordLength });

describe(check.id, () => {
  it.each([
    ['length 14', ok(policy(14)), 'PASS'],
    ['length 20', ok(policy(20)), 'PASS'],
    ['length 8', ok(policy(8)), 'FAIL'],
    ['no policy', ok(null), 'FAIL'],
    ['denied', denied('iam:GetAccountPasswordPolicy'), 'ERROR'],
  ] as const)('%s → %s', (_name, passwordPolicy, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { passwordPolicy } } }));
    expect(statuses(results)).toEqual([[expected, ROOT]]);
  });

  it('honours a configured minimum length', () => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { passwordPolicy: ok(policy(14)) } } }), { minPasswordLength: 16 });
    expect(statuses(results)).toEqual([['FAIL', ROOT]]);
  });

  it('names the failed API and error code on ERROR', () => {
    const [result] = runCheck(check, accountSnapshot({ global: { iam: { passwordPolicy: denied('iam:GetAccountPasswordPolicy') } } }));
    expect(result?.message).toContain('iam:GetAccountPasswordPolicy failed with AccessDenied');
  });
});
