import { describe, expect, it } from 'vitest';
import type { IamCredentialReportRow } from '@palisade/core/aws';
import { accountSnapshot, credentialReportRow, denied, iamUser, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-user-mfa-enabled-console-access.ts';

const ALICE = 'arn:aws:iam::123456789012:user/alice';
const run = (rows: IamCredentialReportRow[]) => runCheck(check, accountSnapshot({ global: { iam: { credentialReport: ok(rows) } } }));

describe(check.id, () => {
  it.each<[string, Partial<IamCredentialReportRow>, [string, string][]]>([
    ['console password with MFA', { passwordEnabled: true, mfaActive: true }, [['PASS', ALICE]]],
    ['console password without MFA', { passwordEnabled: true, mfaActive: false }, [['FAIL', ALICE]]],
    ['no console password', { passwordEnabled: false, mfaActive: false }, []],
  ])('%s', (_name, overrides, expected) => {
    expect(statuses(run([credentialReportRow({ user: '<root_account>' }), credentialReportRow({ user: 'alice', ...overrides })]))).toEqual(expected);
  });

  it('reports ERROR on the account when the credential report failed', () => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { credentialReport: denied('iam:GetCredentialReport') } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:iam::123456789012:root']]);
  });

  it('carries the user tags for tag-based mutes', () => {
    const results = runCheck(
      check,
      accountSnapshot({
        global: {
          iam: {
            credentialReport: ok([credentialReportRow({ user: 'alice', passwordEnabled: true })]),
            users: ok([iamUser({ name: 'alice', tags: { purpose: 'break-glass' } })]),
          },
        },
      }),
    );
    expect(results[0]?.resource).toEqual({ uid: ALICE, type: 'AwsIamUser', name: 'alice', region: 'global', tags: { purpose: 'break-glass' } });
  });
});
