import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineFramework } from '@palisade/compliance';
import { afterEach, describe, expect, it } from 'vitest';
import {
  COMPLIANCE_FINDINGS_CSV_COLUMNS,
  complianceFindingsCsvPath,
  complianceFindingsJsonlPath,
  createComplianceFindingsCsvWriter,
  createComplianceFindingsJsonlWriter,
} from './compliance-findings.ts';
import { parseCsv } from '../../test/csv-reader.ts';
import { ACCOUNT_ID, realisticFindings } from '../../test/fixtures.ts';

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});
async function outputDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'palisade-compliance-findings-'));
  directories.push(directory);
  return directory;
}

const FRAMEWORK = defineFramework({
  id: 'test-framework',
  name: 'Test framework',
  version: '1.0.0',
  provider: 'aws',
  description: 'One check in two requirements, one check in one.',
  requirements: [
    { id: 'A.1', title: 'Console users have MFA', section: 'A Identity', level: 'Level 1', assessment: 'automated', description: 'MFA.', checks: ['aws/iam-user-mfa-enabled-console-access'] },
    {
      id: 'A.2',
      title: 'Activity is recorded',
      section: 'A Identity',
      level: 'Level 1',
      assessment: 'automated',
      description: 'Trail and MFA.',
      checks: ['aws/cloudtrail-multi-region-enabled', 'aws/iam-user-mfa-enabled-console-access'],
    },
  ],
});

const column = (name: (typeof COMPLIANCE_FINDINGS_CSV_COLUMNS)[number]) => COMPLIANCE_FINDINGS_CSV_COLUMNS.indexOf(name);
const user = (name: string) => `arn:aws:iam::${ACCOUNT_ID}:user/${name}`;
const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT_ID}:trail/*`;

describe('compliance findings CSV output', () => {
  it('streams one row per finding and requirement of its check, skipping checks the framework does not list', async () => {
    const directory = await outputDirectory();
    const path = complianceFindingsCsvPath(directory, 'run', FRAMEWORK.id);
    expect(path).toBe(join(directory, 'compliance', 'run_test-framework.findings.csv'));
    const findings = realisticFindings();
    const writer = await createComplianceFindingsCsvWriter(path, FRAMEWORK);

    await writer.write(findings.slice(0, 2));
    // Valid while the scan runs: whole rows only.
    const partial = parseCsv(await readFile(path, 'utf8'));
    expect(partial.slice(1).map((row) => [row[column('requirement_id')], row[column('resource_uid')]])).toEqual([
      ['A.1', user('alice')],
      ['A.2', user('alice')],
      ['A.1', user('bob')],
      ['A.2', user('bob')],
    ]);
    await writer.write(findings.slice(2));
    await writer.close();

    const [header, ...rows] = parseCsv(await readFile(path, 'utf8'));
    expect(header).toEqual([...COMPLIANCE_FINDINGS_CSV_COLUMNS]);
    expect(rows.map((row) => [row[column('requirement_id')], row[column('finding_status')], row[column('muted')], row[column('resource_uid')]])).toEqual([
      ['A.1', 'PASS', 'false', user('alice')],
      ['A.2', 'PASS', 'false', user('alice')],
      ['A.1', 'FAIL', 'false', user('bob')],
      ['A.2', 'FAIL', 'false', user('bob')],
      ['A.1', 'FAIL', 'true', user('break-glass')],
      ['A.2', 'FAIL', 'true', user('break-glass')],
      ['A.2', 'ERROR', 'false', TRAIL],
    ]);
    expect(rows[2]).toEqual([
      'test-framework',
      'A.1',
      ACCOUNT_ID,
      'production',
      'global',
      'aws/iam-user-mfa-enabled-console-access',
      'FAIL',
      'false',
      user('bob'),
      'AwsIamUser',
      findings[1]!.uid,
      'User bob has a console password and no MFA device.',
    ]);
  });
});

describe('compliance findings JSON Lines output', () => {
  it('streams one JSON object per line and finding × requirement', async () => {
    const directory = await outputDirectory();
    const path = complianceFindingsJsonlPath(directory, 'run', FRAMEWORK.id);
    expect(path).toBe(join(directory, 'compliance', 'run_test-framework.findings.jsonl'));
    const writer = await createComplianceFindingsJsonlWriter(path, FRAMEWORK);
    const findings = realisticFindings();

    await writer.write([]);
    await writer.write(findings);
    await writer.close();

    const text = await readFile(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line['requirementId'], line['status'], line['muted'], line['resourceUid']])).toEqual([
      ['A.1', 'PASS', false, user('alice')],
      ['A.2', 'PASS', false, user('alice')],
      ['A.1', 'FAIL', false, user('bob')],
      ['A.2', 'FAIL', false, user('bob')],
      ['A.1', 'FAIL', true, user('break-glass')],
      ['A.2', 'FAIL', true, user('break-glass')],
      ['A.2', 'ERROR', false, TRAIL],
    ]);
    expect(lines[6]).toEqual({
      requirementId: 'A.2',
      accountId: ACCOUNT_ID,
      accountName: 'production',
      region: 'us-east-1',
      checkId: 'aws/cloudtrail-multi-region-enabled',
      status: 'ERROR',
      muted: false,
      resourceUid: TRAIL,
      resourceType: 'AwsCloudTrailTrail',
      findingUid: findings[5]!.uid,
      message: 'cloudtrail:DescribeTrails failed with AccessDeniedException: User is not authorized',
    });
  });
});
