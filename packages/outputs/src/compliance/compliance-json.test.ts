import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PalisadeError } from '@palisade/core';
import { afterEach, describe, expect, it } from 'vitest';
import { complianceJsonPath, writeComplianceJson } from './compliance-json.ts';
import { ALICE_ARN, BOB_ARN, DEV, PROD, REPORT, ROOT_ARN } from './testing.ts';

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});
async function outputDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'palisade-compliance-json-'));
  directories.push(directory);
  return directory;
}

describe('compliance status JSON output', () => {
  it('writes compliance/<framework id>.json with account scores, sections and every requirement per account', async () => {
    const directory = await outputDirectory();
    const path = complianceJsonPath(directory, 'run', REPORT.framework);
    expect(path).toBe(join(directory, 'compliance', 'run_cis-aws-3.0.json'));

    await writeComplianceJson(REPORT, path, 'run');

    const written = JSON.parse(await readFile(path, 'utf8'));
    expect(written.framework).toBe('cis-aws-3.0');
    expect(written.findingsFile).toBe('run_cis-aws-3.0.findings.jsonl');
    expect(written.accounts).toEqual([
      {
        accountId: DEV,
        accountName: 'dev',
        requirements: { evaluated: 2, passed: 0, failed: 2, notEvaluated: 1, manual: 1, score: 0 },
        findings: { PASS: 0, FAIL: 1, MANUAL: 1, ERROR: 1, muted: 0, score: 0 },
      },
      {
        accountId: PROD,
        accountName: 'prod',
        requirements: { evaluated: 1, passed: 1, failed: 0, notEvaluated: 2, manual: 1, score: 1 },
        findings: { PASS: 1, FAIL: 0, MANUAL: 0, ERROR: 0, muted: 0, score: 1 },
      },
    ]);
    expect(written.requirements.map((requirement: { id: string; status: string }) => [requirement.id, requirement.status])).toEqual([
      ['1.1', 'MANUAL'],
      ['1.10', 'FAIL'],
      ['1.16', 'FAIL'],
      ['2.1.4', 'FAIL'],
    ]);
    expect(written.requirements[1]).toEqual({
      id: '1.10',
      title: 'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password',
      section: '1 Identity and Access Management',
      level: 'Level 1',
      assessment: 'automated',
      status: 'FAIL',
      reason: 'failed',
      checks: ['aws/iam-user-mfa-enabled-console-access'],
      counts: { PASS: 1, FAIL: 1, MANUAL: 0, ERROR: 0, muted: 0 },
      accounts: [
        {
          accountId: PROD,
          status: 'PASS',
          reason: 'passed',
          counts: { PASS: 1, FAIL: 0, MANUAL: 0, ERROR: 0, muted: 0 },
          evidence: [{ checkId: 'aws/iam-user-mfa-enabled-console-access', status: 'PASS', resourceUid: ALICE_ARN, muted: false }],
          evidenceOmitted: 0,
        },
        {
          accountId: DEV,
          status: 'FAIL',
          reason: 'failed',
          counts: { PASS: 0, FAIL: 1, MANUAL: 0, ERROR: 0, muted: 0 },
          evidence: [{ checkId: 'aws/iam-user-mfa-enabled-console-access', status: 'FAIL', resourceUid: BOB_ARN, muted: false }],
          evidenceOmitted: 0,
        },
      ],
    });
    expect(written.requirements[2].accounts[1].evidence).toEqual([{ checkId: 'aws/iam-inline-policy-no-administrative-privileges', status: 'ERROR', resourceUid: ROOT_ARN, muted: false }]);
    expect(written.requirements[3]).toMatchObject({ subsection: '2.1 Simple Storage Service (S3)', reason: 'not-evaluated', accounts: [{ reason: 'not-evaluated', evidence: [] }, { reason: 'not-evaluated', evidence: [] }] });
    expect(written.sections).toEqual([
      {
        section: '1 Identity and Access Management',
        automated: 2,
        passed: 0,
        score: 0,
        accountResults: { evaluated: 3, passed: 1, score: 1 / 3 },
        accounts: [
          { accountId: DEV, evaluated: 2, passed: 0, score: 0 },
          { accountId: PROD, evaluated: 1, passed: 1, score: 1 },
        ],
      },
      {
        section: '2 Storage',
        automated: 1,
        passed: 0,
        score: 0,
        accountResults: { evaluated: 0, passed: 0, score: null },
        accounts: [
          { accountId: DEV, evaluated: 0, passed: 0, score: null },
          { accountId: PROD, evaluated: 0, passed: 0, score: null },
        ],
      },
    ]);
  });

  it('replaces an existing report whole and leaves no temporary file behind', async () => {
    const directory = await outputDirectory();
    const path = complianceJsonPath(directory, 'run', REPORT.framework);
    await writeComplianceJson({ ...REPORT, requirements: [] }, path, 'run');

    await writeComplianceJson(REPORT, path, 'run');

    expect(JSON.parse(await readFile(path, 'utf8')).requirements).toHaveLength(4);
    expect(await readdir(join(directory, 'compliance'))).toEqual(['run_cis-aws-3.0.json']);
  });

  it('fails with an OUTPUT error when the file cannot be written, leaving nothing behind', async () => {
    const directory = await outputDirectory();
    // A regular file where the compliance directory should be makes every write below it fail.
    await writeFile(join(directory, 'compliance'), 'not a directory');

    const attempt = writeComplianceJson(REPORT, complianceJsonPath(directory, 'run', REPORT.framework), 'run');

    await expect(attempt).rejects.toBeInstanceOf(PalisadeError);
    await expect(attempt).rejects.toMatchObject({ code: 'OUTPUT' });
    expect(await readdir(directory)).toEqual(['compliance']);
  });
});
