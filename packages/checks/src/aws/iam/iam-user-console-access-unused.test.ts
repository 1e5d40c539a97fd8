import { describe, expect, it } from 'vitest';
import type { IamCredentialReportRow } from '@palisade/core/aws';
import { accountSnapshot, credentialReportRow, daysAgo, denied, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './iam-user-console-access-unused.ts';

const ALICE = 'arn:aws:iam::123456789012:user/alice';
const report = (overrides: Partial<IamCredentialReportRow>) => ok([credentialReportRow({ user: '<root_account>' }), credentialReportRow({ user: 'alice', ...overrides })]);

describe(check.id, () => {
  it.each<[string, Partial<IamCredentialReportRow>, [string, string][]]>([
    ['signed in 3 days ago', { passwordEnabled: true, passwordLastUsed: daysAgo(3) }, [['PASS', ALICE]]],
    ['signed in 44 days ago', { passwordEnabled: true, passwordLastUsed: daysAgo(44) }, [['PASS', ALICE]]],
    ['signed in 45 days ago', { passwordEnabled: true, passwordLastUsed: daysAgo(45) }, [['FAIL', ALICE]]],
    ['signed in 200 days ago', { passwordEnabled: true, passwordLastUsed: daysAgo(200) }, [['FAIL', ALICE]]],
    ['never signed in, password set 10 days ago', { passwordEnabled: true, passwordLastChanged: daysAgo(10) }, [['PASS', ALICE]]],
    ['never signed in, password set 60 days ago', { passwordEnabled: true, passwordLastChanged: daysAgo(60) }, [['FAIL', ALICE]]],
    ['never signed in, created 400 days ago', { passwordEnabled: true, userCreationTime: daysAgo(400) }, [['FAIL', ALICE]]],
    ['no console password', { passwordEnabled: false, passwordLastUsed: daysAgo(300) }, []],
  ])('%s', (_name, overrides, expected) => {
    expect(statuses(runCheck(check, accountSnapshot({ global: { iam: { credentialReport: report(overrides) } } })))).toEqual(expected);
  });

  it('honours a configured unused-credential period', () => {
    const account = accountSnapshot({ global: { iam: { credentialReport: report({ passwordEnabled: true, passwordLastUsed: daysAgo(60) }) } } });
    expect(statuses(runCheck(check, account, { maxUnusedCredentialDays: 90 }))).toEqual([['PASS', ALICE]]);
    expect(statuses(runCheck(check, account, { maxUnusedCredentialDays: 30 }))).toEqual([['FAIL', ALICE]]);
  });

  it('reports ERROR on the account when the credential report failed', () => {
    const results = runCheck(check, accountSnapshot({ global: { iam: { credentialReport: denied('iam:GetCredentialReport') } } }));
    expect(statuses(results)).toEqual([['ERROR', 'arn:aws:iam::123456789012:root']]);
  });
});
