/**
 * The live collection path end to end, against an AWS-compatible emulator (see global-setup.ts):
 * `palisade scan aws --endpoint-url` as a user runs it — credentials, the SDK's wire protocols,
 * pagination, error shapes, AssumeRole into member accounts — on an account seeded with known
 * weaknesses (seed.ts).
 *
 * The contract: no check reports ERROR because of how the scanner builds its requests. An ERROR
 * is accepted only where the emulator itself lacks the API or deviates from AWS, each case listed
 * in EMULATOR_GAPS with the reason.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ALL_CHECKS } from '@palisade/checks';
import { OCSF_SCHEMA_DIR, loadOcsfSchema, parseCsv, validateOcsfEvent } from '@palisade/outputs/testing';
import { cliEnvironment, credentialsFor, randomAccountId, REGION, seedMisconfiguredAccount, seedOrganization, setPasswordLength } from './seed.ts';
import type { SeededAccount } from './seed.ts';
import type { AwsCredentialIdentity } from '@smithy/types';

const emulator = inject('awsEmulator');
const endpoint = 'url' in emulator ? emulator.url : undefined;
const skipped = 'skipped' in emulator ? ` (SKIPPED: ${emulator.skipped})` : '';

const bin = fileURLToPath(new URL('../../apps/cli/bin/palisade.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'palisade-emulator-'));

/**
 * Where an ERROR is the emulator's doing, not the scanner's. Matched on API and error code; the
 * code is what the JS SDK makes of the emulator's reply, so a change of SDK may change it.
 */
const EMULATOR_GAPS: readonly { readonly api: string; readonly code: string; readonly why: string }[] = [
  {
    api: 'access-analyzer:ListAnalyzers',
    code: 'SyntaxError',
    why: 'not implemented: the emulator answers with an HTML error page, which is not the JSON the protocol expects',
  },
  {
    api: 'account:GetContactInformation',
    code: 'SyntaxError',
    why: 'not implemented: the emulator answers with an HTML error page, which is not the JSON the protocol expects',
  },
  {
    api: 'ec2:GetEbsDefaultKmsKeyId',
    code: 'UnknownError',
    why: 'not implemented: the emulator answers with an HTML error page, which is not the XML the protocol expects',
  },
  {
    api: 'securityhub:GetEnabledStandards',
    code: 'SyntaxError',
    why: 'not implemented: the emulator answers HTTP 404 with an HTML page; no check reads the standards today, so this shows only in the API counters',
  },
  {
    api: 'macie2:GetMacieSession',
    code: 'TypeError',
    why: 'the emulator sends createdAt without a time zone ("2026-01-01T00:00:00.123456"); AWS sends UTC ISO 8601, and the SDK rejects a date-time without an offset',
  },
  {
    api: 's3:GetBucketPolicyStatus',
    code: 'IncompleteResponse',
    why: 'not implemented: the emulator answers the bucket listing instead of a PolicyStatus document, so a bucket whose policy document does not itself prove it public cannot be judged',
  },
  {
    api: 'iam:GetCredentialReport',
    code: 'RootUserRowMissing',
    why: "the emulator's credential report has no <root_account> row, which AWS always includes, so the root user's checks cannot be judged",
  },
];

interface CsvFinding {
  readonly accountId: string;
  readonly accountName: string;
  readonly check: string;
  readonly status: string;
  readonly resource: string;
  readonly message: string;
  readonly api: string;
  readonly code: string;
}

interface Scan {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly findings: readonly CsvFinding[];
}

