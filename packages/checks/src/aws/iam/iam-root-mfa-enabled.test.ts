import { describe, expect, it } from 'vitest';
import { accountSnapshot, credentialReportRow, denied, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-root-mfa-enabled.ts';

const ROOT = 'arn:aws:iam::123456789012:root';

describe(check.id, () => {
  it.each([
    ['root MFA active', ok([credentialReportRow({ user: '<root_account>', mfaActive: true })]), 'PASS'],
    ['root MFA inactive', ok([credentialReportRow({ user: '<root_account>', mfaActive: false })]), 'FAIL'],
    ['only users have MFA', ok([credentialReportRow({ user: '<root_account>' }), credentialReportRow({ user: 'alice', mfaActive: true })]), 'FAIL'],
    ['report denied', denied('iam:GetCredentialReport'), 'ERROR'],
  ] as const)('%s → %s', (_name, credentialReport, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { credentialReport } } }));
    expect(statuses(results)).toEqual([[expected, ROOT]]);
  });

  it('reports ERROR when IAM was not collected', () => {
    const account = accountSnapshot();
    const { iam: _iam, ...global } = account.global;
    const results = runCheck(check, { ...account, global: global as typeof account.global });
    expect(statuses(results)).toEqual([['ERROR', ROOT]]);
    expect(results[0]?.error?.code).toBe('NotCollected');
  });
});
