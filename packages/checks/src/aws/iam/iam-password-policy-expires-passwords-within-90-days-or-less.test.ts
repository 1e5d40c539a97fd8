import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, passwordPolicy, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-password-policy-expires-passwords-within-90-days-or-less.ts';

const ROOT = 'arn:aws:iam::123456789012:root';

describe(check.id, () => {
  it.each([
    ['expires after 90 days', ok(passwordPolicy({ expirePasswords: true, maxPasswordAge: 90 })), 'PASS'],
    ['expires after 30 days', ok(passwordPolicy({ expirePasswords: true, maxPasswordAge: 30 })), 'PASS'],
    ['expires after 91 days', ok(passwordPolicy({ expirePasswords: true, maxPasswordAge: 91 })), 'FAIL'],
    ['never expires', ok(passwordPolicy({ expirePasswords: false, maxPasswordAge: undefined })), 'FAIL'],
    ['no policy', ok(null), 'FAIL'],
    ['denied', denied('iam:GetAccountPasswordPolicy'), 'ERROR'],
  ] as const)('%s → %s', (_name, policy, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { passwordPolicy: policy } } }));
    expect(statuses(results)).toEqual([[expected, ROOT]]);
  });

  it('honours a configured maximum password age', () => {
    const account = accountSnapshot({ global: { iam: { passwordPolicy: ok(passwordPolicy({ maxPasswordAge: 90 })) } } });
    expect(statuses(runCheck(check, account, { maxPasswordAgeDays: 60 }))).toEqual([['FAIL', ROOT]]);
    expect(statuses(runCheck(check, account, { maxPasswordAgeDays: 180 }))).toEqual([['PASS', ROOT]]);
  });
});
