import { describe, expect, it } from 'vitest';
import type { IamCredentialReportRow } from '@palisade/core/aws';
import { NO_ACCESS_KEY, accountSnapshot, credentialReportRow, daysAgo, denied, ok, reportAccessKey, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-rotate-access-key-90-days.ts';

const ALICE = 'arn:aws:iam::123456789012:user/alice';
const report = (accessKeys: IamCredentialReportRow['accessKeys']) =>
  ok([credentialReportRow({ user: '<root_account>' }), credentialReportRow({ user: 'alice', accessKeys })]);

describe(check.id, () => {
  it.each<[string, IamCredentialReportRow['accessKeys'], [string, string][]]>([
    ['rotated 30 days ago', [reportAccessKey({ lastRotated: daysAgo(30) }), NO_ACCESS_KEY], [['PASS', ALICE]]],
    ['rotated 90 days ago', [reportAccessKey({ lastRotated: daysAgo(90) }), NO_ACCESS_KEY], [['PASS', ALICE]]],
    ['rotated 91 days ago', [reportAccessKey({ lastRotated: daysAgo(91) }), NO_ACCESS_KEY], [['FAIL', ALICE]]],
    ['second key old', [reportAccessKey(), reportAccessKey({ lastRotated: daysAgo(365) })], [['FAIL', ALICE]]],
    ['old key inactive', [reportAccessKey(), reportAccessKey({ active: false, lastRotated: daysAgo(365) })], [['PASS', ALICE]]],
    ['no keys', [NO_ACCESS_KEY, NO_ACCESS_KEY], []],
  ])('%s', (_name, accessKeys, expected) => {
    expect(statuses(runCheck(check, accountSnapshot({ global: { iam: { credentialReport: report(accessKeys) } } })))).toEqual(expected);
  });

  it('honours a configured maximum key age', () => {
    const account = accountSnapshot({ global: { iam: { credentialReport: report([reportAccessKey({ lastRotated: daysAgo(60) }), NO_ACCESS_KEY]) } } });
    expect(statuses(runCheck(check, account, { maxAccessKeyAgeDays: 45 }))).toEqual([['FAIL', ALICE]]);
    expect(statuses(runCheck(check, account, { maxAccessKeyAgeDays: 365 }))).toEqual([['PASS', ALICE]]);
  });

  it('reports ERROR on the account when the credential report failed', () => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { credentialReport: denied('iam:GetCredentialReport') } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:iam::123456789012:root']]);
  });
});
