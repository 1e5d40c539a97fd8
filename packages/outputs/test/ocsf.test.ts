import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOcsfWriter, toOcsfDetectionFinding } from '../src/ocsf.ts';
import type { Finding, FindingCheck } from '@palisade/core';
import { ACCOUNT_CHECK, SCAN, manyFindings, realisticFindings } from './fixtures.ts';
import { loadOcsfSchema, validateOcsfEvent } from './ocsf-validator.ts';
import type { OcsfSchema } from './ocsf-validator.ts';

const SCHEMA_DIR = fileURLToPath(new URL('./ocsf-schema-1.8.0', import.meta.url));

let schema: OcsfSchema;
beforeAll(() => {
  schema = loadOcsfSchema(SCHEMA_DIR);
});

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});
async function tempPath(name: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'palisade-ocsf-'));
  directories.push(directory);
  return join(directory, 'nested', 'out', name);
}

/** A copy of a known-valid event to mutate in validator self-tests. */
function validEvent(): Record<string, unknown> {
  return structuredClone(toOcsfDetectionFinding(realisticFindings()[1]!, SCAN)) as unknown as Record<string, unknown>;
}
const codes = (event: unknown) => validateOcsfEvent(schema, event).errors.map((issue) => `${issue.code} ${issue.path}`);

describe('OCSF validator (self-tests)', () => {
  it('resolves extends, includes and profiles into the Detection Finding class', () => {
    const detection = schema.classes.get(2004)!;
    expect(detection.name).toBe('detection_finding');
    expect(detection.categoryUid).toBe(2);
    // from base_event, finding and detection_finding respectively
    expect(detection.attributes.get('time')?.requirement).toBe('required');
    expect(detection.attributes.get('finding_info')?.requirement).toBe('required');
    expect(detection.attributes.get('risk_details')?.profile).toBeUndefined();
    expect(detection.attributes.get('cloud')?.profile).toBe('cloud');
    expect(Object.keys(detection.attributes.get('status_id')?.enum ?? {})).toEqual(['0', '1', '2', '3', '4', '5', '6', '99']);
  });

  it('accepts the reference event', () => {
    expect(validateOcsfEvent(schema, validEvent())).toEqual({ errors: [], warnings: [] });
  });

  it('rejects a missing required attribute, also inside an object', () => {
    const event = validEvent();
    delete event.time;
    delete (event.finding_info as Record<string, unknown>).uid;
    expect(codes(event)).toEqual(['attribute_required_missing time', 'attribute_required_missing finding_info.uid']);
  });

  it('rejects unknown attributes at the top level, in objects and in arrays of objects', () => {
    const event = validEvent();
    event.palisade_status = 'FAIL';
    (event.metadata as Record<string, unknown>).product = { name: 'Palisade', vendor: 'x' };
    (event.resources as Record<string, unknown>[])[0]!.arn = 'arn:aws:iam::123456789012:user/bob';
    expect(codes(event).sort()).toEqual([
      'attribute_unknown metadata.product.vendor',
      'attribute_unknown palisade_status',
      'attribute_unknown resources[0].arn',
    ]);
  });

  it('allows anything inside `unmapped` (an open object)', () => {
    const event = validEvent();
    event.unmapped = { anything: { nested: [1, 'two'] } };
    expect(codes(event)).toEqual([]);
  });

  it('rejects enum values the schema does not define, and flags a wrong sibling caption as a warning', () => {
    const event = validEvent();
    event.severity_id = 7;
    event.status_id = 2;
    event.status = 'Open';
    (event.cloud as { account: Record<string, unknown> }).account.type_id = 42;
    const result = validateOcsfEvent(schema, event);
    expect(result.errors.map((issue) => `${issue.code} ${issue.path}`)).toEqual([
      'attribute_enum_value_unknown cloud.account.type_id',
      'attribute_enum_value_unknown severity_id',
    ]);
    expect(result.warnings.map((issue) => `${issue.code} ${issue.path}`)).toEqual(['attribute_enum_sibling_incorrect status']);
  });

  it('rejects a type_uid that is not class_uid * 100 + activity_id', () => {
    const event = validEvent();
    event.type_uid = 200402;
    expect(codes(event)).toEqual(['type_uid_incorrect type_uid']);
  });

  it('rejects a category_uid other than the class category', () => {
    const event = validEvent();
    event.category_uid = 3;
    expect(codes(event)).toEqual(['attribute_enum_value_unknown category_uid']);
  });

  it('rejects an unknown class', () => {
    expect(codes({ ...validEvent(), class_uid: 2999 })).toEqual(['class_uid_unknown class_uid']);
  });

  it('rejects profile attributes when their profile is not applied, at any level', () => {
    const event = validEvent();
    (event.metadata as Record<string, unknown>).profiles = [];
    expect(codes(event)).toEqual([
      'attribute_requires_profile resources[0].provider',
      'attribute_requires_profile resources[0].cloud_partition',
      'attribute_requires_profile cloud',
    ]);
  });

  it('requires the attributes a profile makes required, and rejects unknown profiles', () => {
    const event = validEvent();
    delete event.cloud;
    (event.metadata as Record<string, unknown>).profiles = ['cloud', 'no-such-profile'];
    expect(codes(event)).toEqual(['profile_unknown metadata.profiles[1]', 'attribute_required_missing cloud']);
  });

  it('checks value types: integer, timestamp, string, boolean, arrays and objects', () => {
    const event = validEvent();
    event.time = '2025-03-01T10:05:00Z';
    event.severity_id = 4.5;
    event.message = 42;
    event.is_alert = 'yes';
    (event.finding_info as Record<string, unknown>).types = 'identity';
    event.remediation = 'enable MFA';
    expect(codes(event).sort()).toEqual([
      'attribute_enum_value_unknown severity_id',
      'attribute_wrong_type finding_info.types',
      'attribute_wrong_type is_alert',
      'attribute_wrong_type message',
      'attribute_wrong_type remediation',
      'attribute_wrong_type severity_id',
      'attribute_wrong_type time',
    ]);
  });

  it('allows `<timestamp>_dt` siblings only with the datetime profile', () => {
    const event = validEvent();
    event.time_dt = '2025-03-01T10:05:00.000Z';
    (event.finding_info as Record<string, unknown>).created_time_dt = 'yesterday';
    expect(codes(event).sort()).toEqual(['attribute_unknown finding_info.created_time_dt', 'attribute_unknown time_dt']);
    (event.metadata as Record<string, unknown>).profiles = ['cloud', 'datetime'];
    const result = validateOcsfEvent(schema, event);
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((issue) => `${issue.code} ${issue.path}`)).toEqual(['attribute_value_regex_not_matched finding_info.created_time_dt']);
  });

  it('checks object constraints and observable names', () => {
    const event = validEvent();
    (event.resources as Record<string, unknown>[])[0] = { type: 'AwsIamUser' };
    event.observables = [{ name: 'resources.arn', type_id: 10, value: 'x' }];
    expect(codes(event)).toEqual(['constraint_failed resources[0]', 'observable_name_invalid_reference observables[0].name']);
  });
});

