import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, passwordPolicy, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-password-policy-reuse-24.ts';

const ROOT = 'arn:aws:iam::123456789012:root';

describe(check.id, () => {
  it.each([
    ['remembers 24', ok(passwordPolicy({ passwordReusePrevention: 24 })), 'PASS'],
    ['remembers 23', ok(passwordPolicy({ passwordReusePrevention: 23 })), 'FAIL'],
    ['reuse not prevented', ok(passwordPolicy({ passwordReusePrevention: undefined })), 'FAIL'],
    ['no policy', ok(null), 'FAIL'],
    ['denied', denied('iam:GetAccountPasswordPolicy'), 'ERROR'],
  ] as const)('%s → %s', (_name, policy, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { passwordPolicy: policy } } }));
    expect(statuses(results)).toEqual([[expected, ROOT]]);
  });

  it('honours a configured reuse prevention count', () => {
    const account = accountSnapshot({ global: { iam: { passwordPolicy: ok(passwordPolicy({ passwordReusePrevention: 12 })) } } });
    expect(statuses(runCheck(check, account, { minPasswordReusePrevention: 12 }))).toEqual([['PASS', ROOT]]);
    expect(statuses(runCheck(check, account))).toEqual([['FAIL', ROOT]]);
  });
});