/** Runs the CLI as a user would, with `credentials` as the only AWS configuration it can see. */
async function scan(name: string, credentials: AwsCredentialIdentity, extra: readonly string[]): Promise<Scan> {
  const env = cliEnvironment(credentials, work);
  const out = join(work, name);
  const args = ['scan', 'aws', '--endpoint-url', endpoint!, '--region', REGION, '-o', out, '-F', name, '-M', 'csv,json-ocsf', ...extra];
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: work, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exit) => resolve({ code: exit, stdout, stderr }));
  });
  // Exit 3: the scan finished and found failures. Anything else: show what the CLI said.
  if (code !== 3) throw new Error(`palisade ${args.join(' ')} exited ${code}\n${stdout}\n${stderr}`);

  const [header, ...rows] = parseCsv(readFileSync(join(out, `${name}.csv`), 'utf8'));
  const column = (field: string) => {
    const index = header!.indexOf(field);
    if (index < 0) throw new Error(`the CSV has no ${field} column`);
    return index;
  };
  const at = {
    accountId: column('account_id'),
    accountName: column('account_name'),
    check: column('check_id'),
    status: column('status'),
    resource: column('resource_uid'),
    message: column('status_extended'),
    api: column('error_api'),
    code: column('error_code'),
  };
  const findings = rows.map((row) =>
    Object.fromEntries(Object.entries(at).map(([key, index]) => [key, row[index] ?? ''])) as unknown as CsvFinding,
  );

  // The OCSF file holds the same findings, each valid against the schema.
  const ocsf = JSON.parse(readFileSync(join(out, `${name}.ocsf.json`), 'utf8')) as unknown[];
  expect(ocsf.length).toBe(findings.length);
  const schema = loadOcsfSchema(OCSF_SCHEMA_DIR);
  expect(ocsf.map((event) => validateOcsfEvent(schema, event).errors).filter((errors) => errors.length > 0).slice(0, 3)).toEqual([]);
  return { code, stdout, stderr, findings };
}

/** The ERROR findings no emulator gap explains: each is a defect of the scanner. */
function unexplainedErrors(findings: readonly CsvFinding[]) {
  return findings
    .filter((finding) => finding.status === 'ERROR')
    .filter((finding) => !EMULATOR_GAPS.some((gap) => gap.api === finding.api && gap.code === finding.code))
    .map(({ api, code, message, check, resource }) => ({ api, code, message, check, resource }));
}

const statuses = (findings: readonly CsvFinding[], check: string, resource: string) =>
  findings.filter((finding) => finding.check === check && finding.resource === resource).map((finding) => finding.status);

