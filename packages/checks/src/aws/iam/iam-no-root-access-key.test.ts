import { describe, expect, it } from 'vitest';
import type { IamReportAccessKey } from '@palisade/core/aws';
import { NO_ACCESS_KEY, accountSnapshot, credentialReportRow, denied, ok, reportAccessKey, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-no-root-access-key.ts';

const ROOT = 'arn:aws:iam::123456789012:root';
const root = (accessKeys: readonly [IamReportAccessKey, IamReportAccessKey]) => credentialReportRow({ user: '<root_account>', accessKeys });

describe(check.id, () => {
  it.each([
    ['no root keys', ok([root([NO_ACCESS_KEY, NO_ACCESS_KEY])]), 'PASS'],
    ['inactive root key only', ok([root([reportAccessKey({ active: false }), NO_ACCESS_KEY])]), 'PASS'],
    ['active root key 1', ok([root([reportAccessKey(), NO_ACCESS_KEY])]), 'FAIL'],
    ['active root key 2', ok([root([NO_ACCESS_KEY, reportAccessKey({ lastUsedDate: null })])]), 'FAIL'],
    ['report denied', denied('iam:GetCredentialReport'), 'ERROR'],
    ['report without root row', ok([credentialReportRow({ user: 'alice' })]), 'ERROR'],
  ] as const)('%s → %s', (_name, credentialReport, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { credentialReport } } }));
    expect(statuses(results)).toEqual([[expected, ROOT]]);
  });

  it('ignores access keys of IAM users', () => {
    const report = ok([root([NO_ACCESS_KEY, NO_ACCESS_KEY]), credentialReportRow({ user: 'alice', accessKeys: [reportAccessKey(), reportAccessKey()] })]);
    expect(statuses(runCheck(check, accountSnapshot({ global: { iam: { credentialReport: report } } })))).toEqual([['PASS', ROOT]]);
  });

  it('names the failed API and error code on ERROR', () => {
    const [result] = runCheck(check, accountSnapshot({ global: { iam: { credentialReport: denied('iam:GetCredentialReport') } } }));
    expect(result?.message).toContain('iam:GetCredentialReport failed with AccessDenied');
  });
});
