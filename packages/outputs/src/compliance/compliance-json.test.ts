import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PalisadeError } from '@palisade/core';
import { afterEach, describe, expect, it } from 'vitest';
import { complianceJsonPath, writeComplianceJson } from './compliance-json.ts';
import { ALICE_ARN, BOB_ARN, REPORT, ROOT_ARN } from './testing.ts';

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});
async function outputDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'palisade-compliance-json-'));
  directories.push(directory);
  return directory;
}

describe('compliance JSON output', () => {
  it('writes compliance/<framework id>.json with every requirement, its status and findings', async () => {
    const directory = await outputDirectory();
    const path = complianceJsonPath(directory, REPORT.framework);
    expect(path).toBe(join(directory, 'compliance', 'cis-aws-3.0.json'));

    await writeComplianceJson(REPORT, path);

    const written = JSON.parse(await readFile(path, 'utf8'));
    expect(written.framework).toBe('cis-aws-3.0');
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
      findings: [
        { checkId: 'aws/iam-user-mfa-enabled-console-access', status: 'PASS', resourceUid: ALICE_ARN, muted: false },
        { checkId: 'aws/iam-user-mfa-enabled-console-access', status: 'FAIL', resourceUid: BOB_ARN, muted: false },
      ],
    });
    expect(written.requirements[2].findings).toEqual([{ checkId: 'aws/iam-inline-policy-no-administrative-privileges', status: 'ERROR', resourceUid: ROOT_ARN, muted: false }]);
    expect(written.requirements[3]).toMatchObject({ subsection: '2.1 Simple Storage Service (S3)', reason: 'not-evaluated', findings: [] });
    expect(written.sections).toEqual([
      { section: '1 Identity and Access Management', automated: 2, passed: 0, score: 0 },
      { section: '2 Storage', automated: 1, passed: 0, score: 0 },
    ]);
  });

  it('replaces an existing report whole and leaves no temporary file behind', async () => {
    const directory = await outputDirectory();
    const path = complianceJsonPath(directory, REPORT.framework);
    await writeComplianceJson({ ...REPORT, requirements: [] }, path);

    await writeComplianceJson(REPORT, path);

    expect(JSON.parse(await readFile(path, 'utf8')).requirements).toHaveLength(4);
    expect(await readdir(join(directory, 'compliance'))).toEqual(['cis-aws-3.0.json']);
  });

  it('fails with an OUTPUT error when the file cannot be written, leaving nothing behind', async () => {
    const directory = await outputDirectory();
    // A regular file where the compliance directory should be makes every write below it fail.
    await writeFile(join(directory, 'compliance'), 'not a directory');

    const attempt = writeComplianceJson(REPORT, complianceJsonPath(directory, REPORT.framework));

    await expect(attempt).rejects.toBeInstanceOf(PalisadeError);
    await expect(attempt).rejects.toMatchObject({ code: 'OUTPUT' });
    expect(await readdir(directory)).toEqual(['compliance']);
  });
});