describe.skipIf(!endpoint)(`palisade scan aws against the AWS emulator${skipped}`, () => {
  let seeded: SeededAccount;
  let result: Scan;

  beforeAll(async () => {
    const accountId = randomAccountId();
    seeded = await seedMisconfiguredAccount(endpoint!, accountId, accountId);
    // The scanner's own session in the seeded account, as an assumed role.
    result = await scan('single', await credentialsFor(endpoint!, accountId, 'auditor'), []);
  }, 240_000);

  it('reports ERROR only where the emulator lacks the API', () => {
    expect(result.stdout).toMatch(/1 account\(s\), \d+ resources, \d+ checks, [\d,]+ findings/);
    expect(result.findings.every((finding) => finding.accountId === seeded.accountId)).toBe(true);
    expect(unexplainedErrors(result.findings)).toEqual([]);
  });

  it('evaluates almost every check on a seeded resource', () => {
    // The emulator loads no AWS managed policies, so none can be attached for this check.
    const unseedable = ['aws/iam-aws-attached-policy-no-administrative-privileges'];
    const evaluated = new Set(result.findings.map((finding) => finding.check));
    const missing = ALL_CHECKS.filter((check) => check.provider === 'aws').map((check) => check.id as string).filter((id) => !evaluated.has(id) && !unseedable.includes(id));
    expect(missing).toEqual([]);
  });

  it('fails every seeded weakness and passes its hardened counterpart', () => {
    const { root, users, policies, roles, groups, buckets, securityGroups, vpcs, volumes, snapshots, instances, images, routeTables } = seeded;
    const { trails, kmsKeys, logGroups, topics, dbInstances, dbSnapshots, fileSystems, serverCertificates } = seeded;
    const region = (service: string) => `arn:aws:${service}:${REGION}:${seeded.accountId}:${service}/${REGION}`;
    const expected: [check: string, resource: string, status: 'PASS' | 'FAIL'][] = [
      ['aws/iam-customer-attached-policy-no-administrative-privileges', policies.admin, 'FAIL'],
      ['aws/iam-customer-attached-policy-no-administrative-privileges', policies.notActionAdmin, 'FAIL'],
      ['aws/iam-customer-attached-policy-no-administrative-privileges', policies.powerUser, 'PASS'],
      ['aws/iam-customer-attached-policy-no-administrative-privileges', policies.scoped, 'PASS'],
      ['aws/iam-inline-policy-no-administrative-privileges', groups.inlineAdmin, 'FAIL'],
      ['aws/iam-inline-policy-no-administrative-privileges', roles.appServer, 'PASS'],
      ['aws/iam-password-policy-minimum-length-14', root, 'FAIL'],
      ['aws/iam-password-policy-reuse-24', root, 'FAIL'],
      ['aws/iam-password-policy-lowercase', root, 'PASS'],
      ['aws/iam-user-mfa-enabled-console-access', users.consoleWithoutMfa, 'FAIL'],
      ['aws/iam-user-mfa-enabled-console-access', users.consoleWithMfa, 'PASS'],
      ['aws/iam-rotate-access-key-90-days', users.staleKeys, 'FAIL'],
      ['aws/iam-rotate-access-key-90-days', users.freshKeys, 'PASS'],
      ['aws/iam-user-accesskey-unused', users.staleKeys, 'FAIL'],
      ['aws/iam-user-accesskey-unused', users.freshKeys, 'PASS'],
      ['aws/iam-user-console-access-unused', users.staleKeys, 'FAIL'],
      ['aws/iam-user-console-access-unused', users.consoleWithoutMfa, 'PASS'],
      ['aws/iam-role-cross-account-trust-requires-external-id', roles.crossAccountWithoutExternalId, 'FAIL'],
      ['aws/iam-role-cross-account-trust-requires-external-id', roles.crossAccountWithExternalId, 'PASS'],
      // The emulator dates every server certificate to 2012.
      ['aws/iam-no-expired-server-certificates-stored', serverCertificates.legacy, 'FAIL'],
      ['aws/s3-bucket-public-access', buckets.public, 'FAIL'],
      ['aws/s3-bucket-public-access', buckets.policyOnlyPublic, 'FAIL'],
      ['aws/s3-bucket-public-access', buckets.plain, 'PASS'],
      ['aws/s3-bucket-public-access', buckets.hardened, 'PASS'],
      ['aws/s3-bucket-default-encryption', buckets.plain, 'FAIL'],
      ['aws/s3-bucket-default-encryption', buckets.hardened, 'PASS'],
      ['aws/s3-bucket-versioning-enabled', buckets.plain, 'FAIL'],
      ['aws/s3-bucket-versioning-enabled', buckets.hardened, 'PASS'],
      ['aws/s3-bucket-secure-transport-policy', buckets.plain, 'FAIL'],
      ['aws/s3-bucket-secure-transport-policy', buckets.hardened, 'PASS'],
      ['aws/ec2-securitygroup-no-ipv4-internet-ingress-to-admin-ports', securityGroups.openAdminPorts, 'FAIL'],
      ['aws/ec2-securitygroup-no-ipv4-internet-ingress-to-admin-ports', securityGroups.restricted, 'PASS'],
      ['aws/ec2-securitygroup-default-restrict-traffic', securityGroups.default, 'FAIL'],
      ['aws/vpc-flow-logs-enabled', vpcs.withoutFlowLogs, 'FAIL'],
      ['aws/vpc-flow-logs-enabled', vpcs.withFlowLogs, 'PASS'],
      ['aws/vpc-peering-routing-tables-with-least-privilege', routeTables.peeringToEverything, 'FAIL'],
      ['aws/vpc-peering-routing-tables-with-least-privilege', routeTables.peeringToSubnet, 'PASS'],
      ['aws/ec2-ebs-volume-encryption', volumes.unencrypted, 'FAIL'],
      ['aws/ec2-ebs-volume-encryption', volumes.encrypted, 'PASS'],
      ['aws/ec2-ebs-snapshots-encrypted', snapshots.publicUnencrypted, 'FAIL'],
      ['aws/ec2-ebs-snapshots-encrypted', snapshots.privateEncrypted, 'PASS'],
      // Only the FAIL: the emulator ignores RestorableByUserIds, so it lists every snapshot as public.
      ['aws/ec2-ebs-public-snapshot', snapshots.publicUnencrypted, 'FAIL'],
      ['aws/ec2-instance-imdsv2-enabled', instances.exposed, 'FAIL'],
      ['aws/ec2-instance-imdsv2-enabled', instances.hardened, 'PASS'],
      ['aws/ec2-instance-profile-attached', instances.exposed, 'FAIL'],
      ['aws/ec2-instance-profile-attached', instances.hardened, 'PASS'],
      ['aws/ec2-ami-public', images.public, 'FAIL'],
      ['aws/ec2-ami-public', images.private, 'PASS'],
      ['aws/cloudtrail-log-file-validation-enabled', trails.singleRegionUnvalidated, 'FAIL'],
      ['aws/cloudtrail-log-file-validation-enabled', trails.multiRegionValidated, 'PASS'],
      ['aws/cloudtrail-kms-encryption-enabled', trails.singleRegionUnvalidated, 'FAIL'],
      ['aws/cloudtrail-kms-encryption-enabled', trails.multiRegionValidated, 'PASS'],
      ['aws/cloudtrail-multi-region-enabled', root, 'PASS'],
      ['aws/cloudtrail-s3-dataevents-read-enabled', root, 'PASS'],
      ['aws/cloudwatch-log-metric-filter-root-usage', root, 'PASS'],
      ['aws/cloudwatch-log-metric-filter-unauthorized-api-calls', root, 'FAIL'],
      ['aws/cloudwatch-log-group-retention-policy-specific-days-enabled', logGroups.shortRetention, 'FAIL'],
      ['aws/cloudwatch-log-group-retention-policy-specific-days-enabled', logGroups.longRetention, 'PASS'],
      ['aws/cloudwatch-log-group-retention-policy-specific-days-enabled', logGroups.neverExpiring, 'PASS'],
      ['aws/kms-cmk-rotation-enabled', kmsKeys.withoutRotation, 'FAIL'],
      ['aws/kms-cmk-rotation-enabled', kmsKeys.withRotation, 'PASS'],
      ['aws/sns-topics-kms-encryption-at-rest-enabled', topics.public, 'FAIL'],
      ['aws/sns-topics-kms-encryption-at-rest-enabled', topics.encrypted, 'PASS'],
      ['aws/sns-topics-not-publicly-accessible', topics.public, 'FAIL'],
      ['aws/sns-topics-not-publicly-accessible', topics.encrypted, 'PASS'],
      ['aws/rds-instance-no-public-access', dbInstances.public, 'FAIL'],
      ['aws/rds-instance-no-public-access', dbInstances.private, 'PASS'],
      ['aws/rds-instance-storage-encrypted', dbInstances.public, 'FAIL'],
      ['aws/rds-instance-storage-encrypted', dbInstances.private, 'PASS'],
      ['aws/rds-snapshots-public-access', dbSnapshots.public, 'FAIL'],
      ['aws/rds-snapshots-public-access', dbSnapshots.private, 'PASS'],
      ['aws/efs-encryption-at-rest-enabled', fileSystems.unencrypted, 'FAIL'],
      ['aws/efs-encryption-at-rest-enabled', fileSystems.encrypted, 'PASS'],
      ['aws/guardduty-is-enabled', region('guardduty'), 'PASS'],
      ['aws/securityhub-enabled', region('securityhub'), 'PASS'],
      ['aws/config-recorder-all-regions-enabled', region('config'), 'PASS'],
      ['aws/account-security-contact-information-is-registered', root, 'PASS'],
    ];
    const actual = expected.map(([check, resource]) => [check, resource, statuses(result.findings, check, resource).join(',')]);
    expect(actual).toEqual(expected);
  });

  // S3 Control (the account's Block Public Access) needs the account id as a host prefix on AWS,
  // which a custom endpoint cannot take: these ERRORed until the client sent it without one.
  it('reads the account-level S3 Block Public Access through the custom endpoint', () => {
    expect(statuses(result.findings, 'aws/s3-account-level-public-access-blocks', seeded.root)).toEqual(['FAIL']);
    expect(statuses(result.findings, 'aws/s3-bucket-level-public-access-block', seeded.buckets.public)).toEqual(['FAIL']);
    expect(statuses(result.findings, 'aws/s3-bucket-level-public-access-block', seeded.buckets.hardened)).toEqual(['PASS']);
  });

  // The emulator does not implement GetBucketPolicyStatus; its answer (a bucket listing) once
  // read as "not public", so a bucket public through its policy alone PASSed.
  it('judges bucket policies without a policy status answer, and never passes what it cannot see', () => {
    const publicAccess = (bucket: string) =>
      result.findings
        .filter((finding) => finding.check === 'aws/s3-bucket-public-access' && finding.resource === bucket)
        .map(({ status, api, code }) => [status, api, code]);
    expect(publicAccess(seeded.buckets.policyOnlyPublic)).toEqual([['FAIL', '', '']]);
    const policyOnly = result.findings.find((finding) => finding.check === 'aws/s3-bucket-public-access' && finding.resource === seeded.buckets.policyOnlyPublic);
    expect(policyOnly?.message).toContain('statement "PublicRead" allows s3:GetObject to everyone');
    expect(publicAccess(seeded.buckets.accountOnlyPolicy)).toEqual([['ERROR', 's3:GetBucketPolicyStatus', 'IncompleteResponse']]);
  });

  // GetEbsDefaultKmsKeyId only names the key; whether encryption is on by default is
  // GetEbsEncryptionByDefault's answer, so the key's failure must not turn the result into ERROR.
  it('judges EBS encryption by default although the default key cannot be read', () => {
    const regional = `arn:aws:ec2:${REGION}:${seeded.accountId}:ec2/${REGION}`;
    expect(result.findings.filter((finding) => finding.check === 'aws/ec2-ebs-default-encryption').map((finding) => [finding.resource, finding.status])).toEqual([
      [regional, 'FAIL'],
    ]);
  });
});

