import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '@palisade/core';
import { ACCOUNT_ID, EC2_CHECK, IAM_CHECK, SCAN, finding, realisticFindings } from '../test/fixtures.ts';
import { asffSchemaErrors } from '../test/json-schemas.ts';
import { ASFF_SCHEMA_VERSION, createAsffWriter, toAsffFinding } from './asff.ts';
import type { AsffFinding } from './asff.ts';
import { createFileSinks } from './file-sinks.ts';

const work = mkdtempSync(join(tmpdir(), 'palisade-asff-'));
const OPTIONS = { productVersion: SCAN.productVersion };

/** The ASFF finding of an AWS finding, checked against the schema. */
function asff(item: Finding, options: Parameters<typeof toAsffFinding>[1] = OPTIONS): AsffFinding {
  const converted = toAsffFinding(item, options);
  expect(converted).toBeDefined();
  expect(asffSchemaErrors(converted)).toEqual([]);
  return converted!;
}

const instance = (id: string, region: string, tags?: Record<string, string>) => ({
  uid: `arn:aws:ec2:${region}:${ACCOUNT_ID}:instance/${id}`,
  type: 'AwsEc2Instance',
  name: id,
  region,
  ...(tags ? { tags } : {}),
});

/** A finding of another provider: ASFF has no place for it. */
function azureFinding(): Finding {
  const { partition: _partition, ...rest } = finding({
    check: { ...IAM_CHECK, provider: 'azure', id: 'azure/user-mfa' },
    status: 'FAIL',
    resource: { uid: '/subscriptions/0000/users/bob', type: 'User', name: 'bob', region: 'westeurope' },
  });
  return { ...rest, provider: 'azure', accountId: '00000000-0000-0000-0000-000000000001', region: 'westeurope' };
}

