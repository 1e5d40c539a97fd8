import { describe, expect, it } from 'vitest';
import { NO_ACCESS_KEY, TEST_ACCOUNT_ID, accountSnapshot, credentialReportRow, denied, iamUser, ok, reportAccessKey } from '../../testing/aws/index.ts';
import { activeAccessKeys, eachUserCredentialRow, hasConsolePassword, rootCredentialRow } from './iam-credentials.ts';
import { pass } from '@palisade/core';

const ROOT = credentialReportRow({ user: '<root_account>' });

describe('rootCredentialRow', () => {
  it('finds the <root_account> row', () => {
    expect(rootCredentialRow(ok([credentialReportRow({ user: 'alice' }), ROOT])).value).toBe(ROOT);
  });

  it('passes a failed report through', () => {
    expect(rootCredentialRow(denied('iam:GetCredentialReport')).error?.code).toBe('AccessDenied');
  });

  it('is an error when the report has no root row', () => {
    expect(rootCredentialRow(ok([credentialReportRow({ user: 'alice' })])).error).toMatchObject({ api: 'iam:GetCredentialReport', code: 'RootUserRowMissing' });
  });
});

describe('credential report rows', () => {
  it('lists active keys with their slot', () => {
    const row = credentialReportRow({ user: 'alice', accessKeys: [NO_ACCESS_KEY, reportAccessKey()] });
    expect(activeAccessKeys(row).map((entry) => entry.slot)).toEqual([2]);
  });

  it('treats only `true` as a console password (root reports not_supported)', () => {
    expect(hasConsolePassword(ROOT)).toBe(false);
    expect(hasConsolePassword(credentialReportRow({ user: 'alice', passwordEnabled: true }))).toBe(true);
  });

  it('evaluates user rows only, with the user tags as resource tags', () => {
    const account = accountSnapshot({
      global: {
        iam: {
          credentialReport: ok([ROOT, credentialReportRow({ user: 'alice' })]),
          users: ok([iamUser({ name: 'alice', tags: { owner: 'team-a' } })]),
        },
      },
    });
    const results = eachUserCredentialRow(account, account.global.iam!, (_row, user) => pass(user, 'seen'));
    expect(results.map((result) => result.resource)).toEqual([
      { uid: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice`, type: 'AwsIamUser', name: 'alice', region: 'global', tags: { owner: 'team-a' } },
    ]);
  });

  it('reports ERROR on the account when the report failed', () => {
    const account = accountSnapshot({ global: { iam: { credentialReport: denied('iam:GetCredentialReport') } } });
    const results = eachUserCredentialRow(account, account.global.iam!, (_row, user) => pass(user, 'seen'));
    expect(results.map((result) => [result.status, result.resource.uid])).toEqual([['ERROR', `arn:aws:iam::${TEST_ACCOUNT_ID}:root`]]);
  });
});
