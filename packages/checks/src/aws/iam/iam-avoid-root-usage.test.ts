import { describe, expect, it } from 'vitest';
import type { IamCredentialReportRow } from '@palisade/core/aws';
import { NO_ACCESS_KEY, accountSnapshot, credentialReportRow, daysAgo, denied, ok, reportAccessKey, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-avoid-root-usage.ts';

const ROOT = 'arn:aws:iam::123456789012:root';
const root = (overrides: Partial<IamCredentialReportRow> = {}) => ok([credentialReportRow({ user: '<root_account>', ...overrides })]);

describe(check.id, () => {
  it.each([
    ['never used', root(), 'PASS'],
    ['password used 120 days ago', root({ passwordLastUsed: daysAgo(120) }), 'PASS'],
    ['password used 91 days ago', root({ passwordLastUsed: daysAgo(91) }), 'PASS'],
    ['password used 90 days ago', root({ passwordLastUsed: daysAgo(90) }), 'FAIL'],
    ['password used yesterday', root({ passwordLastUsed: daysAgo(1) }), 'FAIL'],
    ['access key 2 used 10 days ago', root({ accessKeys: [NO_ACCESS_KEY, reportAccessKey({ lastUsedDate: daysAgo(10) })] }), 'FAIL'],
    ['inactive key used long ago', root({ accessKeys: [reportAccessKey({ active: false, lastUsedDate: daysAgo(400) }), NO_ACCESS_KEY] }), 'PASS'],
    ['report denied', denied('iam:GetCredentialReport'), 'ERROR'],
  ] as const)('%s → %s', (_name, credentialReport, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { credentialReport } } }));
    expect(statuses(results)).toEqual([[expected, ROOT]]);
  });

  it('honours a configured look-back period', () => {
    const account = accountSnapshot({ global: { iam: { credentialReport: root({ passwordLastUsed: daysAgo(20) }) } } });
    expect(statuses(runCheck(check, account, { rootUsageLookbackDays: 14 }))).toEqual([['PASS', ROOT]]);
    expect(statuses(runCheck(check, account, { rootUsageLookbackDays: 30 }))).toEqual([['FAIL', ROOT]]);
  });

  it('names the credential and day of use', () => {
    const [result] = runCheck(check, accountSnapshot({ global: { iam: { credentialReport: root({ passwordLastUsed: '2026-05-20T08:00:00Z' }) } } }));
    expect(result?.message).toContain('password on 2026-05-20');
  });
});
