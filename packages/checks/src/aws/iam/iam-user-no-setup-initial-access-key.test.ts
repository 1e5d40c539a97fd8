import { describe, expect, it } from 'vitest';
import type { IamCredentialReportRow } from '@palisade/core/aws';
import { NO_ACCESS_KEY, accountSnapshot, credentialReportRow, denied, ok, reportAccessKey, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-user-no-setup-initial-access-key.ts';

const ALICE = 'arn:aws:iam::123456789012:user/alice';
const neverUsed = reportAccessKey({ lastUsedDate: null, lastUsedRegion: null, lastUsedService: null });

describe(check.id, () => {
  it.each<[string, Partial<IamCredentialReportRow>, [string, string][]]>([
    ['console user, keys used', { passwordEnabled: true, accessKeys: [reportAccessKey(), reportAccessKey()] }, [['PASS', ALICE]]],
    ['console user, no keys', { passwordEnabled: true, accessKeys: [NO_ACCESS_KEY, NO_ACCESS_KEY] }, [['PASS', ALICE]]],
    ['console user, inactive never-used key', { passwordEnabled: true, accessKeys: [{ ...neverUsed, active: false }, NO_ACCESS_KEY] }, [['PASS', ALICE]]],
    ['console user, active key never used', { passwordEnabled: true, accessKeys: [neverUsed, NO_ACCESS_KEY] }, [['FAIL', ALICE]]],
    ['console user, second key never used', { passwordEnabled: true, accessKeys: [reportAccessKey(), neverUsed] }, [['FAIL', ALICE]]],
    ['programmatic user, key never used', { passwordEnabled: false, accessKeys: [neverUsed, NO_ACCESS_KEY] }, []],
  ])('%s', (_name, overrides, expected) => {
    const report = ok([credentialReportRow({ user: '<root_account>' }), credentialReportRow({ user: 'alice', ...overrides })]);
    expect(statuses(runCheck(check, accountSnapshot({ global: { iam: { credentialReport: report } } })))).toEqual(expected);
  });

  it('reports ERROR on the account when the credential report failed', () => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { credentialReport: denied('iam:GetCredentialReport', 'ReportInProgress') } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:iam::123456789012:root']]);
    expect(results[0]?.message).toContain('ReportInProgress');
  });
});
