import { describe, expect, it } from 'vitest';
import type { IamCredentialReportRow } from '@palisade/core/aws';
import { NO_ACCESS_KEY, accountSnapshot, credentialReportRow, daysAgo, denied, ok, reportAccessKey, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-user-accesskey-unused.ts';

const BOB = 'arn:aws:iam::123456789012:user/ci/bob';
const report = (accessKeys: IamCredentialReportRow['accessKeys']) =>
  ok([credentialReportRow({ user: '<root_account>' }), credentialReportRow({ user: 'bob', arn: BOB, accessKeys })]);

describe(check.id, () => {
  it.each<[string, IamCredentialReportRow['accessKeys'], [string, string][]]>([
    ['key used yesterday', [reportAccessKey({ lastUsedDate: daysAgo(1) }), NO_ACCESS_KEY], [['PASS', BOB]]],
    ['key used 44 days ago', [reportAccessKey({ lastUsedDate: daysAgo(44) }), NO_ACCESS_KEY], [['PASS', BOB]]],
    ['key used 45 days ago', [reportAccessKey({ lastUsedDate: daysAgo(45) }), NO_ACCESS_KEY], [['FAIL', BOB]]],
    ['second key stale', [reportAccessKey(), reportAccessKey({ lastUsedDate: daysAgo(100) })], [['FAIL', BOB]]],
    ['key never used, created 5 days ago', [reportAccessKey({ lastUsedDate: null, lastRotated: daysAgo(5) }), NO_ACCESS_KEY], [['PASS', BOB]]],
    ['key never used, created 50 days ago', [reportAccessKey({ lastUsedDate: null, lastRotated: daysAgo(50) }), NO_ACCESS_KEY], [['FAIL', BOB]]],
    ['inactive stale key', [reportAccessKey({ active: false, lastUsedDate: daysAgo(300) }), NO_ACCESS_KEY], []],
    ['no keys', [NO_ACCESS_KEY, NO_ACCESS_KEY], []],
  ])('%s', (_name, accessKeys, expected) => {
    expect(statuses(runCheck(check, accountSnapshot({ global: { iam: { credentialReport: report(accessKeys) } } })))).toEqual(expected);
  });

  it('honours a configured unused-credential period', () => {
    const account = accountSnapshot({ global: { iam: { credentialReport: report([reportAccessKey({ lastUsedDate: daysAgo(60) }), NO_ACCESS_KEY]) } } });
    expect(statuses(runCheck(check, account, { maxUnusedCredentialDays: 90 }))).toEqual([['PASS', BOB]]);
    expect(statuses(runCheck(check, account, { maxUnusedCredentialDays: 30 }))).toEqual([['FAIL', BOB]]);
  });

  it('names the stale key in the message', () => {
    const [result] = runCheck(check, accountSnapshot({ global: { iam: { credentialReport: report([reportAccessKey(), reportAccessKey({ lastUsedDate: null, lastRotated: daysAgo(70) })]) } } }));
    expect(result?.message).toContain('key 2 never used, created 70 days ago');
  });

  it('reports ERROR on the account when the credential report failed', () => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { credentialReport: denied('iam:GetCredentialReport') } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:iam::123456789012:root']]);
  });
});
