import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, passwordPolicy, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-password-policy-number.ts';

const ROOT = 'arn:aws:iam::123456789012:root';

describe(check.id, () => {
  it.each([
    ['required', ok(passwordPolicy({ requireNumbers: true })), 'PASS'],
    ['not required', ok(passwordPolicy({ requireNumbers: false })), 'FAIL'],
    ['no policy', ok(null), 'FAIL'],
    ['denied', denied('iam:GetAccountPasswordPolicy'), 'ERROR'],
  ] as const)('%s → %s', (_name, policy, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { passwordPolicy: policy } } }));
    expect(statuses(results)).toEqual([[expected, ROOT]]);
  });

  it('names the failed API and error code on ERROR', () => {
    const [result] = runCheck(check, accountSnapshot({ global: { iam: { passwordPolicy: denied('iam:GetAccountPasswordPolicy') } } }));
    expect(result?.message).toContain('iam:GetAccountPasswordPolicy failed with AccessDenied');
  });
});
