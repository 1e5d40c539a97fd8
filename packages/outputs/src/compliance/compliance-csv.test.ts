import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ComplianceReport } from '@palisade/compliance';
import { afterEach, describe, expect, it } from 'vitest';
import { COMPLIANCE_CSV_COLUMNS, complianceCsv, complianceCsvPath, writeComplianceCsv } from './compliance-csv.ts';
import { DEV, PROD, REPORT } from './testing.ts';
import { parseCsv } from '../../test/csv-reader.ts';

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

const column = (name: (typeof COMPLIANCE_CSV_COLUMNS)[number]) => COMPLIANCE_CSV_COLUMNS.indexOf(name);

describe('compliance status CSV output', () => {
  it('writes, per requirement, a row for all accounts and one per account, keeping requirements without findings', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'palisade-compliance-csv-'));
    directories.push(directory);
    const path = complianceCsvPath(directory, 'run', REPORT.framework);

    await writeComplianceCsv(REPORT, path);

    const [header, ...rows] = parseCsv(await readFile(path, 'utf8'));
    expect(header).toEqual([...COMPLIANCE_CSV_COLUMNS]);
    expect(rows.map((row) => [row[column('requirement_id')], row[column('scope')], row[column('account_id')], row[column('status')], row[column('reason')]])).toEqual([
      ['1.1', 'all-accounts', '', 'MANUAL', 'manual-assessment'],
      ['1.1', 'account', PROD, 'MANUAL', 'manual-assessment'],
      ['1.1', 'account', DEV, 'MANUAL', 'manual-assessment'],
      ['1.10', 'all-accounts', '', 'FAIL', 'failed'],
      ['1.10', 'account', PROD, 'PASS', 'passed'],
      ['1.10', 'account', DEV, 'FAIL', 'failed'],
      ['1.16', 'all-accounts', '', 'FAIL', 'error'],
      ['1.16', 'account', PROD, 'FAIL', 'not-evaluated'],
      ['1.16', 'account', DEV, 'FAIL', 'error'],
      ['2.1.4', 'all-accounts', '', 'FAIL', 'not-evaluated'],
      ['2.1.4', 'account', PROD, 'FAIL', 'not-evaluated'],
      ['2.1.4', 'account', DEV, 'FAIL', 'not-evaluated'],
    ]);
    expect(rows[5]).toEqual([
      'cis-aws-3.0',
      '3.0.0',
      'account',
      DEV,
      'dev',
      '1.10',
      'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password',
      '1 Identity and Access Management',
      '',
      'Level 1',
      'automated',
      'FAIL',
      'failed',
      '0',
      '1',
      '0',
      '0',
      '0',
      'aws/iam-user-mfa-enabled-console-access',
    ]);
    expect(rows[9]?.slice(column('subsection'))).toEqual([
      '2.1 Simple Storage Service (S3)',
      'Level 1',
      'automated',
      'FAIL',
      'not-evaluated',
      '0',
      '0',
      '0',
      '0',
      '0',
      'aws/s3-bucket-level-public-access-block|aws/s3-account-level-public-access-blocks',
    ]);
    expect(await readdir(join(directory, 'compliance'))).toEqual(['run_cis-aws-3.0.csv']);
  });

  it('quotes cells with commas, quotes and line breaks, and ends every row with CRLF', () => {
    const text = complianceCsv(REPORT);

    expect(text).toContain('"Ensure IAM policies that allow full ""*:*"" administrative privileges are not attached"');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(REPORT.requirements.length * 3 + 2);
    const rows = parseCsv(text);
    expect(rows[7]?.[column('requirement_title')]).toBe('Ensure IAM policies that allow full "*:*" administrative privileges are not attached');
  });

  it('neutralizes an account name a spreadsheet would run as a formula', () => {
    const hostile: ComplianceReport = {
      ...REPORT,
      accounts: REPORT.accounts.map((account) => (account.accountId === DEV ? { ...account, accountName: '=HYPERLINK("http://evil.example","x")' } : account)),
      requirements: [REPORT.requirements[1]!],
    };

    const rows = parseCsv(complianceCsv(hostile));

    expect(rows[3]?.[column('account_id')]).toBe(DEV);
    expect(rows[3]?.[column('account_name')]).toBe('\'=HYPERLINK("http://evil.example","x")');
  });
});
