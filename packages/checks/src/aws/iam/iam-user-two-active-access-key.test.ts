import { describe, expect, it } from 'vitest';
import type { IamCredentialReportRow } from '@palisade/core/aws';
import { NO_ACCESS_KEY, accountSnapshot, credentialReportRow, denied, ok, reportAccessKey, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-user-two-active-access-key.ts';

const ALICE = 'arn:aws:iam::123456789012:user/alice';

describe(check.id, () => {
  it.each<[string, IamCredentialReportRow['accessKeys'], [string, string][]]>([
    ['one active key', [reportAccessKey(), NO_ACCESS_KEY], [['PASS', ALICE]]],
    ['one active, one inactive', [reportAccessKey(), reportAccessKey({ active: false })], [['PASS', ALICE]]],
    ['two active keys', [reportAccessKey(), reportAccessKey()], [['FAIL', ALICE]]],
    ['no keys', [NO_ACCESS_KEY, NO_ACCESS_KEY], []],
  ])('%s', (_name, accessKeys, expected) => {
    const report = ok([credentialReportRow({ user: '<root_account>', accessKeys: [reportAccessKey(), reportAccessKey()] }), credentialReportRow({ user: 'alice', accessKeys })]);
    expect(statuses(runCheck(check, accountSnapshot({ global: { iam: { credentialReport: report } } })))).toEqual(expected);
  });

  it('reports ERROR on the account when the credential report failed', () => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { credentialReport: denied('iam:GetCredentialReport') } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:iam::123456789012:root']]);
  });
});