describe.skipIf(!endpoint)(`palisade scan aws --organization against the AWS emulator${skipped}`, () => {
  let management: string;
  let members: string[];
  let result: Scan;

  beforeAll(async () => {
    management = randomAccountId();
    ({ members } = await seedOrganization(endpoint!, management, ['workload-weak', 'workload-strong']));
    await setPasswordLength(endpoint!, members[0]!, 8);
    await setPasswordLength(endpoint!, members[1]!, 16);
    // Only the management account's credentials: the members are reached by assuming their role.
    result = await scan('organization', await credentialsFor(endpoint!, management, 'auditor'), ['--organization', '-s', 'iam']);
  }, 240_000);

  it('scans every member through its role and tells them apart', () => {
    expect(result.stdout).toMatch(/3 account\(s\), \d+ resources/);
    const scanned = new Set(result.findings.map((finding) => finding.accountId));
    expect([...scanned].sort()).toEqual([management, ...members].sort());
    const length = (account: string) => statuses(result.findings, 'aws/iam-password-policy-minimum-length-14', `arn:aws:iam::${account}:root`);
    expect([length(members[0]!), length(members[1]!)]).toEqual([['FAIL'], ['PASS']]);
    // Findings carry the organization's account names.
    const names = new Map(result.findings.map((finding) => [finding.accountId, finding.accountName]));
    expect([names.get(members[0]!), names.get(members[1]!)]).toEqual(['workload-weak', 'workload-strong']);
    expect(unexplainedErrors(result.findings)).toEqual([]);
  });

  // A member whose role cannot be assumed is not tested here: the emulator grants AssumeRole into
  // any role ARN, existing or not (see moto's sts backend), so it cannot produce the denial.
});