describe('toOcsfDetectionFinding', () => {
  const [pass, fail, muted, ec2, manual, error] = realisticFindings().map((finding) => toOcsfDetectionFinding(finding, SCAN));

  it('produces events that validate against OCSF 1.8.0 with no errors or warnings', () => {
    for (const event of [pass, fail, muted, ec2, manual, error]) {
      expect(validateOcsfEvent(schema, event), event!.finding_info.uid).toEqual({ errors: [], warnings: [] });
    }
  });

  it('maps the check result to status_code and the workflow state to status_id', () => {
    expect([pass, fail, muted, manual, error].map((event) => [event!.status_code, event!.status_id, event!.status, event!.is_alert])).toEqual([
      ['PASS', 4, 'Resolved', false],
      ['FAIL', 1, 'New', true],
      ['FAIL', 3, 'Suppressed', false],
      ['MANUAL', 1, 'New', false],
      ['ERROR', 1, 'New', false],
    ]);
    expect(fail!.status_detail).toBe('User bob has a console password and no MFA device.');
  });

  it('classifies as Detection Finding: Create with the check severity', () => {
    expect(fail).toMatchObject({ class_uid: 2004, category_uid: 2, activity_id: 1, type_uid: 200401, severity_id: 4, severity: 'High' });
    expect(error!.severity_id).toBe(5);
    expect(manual!.severity_id).toBe(2);
    expect(fail!.time).toBe(Date.parse('2025-03-01T10:05:00.000Z'));
    expect(fail!.metadata).toEqual({
      version: '1.8.0',
      product: { name: 'Palisade', vendor_name: 'Palisade', uid: 'palisade', version: '0.1.0-test' },
      profiles: ['cloud'],
      event_code: 'aws/iam-user-mfa-enabled-console-access',
      correlation_uid: SCAN.scanId,
    });
  });

  it('keeps the mute rule and reason', () => {
    expect(muted!.comment).toBe('Break-glass user; MFA token is in the safe');
    expect(muted!.unmapped).toMatchObject({
      muted: true,
      mute: { reason: 'Break-glass user; MFA token is in the safe', rule: '123456789012/aws/iam-user-mfa-enabled-console-access', expires: '2026-01-01' },
    });
    expect(fail!.unmapped.muted).toBe(false);
    expect(fail!.unmapped.mute).toBeUndefined();
  });

  it('carries the failed API call of an ERROR finding', () => {
    expect(error!.unmapped.error).toEqual({
      api: 'cloudtrail:DescribeTrails',
      code: 'AccessDeniedException',
      message: 'User is not authorized',
      region: 'us-east-1',
      http_status: 400,
    });
    expect(error!.resources[0]).toMatchObject({ uid: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/*', region: 'us-east-1' });
  });

  it('leaves the region out for global resources and keeps it with tags for regional ones', () => {
    expect(fail!.cloud.region).toBeUndefined();
    expect(fail!.resources[0]!.region).toBeUndefined();
    expect(fail!.resources[0]!.uid).toBe('arn:aws:iam::123456789012:user/bob');
    expect(ec2!.cloud).toEqual({
      provider: 'AWS',
      cloud_partition: 'aws',
      region: 'eu-west-1',
      account: { uid: '123456789012', type_id: 10, type: 'AWS Account', name: 'production', tags: [{ name: 'owner', value: 'platform' }] },
      org: { uid: 'o-a1b2c3d4e5', ou_name: 'Root/Workloads/Prod' },
    });
    expect(ec2!.resources[0]).toEqual({
      uid: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc1234def567890',
      name: 'i-0abc1234def567890',
      type: 'AwsEc2Instance',
      role: 'Target',
      role_id: 1,
      provider: 'AWS',
      cloud_partition: 'aws',
      region: 'eu-west-1',
      tags: [
        { name: 'Name', value: 'web-1' },
        { name: 'env', value: 'prod' },
        { name: 'cost=center', value: 'a;b' },
      ],
    });
  });

  it('puts check text, remediation and framework requirements where a reader finds them', () => {
    expect(fail!.finding_info).toMatchObject({
      uid: 'palisade-aws-123456789012-iam-user-mfa-enabled-console-access-bob',
      title: 'IAM users with console access have MFA enabled',
      types: ['identity-and-access', 'credentials'],
      analytic: { uid: 'aws/iam-user-mfa-enabled-console-access', type_id: 1, type: 'Rule', category: 'iam' },
    });
    expect(fail!.risk_details).toBe('A stolen password alone gives console access to the account.');
    expect(fail!.remediation).toEqual({
      desc: 'Enable a virtual or hardware MFA device for each console user.',
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html'],
    });
    expect(fail!.unmapped.remediation_code?.cli).toMatch(/^aws iam enable-mfa-device/);
    expect(fail!.unmapped.compliance).toEqual(['cis-aws-3.0:1.10', 'iso27001-2022:A.8.5']);
    expect(manual!.remediation.references).toBeUndefined();
  });
});

describe('createOcsfWriter', () => {
  it('writes each record exactly as JSON.stringify of its event, whatever optional fields the finding has', async () => {
    const [pass, fail, muted, tagged, manual, error] = realisticFindings() as [Finding, Finding, Finding, Finding, Finding, Finding];
    const bare: FindingCheck = { ...ACCOUNT_CHECK, id: 'stub/bare', provider: 'stubcloud', remediation: { summary: 'Fix it — see “docs” </script>' }, references: [] };
    const findings: Finding[] = [
      ...realisticFindings(),
      ...manyFindings(20),
      { ...fail, provider: 'azure', partition: undefined, accountName: undefined, organization: { organizationId: 'o-x', accountName: 'fallback name' } } as unknown as Finding,
      { ...tagged, organization: { organizationId: 'o-y', tags: {} }, resource: { ...tagged.resource, tags: {} } },
      { ...muted, muted: { reason: 'Why → because', rule: 'r' } },
      { ...error, error: { api: 'x:Y', code: 'Z', message: 'm', resourceUid: 'arn:x', httpStatus: 0 } },
      { ...manual, check: bare, provider: 'stubcloud', message: 'Ünïcødé ✓ 𝔘 \u2028 line', compliance: [] },
      // The same check as another object (findings that crossed a thread boundary).
      { ...pass, check: { ...pass.check } },
      { ...pass, scanId: undefined } as unknown as Finding,
    ];
    const path = await tempPath('exact.ocsf.json');
    const writer = await createOcsfWriter(path, SCAN);
    await writer.write(findings.slice(0, 10));
    await writer.write(findings.slice(10));
    await writer.close();
    const expected = `[\n${findings.map((finding) => JSON.stringify(toOcsfDetectionFinding(finding, SCAN))).join(',\n')}\n]\n`;
    expect(await readFile(path, 'utf8')).toBe(expected);
  });

  it('writes a JSON array of valid events across batches, creating the directory', async () => {
    const path = await tempPath('scan.ocsf.json');
    const writer = await createOcsfWriter(path, SCAN);
    const findings = realisticFindings();
    await writer.write(findings.slice(0, 2));
    await writer.write([]);
    await writer.write(findings.slice(2));
    await writer.close();
    await writer.close();

    const events = JSON.parse(await readFile(path, 'utf8')) as unknown[];
    expect(events).toHaveLength(6);
    expect(events.map((event) => (event as { finding_info: { uid: string } }).finding_info.uid)).toEqual(findings.map((finding) => finding.uid));
    for (const event of events) expect(validateOcsfEvent(schema, event).errors).toEqual([]);
    expect(writer.format).toBe('json-ocsf');
  });

  it('leaves a valid (empty) array when closed before any write', async () => {
    const path = await tempPath('empty.ocsf.json');
    const writer = await createOcsfWriter(path, SCAN);
    await writer.close();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual([]);
  });

  it('holds only whole records after each write and is valid after an interrupted run is closed', async () => {
    const path = await tempPath('partial.ocsf.json');
    const writer = await createOcsfWriter(path, SCAN);
    await writer.write(manyFindings(50));
    // Interrupted: the file so far is the array without its closing bracket, never half a record.
    const partial = await readFile(path, 'utf8');
    expect(JSON.parse(`${partial}\n]`)).toHaveLength(50);
    const pending = writer.write(manyFindings(25, 50));
    await writer.close();
    await pending;
    const events = JSON.parse(await readFile(path, 'utf8')) as { resources: { uid: string }[] }[];
    expect(events).toHaveLength(75);
    expect(events[74]!.resources[0]!.uid).toBe('arn:aws:ec2:us-east-1:123456789012:instance/i-0000000000000004a');
    await expect(writer.write(manyFindings(1))).rejects.toThrow(/after it was closed/);
  });

  it('keeps batches whole and ordered when writes are not awaited one by one', async () => {
    const path = await tempPath('concurrent.ocsf.json');
    const writer = await createOcsfWriter(path, SCAN);
    await Promise.all([writer.write(manyFindings(10, 0)), writer.write(manyFindings(10, 10)), writer.write(manyFindings(10, 20))]);
    await writer.close();
    const events = JSON.parse(await readFile(path, 'utf8')) as { unmapped: unknown; message: string }[];
    expect(events.map((event) => event.message)).toEqual(manyFindings(30).map((finding) => finding.message));
  });

  it('rejects a batch it cannot encode without writing any of it', async () => {
    const path = await tempPath('bad-time.ocsf.json');
    const writer = await createOcsfWriter(path, SCAN);
    const [good, bad] = realisticFindings();
    await expect(writer.write([good!, { ...bad!, time: 'not a date' }])).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('invalid time') as unknown });
    await writer.write([bad!]);
    await writer.close();
    const events = JSON.parse(await readFile(path, 'utf8')) as { finding_info: { uid: string } }[];
    expect(events.map((event) => event.finding_info.uid)).toEqual([bad!.uid]);
  });

  it('reports an output directory that cannot be created as an OUTPUT error', async () => {
    const path = await tempPath('file');
    const blocker = await createOcsfWriter(path, SCAN);
    await blocker.close();
    await expect(createOcsfWriter(join(path, 'x.ocsf.json'), SCAN)).rejects.toMatchObject({ code: 'OUTPUT' });
  });
});
