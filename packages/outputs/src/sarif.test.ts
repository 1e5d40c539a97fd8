import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '@palisade/core';
import { ACCOUNT_ID, CLOUDTRAIL_CHECK, EC2_CHECK, IAM_CHECK, SCAN, finding, manyFindings, realisticFindings } from '../test/fixtures.ts';
import { sarifSchemaErrors } from '../test/json-schemas.ts';
import { createFileSinks } from './file-sinks.ts';
import { SARIF_FINDING_FINGERPRINT, SARIF_SCHEMA_URI, createSarifWriter, resourceArtifactUri, toSarifResult } from './sarif.ts';
import type { SarifResult, SarifRule } from './sarif.ts';

const work = mkdtempSync(join(tmpdir(), 'palisade-sarif-'));

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    results: SarifResult[];
    tool: { driver: { name: string; semanticVersion: string; rules: SarifRule[] } };
    invocations: { executionSuccessful: boolean; startTimeUtc: string; endTimeUtc?: string; toolExecutionNotifications?: { level: string; message: { text: string } }[] }[];
    properties: { scanId: string };
  }[];
}

/** Writes `batches` through the SARIF writer and returns the file, checked against the OASIS schema. */
async function writeSarif(name: string, batches: readonly (readonly Finding[])[]): Promise<SarifLog> {
  const path = join(work, `${name}.sarif`);
  const writer = await createSarifWriter(path, SCAN);
  for (const batch of batches) await writer.write(batch);
  await writer.close();
  const log = JSON.parse(readFileSync(path, 'utf8')) as SarifLog;
  expect(sarifSchemaErrors(log)).toEqual([]);
  return log;
}

