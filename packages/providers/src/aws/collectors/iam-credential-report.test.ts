import { describe, expect, it } from 'vitest';
import { parseCredentialReport } from './iam-credential-report.ts';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
  'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

// Rows as IAM writes them: the root row uses not_supported for password fields; never-used values are N/A or no_information.
const ROOT =
  '<root_account>,arn:aws:iam::123456789012:root,2019-03-04T10:11:12+00:00,not_supported,2025-05-01T08:00:00+00:00,not_supported,not_supported,true,' +
  'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const ALICE =
  'alice,arn:aws:iam::123456789012:user/alice,2021-06-01T12:00:00+00:00,true,2025-06-01T09:30:00+00:00,2025-01-15T00:00:00+00:00,N/A,false,' +
  'true,2024-02-01T00:00:00+00:00,2025-06-02T10:00:00+00:00,us-east-1,s3,true,2024-03-01T00:00:00+00:00,N/A,N/A,N/A,true,2023-01-01T00:00:00+00:00,false,N/A';
const BOB =
  'bob,arn:aws:iam::123456789012:user/ops/bob,2022-01-01T00:00:00+00:00,false,no_information,N/A,N/A,true,' +
  'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';

const bytes = (text: string) => new TextEncoder().encode(text);
const noKey = { active: false, lastRotated: null, lastUsedDate: null, lastUsedRegion: null, lastUsedService: null };
const noCert = { active: false, lastRotated: null };

describe('parseCredentialReport', () => {
  it('parses the root row and user rows from the report bytes', () => {
    const report = parseCredentialReport(bytes(`${HEADER}\n${ROOT}\n${ALICE}\n${BOB}\n`));
    expect(report.error).toBeUndefined();
    expect(report.value).toEqual([
      {
        user: '<root_account>',
        arn: 'arn:aws:iam::123456789012:root',
        userCreationTime: '2019-03-04T10:11:12.000Z',
        passwordEnabled: 'not_supported',
        passwordLastUsed: '2025-05-01T08:00:00.000Z',
        passwordLastChanged: null,
        passwordNextRotation: null,
        mfaActive: true,
        accessKeys: [noKey, noKey],
        certificates: [noCert, noCert],
      },
      {
        user: 'alice',
        arn: 'arn:aws:iam::123456789012:user/alice',
        userCreationTime: '2021-06-01T12:00:00.000Z',
        passwordEnabled: true,
        passwordLastUsed: '2025-06-01T09:30:00.000Z',
        passwordLastChanged: '2025-01-15T00:00:00.000Z',
        passwordNextRotation: null,
        mfaActive: false,
        accessKeys: [
          { active: true, lastRotated: '2024-02-01T00:00:00.000Z', lastUsedDate: '2025-06-02T10:00:00.000Z', lastUsedRegion: 'us-east-1', lastUsedService: 's3' },
          { active: true, lastRotated: '2024-03-01T00:00:00.000Z', lastUsedDate: null, lastUsedRegion: null, lastUsedService: null },
        ],
        certificates: [{ active: true, lastRotated: '2023-01-01T00:00:00.000Z' }, noCert],
      },
      {
        user: 'bob',
        arn: 'arn:aws:iam::123456789012:user/ops/bob',
        userCreationTime: '2022-01-01T00:00:00.000Z',
        passwordEnabled: false,
        passwordLastUsed: null,
        passwordLastChanged: null,
        passwordNextRotation: null,
        mfaActive: true,
        accessKeys: [noKey, noKey],
        certificates: [noCert, noCert],
      },
    ]);
  });

  it('locates columns by header name, not position, and ignores unknown columns', () => {
    const header = HEADER.split(',');
    const root = ROOT.split(',');
    const order = header.map((_, i) => i).reverse();
    const text = [
      [...order.map((i) => header[i]), 'future_column'].join(','),
      [...order.map((i) => root[i]), 'x'].join(','),
    ].join('\r\n');
    const report = parseCredentialReport(text);
    expect(report.value?.[0]).toMatchObject({ user: '<root_account>', arn: 'arn:aws:iam::123456789012:root', passwordEnabled: 'not_supported', mfaActive: true });
  });

  it('reads quoted fields and a byte order mark', () => {
    const quoted = BOB.replace('bob,', '"bob",').replace('arn:aws:iam::123456789012:user/ops/bob', '"arn:aws:iam::123456789012:user/ops/bob"');
    const report = parseCredentialReport(bytes(`\uFEFF${HEADER}\n${quoted}`));
    expect(report.value?.map((row) => [row.user, row.arn])).toEqual([['bob', 'arn:aws:iam::123456789012:user/ops/bob']]);
  });

  it('returns an empty list for a report with only the header', () => {
    expect(parseCredentialReport(bytes(`${HEADER}\n`))).toEqual({ value: [] });
  });

  it.each([
    ['an empty report', ''],
    ['no content at all', undefined],
    ['a header without required columns', 'user,arn\n<root_account>,arn:aws:iam::123456789012:root'],
    ['a row with too few fields', `${HEADER}\n${ROOT}\nalice,arn:aws:iam::123456789012:user/alice,2021-06-01T12:00:00+00:00`],
    ['a non-boolean flag', `${HEADER}\n${ROOT.replace(',true,false,', ',yes,false,')}`],
    ['an unparseable date', `${HEADER}\n${ALICE.replace('2025-06-01T09:30:00+00:00', 'last tuesday')}`],
    ['an unterminated quote', `${HEADER}\n"alice,${ALICE.slice(6)}`],
    ['HTML instead of CSV', '<html><body>Service Unavailable</body></html>'],
  ])('reports %s as MalformedCredentialReport', (_name, text) => {
    const report = parseCredentialReport(text === undefined ? undefined : bytes(text));
    expect(report.value).toBeUndefined();
    expect(report.error).toMatchObject({ api: 'iam:GetCredentialReport', code: 'MalformedCredentialReport' });
    expect(report.error?.message).not.toBe('');
  });

  it('reports bytes that are not UTF-8 as MalformedCredentialReport', () => {
    const report = parseCredentialReport(new Uint8Array([0xff, 0xfe, 0xfd]));
    expect(report.error).toMatchObject({ code: 'MalformedCredentialReport' });
  });
});
