import { describe, expect, it } from 'vitest';
import { accountSnapshot, denied, ok, runCheck, statuses, virtualMfaDevice } from '../../testing/aws/index.ts';
import check from './iam-root-hardware-mfa-enabled.ts';

const ROOT = 'arn:aws:iam::123456789012:root';
const mfaOn = ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 });
const mfaOff = ok({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 });

describe(check.id, () => {
  it.each([
    ['MFA, no virtual devices', mfaOn, ok([]), 'PASS'],
    ['MFA, virtual devices of users only', mfaOn, ok([virtualMfaDevice('alice', 'arn:aws:iam::123456789012:user/alice'), virtualMfaDevice('spare')]), 'PASS'],
    ['MFA is the legacy root virtual device', mfaOn, ok([virtualMfaDevice('root-account-mfa-device')]), 'FAIL'],
    ['MFA is a named virtual device assigned to root', mfaOn, ok([virtualMfaDevice('my-phone', ROOT)]), 'FAIL'],
    ['no MFA at all', mfaOff, ok([]), 'FAIL'],
    ['summary denied', denied('iam:GetAccountSummary'), ok([]), 'ERROR'],
    ['virtual devices denied', mfaOn, denied('iam:ListVirtualMFADevices'), 'ERROR'],
  ] as const)('%s → %s', (_name, accountSummary, virtualMfaDevices, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { accountSummary, virtualMfaDevices } } }));
    expect(statuses(results)).toEqual([[expected, ROOT]]);
  });

  it('uses the partition of the account for the legacy root device serial', () => {
    const account = { ...accountSnapshot({ global: { iam: { accountSummary: mfaOn, virtualMfaDevices: ok([virtualMfaDevice('root-account-mfa-device')]) } } }), partition: 'aws-us-gov' as const };
    // The fixture serial is in partition `aws`, so it is not the root device of an aws-us-gov account.
    expect(statuses(runCheck(check, account))).toEqual([['PASS', 'arn:aws-us-gov:iam::123456789012:root']]);
  });
});