describe('SARIF output', () => {
  it('writes FAILs by severity, muted FAILs suppressed and ERRORs as open results, and leaves PASS and MANUAL out', async () => {
    const findings = realisticFindings();
    const log = await writeSarif('realistic', [findings]);
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const [run] = log.runs;
    const results = run!.results;
    expect(results.map((result) => [result.ruleId, result.kind ?? 'fail', result.level, result.locations[0]!.logicalLocations[0]!.name])).toEqual([
      [IAM_CHECK.id, 'fail', 'error', 'bob'],
      [IAM_CHECK.id, 'fail', 'error', 'break-glass'],
      [EC2_CHECK.id, 'fail', 'warning', 'i-0abc1234def567890'],
      [CLOUDTRAIL_CHECK.id, 'open', 'none', 'cloudtrail us-east-1'],
    ]);
    // Only the muted one is suppressed, with the mute reason.
    expect(results.map((result) => result.suppressions)).toEqual([
      undefined,
      [{ kind: 'external', status: 'accepted', justification: 'Break-glass user; MFA token is in the safe' }],
      undefined,
      undefined,
    ]);
    const bob = results[0]!;
    expect(bob.message.text).toBe('User bob has a console password and no MFA device.');
    expect(bob.partialFingerprints).toEqual({ [SARIF_FINDING_FINGERPRINT]: findings[1]!.uid });
    expect(bob.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: `aws/${ACCOUNT_ID}/global/iam/user/bob` }, region: { startLine: 1 } },
        logicalLocations: [{ fullyQualifiedName: `arn:aws:iam::${ACCOUNT_ID}:user/bob`, kind: 'resource', name: 'bob' }],
      },
    ]);
    expect(bob.properties).toEqual({ status: 'FAIL', accountId: ACCOUNT_ID, region: 'global', resourceType: 'AwsIamUser', severity: 'high', compliance: ['cis-aws-3.0:1.10', 'iso27001-2022:A.8.5'] });

    // One rule per check with a result, in order of first result; each result points at its rule.
    const rules = run!.tool.driver.rules;
    expect(rules.map((rule) => rule.id)).toEqual([IAM_CHECK.id, EC2_CHECK.id, CLOUDTRAIL_CHECK.id]);
    expect(results.map((result) => rules[result.ruleIndex]!.id)).toEqual(results.map((result) => result.ruleId));
    expect(rules[0]).toEqual({
      id: IAM_CHECK.id,
      name: 'iam-user-mfa-enabled-console-access',
      shortDescription: { text: IAM_CHECK.title },
      fullDescription: { text: IAM_CHECK.description },
      help: { text: expect.stringContaining(`Risk: ${IAM_CHECK.risk}\n\nRemediation: ${IAM_CHECK.remediation.summary}`), markdown: expect.stringContaining('```hcl\nresource "aws_iam_virtual_mfa_device"') },
      helpUri: IAM_CHECK.references[0],
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'identity-and-access', 'credentials'], 'security-severity': '8.0' },
    });
    expect(rules.map((rule) => rule.properties['security-severity'])).toEqual(['8.0', '5.5', '9.5']);
    expect(run!.tool.driver).toMatchObject({ name: 'Palisade', semanticVersion: SCAN.productVersion });

    // The ERROR makes the run's results incomplete, which the invocation says.
    expect(run!.invocations).toEqual([
      {
        executionSuccessful: true,
        startTimeUtc: SCAN.startedAt,
        endTimeUtc: '2025-03-01T10:05:00.000Z',
        toolExecutionNotifications: [{ level: 'error', message: { text: expect.stringMatching(/^1 result could not be evaluated/) } }],
      },
    ]);
    expect(run!.properties).toEqual({ scanId: SCAN.scanId });
  });

  it('writes a valid file with no results, and no notification when nothing is incomplete', async () => {
    const passing = realisticFindings().filter((item) => item.status === 'PASS' || item.status === 'MANUAL');
    const log = await writeSarif('nothing-to-act-on', [passing]);
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules).toEqual([]);
    expect(log.runs[0]!.invocations).toEqual([{ executionSuccessful: true, startTimeUtc: SCAN.startedAt, endTimeUtc: '2025-03-01T10:05:00.000Z' }]);
    const empty = await writeSarif('empty', []);
    expect(empty.runs[0]!.invocations).toEqual([{ executionSuccessful: true, startTimeUtc: SCAN.startedAt }]);
  });

  it('numbers rules across batches in the order their checks first produce a result', async () => {
    const findings = manyFindings(40);
    const batches = [findings.slice(0, 7), [], findings.slice(7, 8), findings.slice(8)];
    const log = await writeSarif('batches', batches);
    const results = log.runs[0]!.results;
    const expected = findings.filter((item) => item.status === 'FAIL');
    expect(results.map((result) => result.partialFingerprints[SARIF_FINDING_FINGERPRINT])).toEqual(expected.map((item) => item.uid));
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((rule) => rule.id)).toEqual([...new Set(expected.map((item) => item.check.id))]);
    expect(results.every((result) => rules[result.ruleIndex]!.id === result.ruleId)).toBe(true);
  });

  it('cuts rule texts to what code scanning accepts', async () => {
    const check = { ...EC2_CHECK, id: `aws/${'x'.repeat(300)}`, title: `Title ${'t'.repeat(2000)}`, description: `Description ${'d'.repeat(2000)}` };
    const log = await writeSarif('long', [[finding({ check, status: 'FAIL', resource: { uid: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-1', type: 'AwsEc2Instance', name: 'i-1', region: 'eu-west-1' } })]]);
    const [rule] = log.runs[0]!.tool.driver.rules;
    expect([rule!.name.length, rule!.shortDescription.text.length, rule!.fullDescription.text.length]).toEqual([255, 1024, 1024]);
    expect(rule!.shortDescription.text).toMatch(/^Title t+…$/);
    expect(rule!.id).toBe(check.id);
  });

  it('places resources of any provider at stable relative paths that are valid URI references', async () => {
    const resource = (uid: string, name: string) => ({ uid, type: 'Resource', name, region: 'westeurope' });
    const azure: Finding = {
      ...finding({ check: { ...IAM_CHECK, provider: 'azure', id: 'azure/user-mfa' }, status: 'FAIL', resource: resource('/subscriptions/0000/resourceGroups/rg 1/providers/x/users/bob', 'bob') }),
      provider: 'azure',
      accountId: '0000',
      region: 'westeurope',
    };
    const odd = finding({ check: IAM_CHECK, status: 'FAIL', resource: resource('arn:aws:iam::123456789012:user/../ü ser#1?x=%', '') });
    expect(resourceArtifactUri(azure)).toBe('azure/0000/westeurope//subscriptions/0000/resourceGroups/rg%201/providers/x/users/bob');
    expect(resourceArtifactUri(odd)).toBe('aws/123456789012/westeurope/iam/user/%2E%2E/%C3%BC%20ser%231%3Fx%3D%25');
    const log = await writeSarif('paths', [[azure, odd]]);
    expect(log.runs[0]!.results.map((result) => result.locations[0]!.logicalLocations[0])).toEqual([
      { fullyQualifiedName: azure.resource.uid, kind: 'resource', name: 'bob' },
      { fullyQualifiedName: odd.resource.uid, kind: 'resource' },
    ]);
    // The same resource lands at the same path in another scan.
    expect(resourceArtifactUri({ ...odd, scanId: 'another', time: '2026-01-01T00:00:00.000Z' })).toBe(resourceArtifactUri(odd));
  });

  it('is checked against a schema that rejects what code scanning would (self-test)', async () => {
    const log = await writeSarif('self-test', [realisticFindings()]);
    const result = log.runs[0]!.results[0]! as unknown as { level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] };
    result.level = 'critical';
    result.locations[0]!.physicalLocation.artifactLocation.uri = 'aws/user name';
    (log.runs[0]!.invocations[0] as Record<string, unknown>).startTimeUtc = 'yesterday';
    expect(sarifSchemaErrors(log).map((error) => error.split(':')[0]).sort()).toEqual([
      '.runs[0].invocations[0].startTimeUtc',
      '.runs[0].results[0].level',
      '.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri',
    ]);
  });

  it('gives no result for the statuses it leaves out', () => {
    const [pass, , , , manual] = realisticFindings();
    expect([toSarifResult(pass!, 0), toSarifResult(manual!, 0)]).toEqual([undefined, undefined]);
  });

  it('is written by the file sinks the CLI uses, beside the other formats', async () => {
    const outputDir = join(work, 'sinks');
    mkdirSync(outputDir);
    const files = await createFileSinks({ outputDir, baseName: 'run', formats: ['json-ocsf', 'sarif'], frameworks: [], scan: SCAN });
    for (const sink of files.sinks) await sink.write(realisticFindings());
    await files.complete();
    expect(files.files).toEqual([join(outputDir, 'run.ocsf.json'), join(outputDir, 'run.sarif')]);
    const log = JSON.parse(readFileSync(join(outputDir, 'run.sarif'), 'utf8')) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]!.results).toHaveLength(4);
  });
});
