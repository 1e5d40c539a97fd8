import { describe, expect, it } from 'vitest';
import type { IamCredentialReportRow, IamVirtualMfaDevice } from '@palisade/core/aws';
import { accountSnapshot, credentialReportRow, denied, ok, runCheck, statuses, virtualMfaDevice } from '../../testing/aws/index.ts';
import check from './iam-user-hardware-mfa-enabled.ts';

const ALICE = 'arn:aws:iam::123456789012:user/alice';
const ROOT = 'arn:aws:iam::123456789012:root';

describe(check.id, () => {
  it.each<[string, Partial<IamCredentialReportRow>, IamVirtualMfaDevice[], [string, string][]]>([
    ['console user with hardware MFA', { passwordEnabled: true, mfaActive: true }, [], [['PASS', ALICE]]],
    ['console user with virtual MFA', { passwordEnabled: true, mfaActive: true }, [virtualMfaDevice('alice-phone', ALICE)], [['FAIL', ALICE]]],
    ['console user without MFA', { passwordEnabled: true, mfaActive: false }, [], [['FAIL', ALICE]]],
    ['programmatic user with virtual MFA', { passwordEnabled: false, mfaActive: true }, [virtualMfaDevice('alice-phone', ALICE)], [['FAIL', ALICE]]],
    ['virtual device of another user', { passwordEnabled: true, mfaActive: true }, [virtualMfaDevice('bob', 'arn:aws:iam::123456789012:user/bob')], [['PASS', ALICE]]],
    ['programmatic user without MFA', { passwordEnabled: false, mfaActive: false }, [], []],
  ])('%s', (_name, overrides, devices, expected) => {
    const account = accountSnapshot({
      global: {
        iam: {
          credentialReport: ok([credentialReportRow({ user: '<root_account>', mfaActive: true }), credentialReportRow({ user: 'alice', ...overrides })]),
          virtualMfaDevices: ok(devices),
        },
      },
    });
    expect(statuses(runCheck(check, account))).toEqual(expected);
  });

  it.each([
    ['credential report', { credentialReport: denied<IamCredentialReportRow[]>('iam:GetCredentialReport') }],
    ['virtual MFA devices', { virtualMfaDevices: denied<IamVirtualMfaDevice[]>('iam:ListVirtualMFADevices') }],
  ])('reports ERROR on the account when the %s failed', (_name, iam) => {
    const account = accountSnapshot({ global: { iam: { credentialReport: ok([credentialReportRow({ user: 'alice', passwordEnabled: true })]), ...iam } } });
    expect(statuses(runCheck(check, account))).toEqual([['ERROR', ROOT]]);
  });
});
