import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ComplianceReport } from '@palisade/compliance';
import { afterEach, describe, expect, it } from 'vitest';
import { COMPLIANCE_CSV_COLUMNS, complianceCsv, complianceCsvPath, writeComplianceCsv } from './compliance-csv.ts';
import { ALICE_ARN, BOB_ARN, REPORT, ROOT_ARN } from './testing.ts';
import { parseCsv } from '../../test/csv-reader.ts';

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});


const column = (name: (typeof COMPLIANCE_CSV_COLUMNS)[number]) => COMPLIANCE_CSV_COLUMNS.indexOf(name);

describe('compliance CSV output', () => {
  it('writes one row per requirement and finding, keeping requirements without findings', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'palisade-compliance-csv-'));
    directories.push(directory);
    const path = complianceCsvPath(directory, REPORT.framework);

    await writeComplianceCsv(REPORT, path);

    const [header, ...rows] = parseCsv(await readFile(path, 'utf8'));
    expect(header).toEqual([...COMPLIANCE_CSV_COLUMNS]);
    expect(rows.map((row) => [row[column('requirement_id')], row[column('requirement_status')], row[column('finding_status')], row[column('resource_uid')]])).toEqual([
      ['1.1', 'MANUAL', 'MANUAL', ROOT_ARN],
      ['1.10', 'FAIL', 'PASS', ALICE_ARN],
      ['1.10', 'FAIL', 'FAIL', BOB_ARN],
      ['1.16', 'FAIL', 'ERROR', ROOT_ARN],
      ['2.1.4', 'FAIL', '', ''],
    ]);
    expect(rows[4]).toEqual([
      'cis-aws-3.0',
      '3.0.0',
      '2.1.4',
      "Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'",
      '2 Storage',
      '2.1 Simple Storage Service (S3)',
      'Level 1',
      'automated',
      'FAIL',
      'not-evaluated',
      '',
      '',
      '',
      '',
    ]);
    expect(await readdir(join(directory, 'compliance'))).toEqual(['cis-aws-3.0.csv']);
  });

  it('quotes cells with commas, quotes and line breaks, and ends every row with CRLF', () => {
    const text = complianceCsv(REPORT);

    expect(text).toContain('"Ensure IAM policies that allow full ""*:*"" administrative privileges are not attached"');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(REPORT.requirements.flatMap((requirement) => requirement.findings.length || 1).reduce((sum, count) => sum + count, 0) + 2);
    const rows = parseCsv(text);
    expect(rows[4]?.[column('requirement_title')]).toBe('Ensure IAM policies that allow full "*:*" administrative privileges are not attached');
  });

  it('neutralizes a resource uid a spreadsheet would run as a formula', () => {
    const hostile: ComplianceReport = {
      ...REPORT,
      requirements: [
        {
          ...REPORT.requirements[1]!,
          findings: [{ checkId: 'aws/iam-user-mfa-enabled-console-access', status: 'FAIL', resourceUid: '=HYPERLINK("http://evil.example","x"),1', muted: true }],
        },
      ],
    };

    const [, row] = parseCsv(complianceCsv(hostile));

    expect(row?.[column('resource_uid')]).toBe('\'=HYPERLINK("http://evil.example","x"),1');
    expect(row?.[column('muted')]).toBe('true');
  });
});