describe('toAsffFinding', () => {
  it('maps every status to a compliance status and keeps the project status, mute and error in product fields', () => {
    const converted = realisticFindings().map((item) => asff(item));
    expect(converted.map((item) => [item.Compliance.Status, item.ProductFields['palisade/Status'], item.Workflow.Status])).toEqual([
      ['PASSED', 'PASS', 'NEW'],
      ['FAILED', 'FAIL', 'NEW'],
      ['FAILED', 'FAIL', 'SUPPRESSED'],
      ['FAILED', 'FAIL', 'NEW'],
      ['WARNING', 'MANUAL', 'NEW'],
      ['NOT_AVAILABLE', 'ERROR', 'NEW'],
    ]);
    expect(converted[2]!.ProductFields).toMatchObject({ 'palisade/MuteReason': 'Break-glass user; MFA token is in the safe', 'palisade/MuteExpires': '2026-01-01' });
    expect(converted[5]!.ProductFields).toMatchObject({ 'palisade/ErrorApi': 'cloudtrail:DescribeTrails', 'palisade/ErrorCode': 'AccessDeniedException' });
    expect(converted.every((item) => item.RecordState === 'ACTIVE')).toBe(true);
  });

  it('writes the fields BatchImportFindings requires, with the account default product ARN', () => {
    const bob = realisticFindings()[1]!;
    expect(asff(bob)).toEqual({
      SchemaVersion: ASFF_SCHEMA_VERSION,
      Id: bob.uid,
      // A global resource goes to the partition's home region.
      ProductArn: `arn:aws:securityhub:us-east-1:${ACCOUNT_ID}:product/${ACCOUNT_ID}/default`,
      ProductName: 'Palisade',
      CompanyName: 'Palisade',
      GeneratorId: IAM_CHECK.id,
      AwsAccountId: ACCOUNT_ID,
      Types: ['Software and Configuration Checks/AWS Security Best Practices', 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark', 'Software and Configuration Checks/Industry and Regulatory Standards/ISO 27001 Controls'],
      FirstObservedAt: '2025-03-01T10:05:00.000Z',
      LastObservedAt: '2025-03-01T10:05:00.000Z',
      CreatedAt: '2025-03-01T10:05:00.000Z',
      UpdatedAt: '2025-03-01T10:05:00.000Z',
      Severity: { Label: 'HIGH', Original: 'high' },
      Title: IAM_CHECK.title,
      Description: 'User bob has a console password and no MFA device.',
      Remediation: { Recommendation: { Text: IAM_CHECK.remediation.summary, Url: IAM_CHECK.references[0] } },
      ProductFields: {
        ProviderName: 'Palisade',
        ProviderVersion: SCAN.productVersion,
        'palisade/ScanId': SCAN.scanId,
        'palisade/Status': 'FAIL',
        'palisade/Service': 'iam',
        'palisade/ResourceName': 'bob',
        'palisade/AccountName': 'production',
      },
      Resources: [{ Type: 'AwsIamUser', Id: `arn:aws:iam::${ACCOUNT_ID}:user/bob`, Partition: 'aws' }],
      Compliance: { Status: 'FAILED', RelatedRequirements: ['cis-aws-3.0:1.10', 'iso27001-2022:A.8.5'] },
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
      FindingProviderFields: {
        Severity: { Label: 'HIGH', Original: 'high' },
        Types: ['Software and Configuration Checks/AWS Security Best Practices', 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark', 'Software and Configuration Checks/Industry and Regulatory Standards/ISO 27001 Controls'],
      },
    });
  });

  it('places regional findings in their region and global ones in the home region of their partition or of the caller', () => {
    const regional = asff(finding({ check: EC2_CHECK, status: 'FAIL', resource: instance('i-1', 'eu-west-1', { env: 'prod' }) }));
    expect(regional.ProductArn).toBe(`arn:aws:securityhub:eu-west-1:${ACCOUNT_ID}:product/${ACCOUNT_ID}/default`);
    expect(regional.Resources).toEqual([{ Type: 'AwsEc2Instance', Id: `arn:aws:ec2:eu-west-1:${ACCOUNT_ID}:instance/i-1`, Partition: 'aws', Region: 'eu-west-1', Tags: { env: 'prod' } }]);
    expect(regional.Types).toEqual(['Software and Configuration Checks/AWS Security Best Practices/Network Reachability', 'Software and Configuration Checks/AWS Security Best Practices', 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark', 'Software and Configuration Checks/Industry and Regulatory Standards/ISO 27001 Controls']);

    const bob = realisticFindings()[1]!;
    expect(asff(bob, { ...OPTIONS, homeRegion: 'eu-central-1' }).ProductArn).toBe(`arn:aws:securityhub:eu-central-1:${ACCOUNT_ID}:product/${ACCOUNT_ID}/default`);
    const govCloud = asff({ ...bob, partition: 'aws-us-gov', resource: { ...bob.resource, uid: `arn:aws-us-gov:iam::${ACCOUNT_ID}:user/bob` } });
    expect(govCloud.ProductArn).toBe(`arn:aws-us-gov:securityhub:us-gov-west-1:${ACCOUNT_ID}:product/${ACCOUNT_ID}/default`);
    expect(govCloud.Resources[0]!.Partition).toBe('aws-us-gov');
    // A bucket whose region could not be read: home region, no resource region.
    const unknown = asff(finding({ check: EC2_CHECK, status: 'ERROR', resource: { uid: 'arn:aws:s3:::logs', type: 'AwsS3Bucket', name: 'logs', region: 'unknown' } }));
    expect([unknown.ProductArn.split(':')[3], unknown.Resources[0]!.Region]).toEqual(['us-east-1', undefined]);
  });

  it('takes the first observation from the caller, for a finding seen in earlier scans', () => {
    const converted = asff(realisticFindings()[1]!, { ...OPTIONS, firstObservedAt: '2024-12-24T08:00:00Z' });
    expect([converted.FirstObservedAt, converted.CreatedAt, converted.LastObservedAt, converted.UpdatedAt]).toEqual([
      '2024-12-24T08:00:00.000Z',
      '2024-12-24T08:00:00.000Z',
      '2025-03-01T10:05:00.000Z',
      '2025-03-01T10:05:00.000Z',
    ]);
  });

  it('cuts fields to the limits of ASFF and leaves out what it would refuse', () => {
    const tags = Object.fromEntries([...Array.from({ length: 60 }, (_, index) => [`tag-${String(index).padStart(2, '0')}`, 'v']), ['empty', ''], ['blank', '  '], ['k'.repeat(129), 'v']]);
    const check = {
      ...EC2_CHECK,
      title: `Title ${'t'.repeat(400)}`,
      description: 'd'.repeat(5000),
      remediation: { summary: `Fix ${'r'.repeat(1000)}` },
      references: ['not a url', 'https://example.com/fix'],
    };
    const item = finding({
      check,
      status: 'FAIL',
      message: '   ',
      resource: instance('i-2', 'us-east-2', tags),
      compliance: Array.from({ length: 40 }, (_, index) => `cis-aws-3.0:${index}`),
    });
    const converted = asff(item);
    expect(converted.Title).toHaveLength(256);
    expect(converted.Title).toMatch(/^Title t+…$/);
    // A blank message gives way to the check's description, cut to 1024 characters.
    expect(converted.Description).toBe(`${'d'.repeat(1023)}…`);
    expect(converted.Remediation).toEqual({ Recommendation: { Text: `Fix ${'r'.repeat(507)}…`, Url: 'https://example.com/fix' } });
    expect(converted.Compliance.RelatedRequirements).toHaveLength(32);
    const kept = converted.Resources[0]!.Tags!;
    expect(Object.keys(kept)).toHaveLength(50);
    expect(['empty', 'blank', 'k'.repeat(129)].some((key) => key in kept)).toBe(false);
  });

  it('refuses a finding time that is not a time', () => {
    expect(() => toAsffFinding({ ...realisticFindings()[1]!, time: 'yesterday' }, OPTIONS)).toThrow(/invalid time "yesterday"/);
  });

  it('gives nothing for a finding of another provider', () => {
    expect(toAsffFinding(azureFinding(), OPTIONS)).toBeUndefined();
  });
});

describe('ASFF schema (self-tests)', () => {
  const valid = () => structuredClone(toAsffFinding(realisticFindings()[3]!, OPTIONS)) as unknown as Record<string, unknown>;

  it('rejects a missing required field, a value out of its enum, a blank or too long string and an unknown field', () => {
    const document = valid();
    delete document.Resources;
    document.RecordState = 'OPEN';
    document.Title = 't'.repeat(257);
    document.Description = ' ';
    document.Severityy = {};
    (document.Compliance as Record<string, unknown>).Status = 'PASS';
    expect(asffSchemaErrors(document).map((error) => error.split(':')[0]).sort()).toEqual(['.Compliance.Status', '.Description', '.RecordState', '.Title', '/', '/']);
  });

  it('rejects empty tag values, too many related requirements and a type outside the taxonomy', () => {
    const document = valid();
    (document.Resources as Record<string, unknown>[])[0]!.Tags = { env: '' };
    (document.Compliance as Record<string, unknown>).RelatedRequirements = Array.from({ length: 33 }, (_, index) => `r${index}`);
    document.Types = ['Misconfiguration/Network'];
    expect(asffSchemaErrors(document).map((error) => error.split(':')[0]).sort()).toEqual(['.Compliance.RelatedRequirements', ".Resources[0].Tags['env']", '.Types[0]']);
  });
});

describe('ASFF output', () => {
  it('writes a JSON array of the AWS findings, batch after batch, leaving other providers out', async () => {
    const path = join(work, 'nested', 'scan.asff.json');
    const writer = await createAsffWriter(path, SCAN);
    const [first, ...rest] = realisticFindings();
    await writer.write([azureFinding()]);
    await writer.write([first!, azureFinding()]);
    await writer.write(rest);
    await writer.close();
    const text = readFileSync(path, 'utf8');
    const findings = JSON.parse(text) as AsffFinding[];
    expect(findings.map((item) => item.Id)).toEqual(realisticFindings().map((item) => item.uid));
    for (const item of findings) {
      expect(asffSchemaErrors(item)).toEqual([]);
      // BatchImportFindings refuses a finding over 240 KB.
      expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(240 * 1024);
    }
    expect(text).toBe(`[\n${findings.map((item) => JSON.stringify(item)).join(',\n')}\n]\n`);
  });

  it('writes an empty array when no finding is for AWS', async () => {
    const path = join(work, 'azure-only.asff.json');
    const writer = await createAsffWriter(path, SCAN);
    await writer.write([azureFinding()]);
    await writer.close();
    expect(readFileSync(path, 'utf8')).toBe('[\n]\n');
  });

  it('is written by the file sinks the CLI uses', async () => {
    const outputDir = join(work, 'sinks');
    mkdirSync(outputDir);
    const files = await createFileSinks({ outputDir, baseName: 'run', formats: ['asff'], frameworks: ['cis-aws-3.0'], scan: SCAN });
    for (const sink of files.sinks) await sink.write([...realisticFindings(), azureFinding()]);
    await files.complete();
    expect(files.files[0]).toBe(join(outputDir, 'run.asff.json'));
    const findings = JSON.parse(readFileSync(join(outputDir, 'run.asff.json'), 'utf8')) as AsffFinding[];
    expect(findings).toHaveLength(6);
    expect(findings.flatMap(asffSchemaErrors)).toEqual([]);
  });
});
