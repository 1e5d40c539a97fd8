import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, UNKNOWN_REGION, defineCheck, fail, pass, resource } from '@palisade/core';
import { accountResource } from '@palisade/core/aws';
import type { Check, Finding } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { accountSnapshot, cloudTrailTrail, denied, iamUser, ok, s3Bucket } from '@palisade/checks/testing';
import { DEFAULT_SCAN_CONFIG } from './config.ts';
import { parseMutelist } from './mutelist.ts';
import { executeScan } from './scan.ts';
import { SnapshotWriter } from './snapshot-io.ts';

const dir = mkdtempSync(join(tmpdir(), 'palisade-scan-'));
const meta = {
  provider: 'aws' as const,
  service: 'iam',
  requires: ['iam' as const],
  resourceType: 'AwsIamUser',
  severity: 'high' as const,
  title: 'Users have MFA devices',
  description: 'Test check.',
  risk: 'Test risk.',
  remediation: { summary: 'Add MFA.' },
  references: ['https://example.com'],
  categories: ['identity-and-access' as const],
};
const usersHaveMfa = defineCheck({
  ...meta,
  id: 'aws/test-users-mfa',
  evaluate: (account) => {
    const users = account.global.iam?.users;
    if (!users?.value) return [];
    return users.value.map((user) => {
      const ref = { uid: user.arn, type: 'AwsIamUser', name: user.name, region: 'global', tags: user.tags };
      return user.mfaDevices.value?.length ? pass(ref, 'has MFA') : fail(ref, 'no MFA');
    });
  },
}) as Check;
const explodes = defineCheck({ ...meta, id: 'aws/test-explodes', evaluate: () => { throw new Error('boom'); } }) as Check;
const accountLevel = defineCheck({ ...meta, id: 'aws/test-account', evaluate: (account) => [pass(accountResource(account), 'fine')] }) as Check;

async function snapshotWith(name: string, accounts: ReturnType<typeof accountSnapshot>[]) {
  const path = join(dir, name);
  const writer = await SnapshotWriter.open(path, 'test');
  for (const account of accounts) await writer.add(account);
  await writer.commit();
  return path;
}

const collector = () => {
  const batches: Finding[][] = [];
  return { batches, sink: { write: async (batch: readonly Finding[]) => void batches.push([...batch]) } };
};

describe('executeScan from a snapshot', () => {
  const users = [
    iamUser({ name: 'alice', mfaDevices: ok([{ serialNumber: 'arn:aws:iam::111111111111:mfa/alice', enableDate: '2025-01-01T00:00:00Z' }]) }),
    iamUser({ name: 'bob', tags: { env: 'dev' } }),
  ];

  it('evaluates checks per account, mutes, batches and summarizes', async () => {
    const path = await snapshotWith('two.json.gz', [
      accountSnapshot({ accountId: '111111111111', global: { iam: { users: ok(users) } } }),
      accountSnapshot({ accountId: '222222222222', global: { iam: { users: ok([iamUser({ name: 'carol' })]) } } }),
    ]);
    const mutelist = parseMutelist('Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        test_users_mfa:\n          Regions: ["*"]\n          Resources: ["*"]\n          Tags: ["env=dev"]\n          Reason: dev users\n', 'm.yaml');
    const { batches, sink } = collector();
    const result = await executeScan({
      source: { kind: 'snapshot', path },
      checks: [usersHaveMfa, accountLevel],
      config: DEFAULT_SCAN_CONFIG,
      mutelist,
      sinks: [sink],
      batchSize: 2,
      productVersion: 'test',
      complianceRefs: (id) => (id === 'aws/test-users-mfa' ? ['cis-aws-3.0:1.10'] : []),
    });
    const findings = batches.flat();
    expect(batches.every((batch) => batch.length <= 2)).toBe(true);
    expect(findings.map((f) => [f.accountId, f.check.id, f.status, f.resource.name, f.muted?.reason])).toEqual([
      ['111111111111', 'aws/test-users-mfa', 'PASS', 'alice', undefined],
      ['111111111111', 'aws/test-users-mfa', 'FAIL', 'bob', 'dev users'],
      ['111111111111', 'aws/test-account', 'PASS', '111111111111', undefined],
      ['222222222222', 'aws/test-users-mfa', 'FAIL', 'carol', undefined],
      ['222222222222', 'aws/test-account', 'PASS', '222222222222', undefined],
    ]);
    expect(findings[0]?.compliance).toEqual(['cis-aws-3.0:1.10']);
    expect(result.summary.total).toEqual({ PASS: 3, FAIL: 1, MANUAL: 0, ERROR: 0, muted: 1 });
    expect(result.summary.unmutedFailures).toBe(1);
    expect(result.summary.muteRules).toEqual([{ rule: '*/test_users_mfa', location: 'm.yaml:5', muted: 1 }]);
    expect(result.accountsScanned).toEqual(['111111111111', '222222222222']);
    expect(result.interrupted).toBe(false);
  });

  it('emits findings as plain data: check metadata without evaluate or requires, cloneable and JSON round-trippable', async () => {
    const path = await snapshotWith('plain.json.gz', [accountSnapshot({ global: { iam: { users: ok(users) } } })]);
    const { batches, sink } = collector();
    await executeScan({ source: { kind: 'snapshot', path }, checks: [usersHaveMfa], config: DEFAULT_SCAN_CONFIG, sinks: [sink], productVersion: 'test' });
    const findings = batches.flat();
    expect(findings.map((f) => [f.status, f.resource.uid])).toEqual([
      ['PASS', 'arn:aws:iam::123456789012:user/alice'],
      ['FAIL', 'arn:aws:iam::123456789012:user/bob'],
    ]);
    const functionPaths = (value: unknown, path: string): string[] =>
      typeof value === 'function' ? [path] : value && typeof value === 'object' ? Object.entries(value).flatMap(([key, inner]) => functionPaths(inner, `${path}.${key}`)) : [];
    for (const finding of findings) {
      expect(functionPaths(finding, 'finding')).toEqual([]);
      expect(finding.check).not.toHaveProperty('requires');
      expect(finding.check).toMatchObject({ id: 'aws/test-users-mfa', title: 'Users have MFA devices', remediation: { summary: 'Add MFA.' } });
      expect(structuredClone(finding)).toEqual(finding);
      expect(JSON.parse(JSON.stringify(finding))).toEqual(finding);
    }
    // One metadata object per check, shared by its findings.
    expect(findings[0]?.check).toBe(findings[1]?.check);
  });

  it('gives stable finding uids across scans', async () => {
    const path = await snapshotWith('stable.json.gz', [accountSnapshot({ global: { iam: { users: ok(users) } } })]);
    const uids = async () => {
      const { batches, sink } = collector();
      await executeScan({ source: { kind: 'snapshot', path }, checks: [usersHaveMfa], config: DEFAULT_SCAN_CONFIG, sinks: [sink], productVersion: 'test' });
      return batches.flat().map((f) => f.uid);
    };
    const first = await uids();
    expect(first).toHaveLength(2);
    expect(new Set(first).size).toBe(2);
    expect(await uids()).toEqual(first);
  });

  it('turns a throwing check into an ERROR finding instead of losing it', async () => {
    const path = await snapshotWith('explode.json.gz', [accountSnapshot({ global: { iam: { users: denied('iam:GetAccountAuthorizationDetails') } } })]);
    const { batches, sink } = collector();
    const result = await executeScan({ source: { kind: 'snapshot', path }, checks: [explodes], config: DEFAULT_SCAN_CONFIG, sinks: [sink], productVersion: 'test' });
    expect(batches.flat().map((f) => [f.status, f.error?.code])).toEqual([['ERROR', 'CheckFailed']]);
    expect(result.summary.total.ERROR).toBe(1);
  });

  it('applies resource scope to everything and the status filter only to outputs', async () => {
    const path = await snapshotWith('scope.json.gz', [accountSnapshot({ global: { iam: { users: ok(users) } } })]);
    const { batches, sink } = collector();
    const result = await executeScan({
      source: { kind: 'snapshot', path },
      checks: [usersHaveMfa],
      config: DEFAULT_SCAN_CONFIG,
      sinks: [sink],
      productVersion: 'test',
      resourceScope: (resource) => resource.name !== 'alice',
      outputStatuses: new Set(['PASS']),
    });
    expect(batches.flat()).toEqual([]);
    expect(result.summary.total.FAIL).toBe(1);
    expect(result.summary.total.PASS).toBe(0);
  });

  it('stops at an aborted signal and reports the scan as interrupted', async () => {
    const path = await snapshotWith('abort.json.gz', [accountSnapshot({ accountId: '111111111111' }), accountSnapshot({ accountId: '222222222222' })]);
    const controller = new AbortController();
    controller.abort();
    const result = await executeScan({ source: { kind: 'snapshot', path }, checks: [accountLevel], config: DEFAULT_SCAN_CONFIG, sinks: [], productVersion: 'test', signal: controller.signal });
    expect(result.interrupted).toBe(true);
    expect(result.accountsScanned).toEqual([]);
  });
});

describe('executeScan with --region', () => {
  const bucketsVersioned = defineCheck({
    ...meta,
    id: 'aws/test-buckets-versioned',
    service: 's3',
    requires: ['s3'],
    resourceType: 'AwsS3Bucket',
    evaluate: (account) =>
      (account.global.s3?.buckets.value ?? []).map((bucket) => {
        const ref = resource(bucket.arn, 'AwsS3Bucket', bucket.name, bucket.region);
        return bucket.versioning.value?.status === 'Enabled' ? pass(ref, 'versioned') : fail(ref, 'not versioned');
      }),
  }) as Check;
  // Trails are listed in every region they log (shadow copies); results carry the trail's home region.
  const trailsValidated = defineCheck({
    ...meta,
    id: 'aws/test-trails-validated',
    service: 'cloudtrail',
    requires: ['cloudtrail'],
    resourceType: 'AwsCloudTrailTrail',
    evaluate: (account) => {
      const trails = new Map(account.regions.flatMap((region) => (account.regional[region]?.cloudtrail?.trails.value ?? []).map((trail) => [trail.arn, trail] as const)));
      return [...trails.values()].map((trail) => fail(resource(trail.arn, 'AwsCloudTrailTrail', trail.name, trail.homeRegion), 'no validation'));
    },
  }) as Check;
  const trail = cloudTrailTrail({ name: 'audit', homeRegion: 'us-east-1', logFileValidationEnabled: false });
  const estate = accountSnapshot({
    accountId: '111111111111',
    regions: ['us-east-1', 'eu-west-1'],
    global: {
      s3: {
        buckets: ok([
          s3Bucket({ name: 'logs-us', region: 'us-east-1' }),
          s3Bucket({ name: 'data-eu', region: 'eu-west-1', versioning: ok({ status: 'Enabled', mfaDelete: 'Disabled' }) }),
        ]),
      },
    },
    regional: { 'us-east-1': { cloudtrail: { trails: ok([trail]) } }, 'eu-west-1': { cloudtrail: { trails: ok([trail]) } } },
  });

  it('drops findings of resources in other regions (S3 buckets, trails), so the exit code follows the requested regions', async () => {
    const path = await snapshotWith('regions.json.gz', [estate]);
    const scan = async (regions?: string[]) => {
      const { batches, sink } = collector();
      const result = await executeScan({
        source: { kind: 'snapshot', path, ...(regions ? { regions } : {}) },
        checks: [bucketsVersioned, trailsValidated, accountLevel],
        config: DEFAULT_SCAN_CONFIG,
        sinks: [sink],
        productVersion: 'test',
      });
      return { result, findings: batches.flat().map((f) => [f.status, f.resource.uid, f.region]) };
    };
    const all = await scan();
    expect(all.findings).toEqual([
      ['FAIL', 'arn:aws:s3:::logs-us', 'us-east-1'],
      ['PASS', 'arn:aws:s3:::data-eu', 'eu-west-1'],
      ['FAIL', trail.arn, 'us-east-1'],
      ['PASS', 'arn:aws:iam::111111111111:root', 'global'],
    ]);
    expect(all.result.summary.unmutedFailures).toBe(2);

    const eu = await scan(['eu-west-1']);
    expect(eu.findings).toEqual([
      ['PASS', 'arn:aws:s3:::data-eu', 'eu-west-1'],
      ['PASS', 'arn:aws:iam::111111111111:root', 'global'],
    ]);
    expect(eu.result.summary.unmutedFailures).toBe(0);
    expect(eu.result.errors).toEqual([]);
  });

  it('reports a requested region that an account of the snapshot does not have, and one that no account has', async () => {
    const path = await snapshotWith('absent-region.json.gz', [estate, accountSnapshot({ accountId: '222222222222', regions: ['us-east-1'] })]);
    const scan = (regions: string[]) => executeScan({ source: { kind: 'snapshot', path, regions }, checks: [accountLevel], config: DEFAULT_SCAN_CONFIG, sinks: [], productVersion: 'test' });

    const partly = await scan(['eu-west-1']);
    expect(partly.errors.map((error) => [error.accountId, error.region, error.error.code, error.error.message])).toEqual([
      ['222222222222', 'eu-west-1', 'RegionNotInSnapshot', 'region eu-west-1 is not in the snapshot for account 222222222222: its regional checks were not evaluated there'],
    ]);
    expect(partly.regionsNotInSnapshot).toEqual([]);

    const nowhere = await scan(['eu-west-1', 'eu-south-2']);
    expect(nowhere.regionsNotInSnapshot).toEqual(['eu-south-2']);
    expect(nowhere.errors.filter((error) => error.region === 'eu-south-2').map((error) => [error.accountId, error.error.code])).toEqual([
      ['111111111111', 'RegionNotInSnapshot'],
      ['222222222222', 'RegionNotInSnapshot'],
    ]);
  });
});

describe('executeScan with --region and a bucket whose region could not be read', () => {
  it('keeps the ERROR findings of that bucket under any requested region', async () => {
    const versioning = ALL_CHECKS.find((check) => check.id === 'aws/s3-bucket-versioning-enabled')!;
    const locationDenied = denied<never>('s3:GetBucketLocation', 'AccessDenied', 'us-east-1');
    const account = accountSnapshot({
      accountId: '111111111111',
      regions: ['us-east-1', 'eu-west-1'],
      global: {
        s3: {
          buckets: ok([
            s3Bucket({ name: 'foreign-owned', region: UNKNOWN_REGION, versioning: locationDenied }),
            s3Bucket({ name: 'data-us', region: 'us-east-1', versioning: ok({ status: 'Enabled', mfaDelete: 'Disabled' }) }),
          ]),
        },
      },
    });
    const path = await snapshotWith('unknown-region.json.gz', [account]);
    const { batches, sink } = collector();
    const result = await executeScan({ source: { kind: 'snapshot', path, regions: ['eu-west-1'] }, checks: [versioning], config: DEFAULT_SCAN_CONFIG, sinks: [sink], productVersion: 'test' });
    expect(batches.flat().map((finding) => [finding.status, finding.resource.uid, finding.resource.region, finding.error?.code])).toEqual([
      ['ERROR', 'arn:aws:s3:::foreign-owned', UNKNOWN_REGION, 'AccessDenied'],
    ]);
    expect(result.summary.total.ERROR).toBe(1);
  });
});

describe('executeScan of a damaged snapshot', () => {
  it('keeps the findings of the accounts read before the damage and returns the error', async () => {
    const ids = ['111111111111', '222222222222', '333333333333'];
    const whole = await snapshotWith(
      'whole-for-cut.json.gz',
      ids.map((accountId) => accountSnapshot({ accountId, global: { iam: { users: ok(Array.from({ length: 400 }, (_, index) => iamUser({ name: `u${index}-${Math.random().toString(36).slice(2)}` }))) } } })),
    );
    const bytes = readFileSync(whole);
    const path = join(dir, 'cut-scan.json.gz');
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * 0.85)));
    const { batches, sink } = collector();
    const result = await executeScan({ source: { kind: 'snapshot', path }, checks: [accountLevel], config: DEFAULT_SCAN_CONFIG, sinks: [sink], productVersion: 'test' });
    expect(batches.flat().map((f) => [f.status, f.resource.uid])).toEqual([
      ['PASS', 'arn:aws:iam::111111111111:root'],
      ['PASS', 'arn:aws:iam::222222222222:root'],
    ]);
    expect(result.accountsScanned).toEqual(ids.slice(0, 2));
    expect(result.snapshotError).toBeInstanceOf(InputError);
    expect(result.snapshotError?.code).toBe('SNAPSHOT_INVALID');
    expect(result.snapshotError?.message).toMatch(/cut-scan\.json\.gz: truncated: the gzip data ends early \(unexpected end of file\).*readable up to line 3 \(the header and 2 accounts, the last 222222222222\)/);
    expect(result.notScanned).toEqual([`the rest of ${path} after its first 2 account(s): unreadable`]);
    expect(result.interrupted).toBe(false);
  });
});

describe('executeScan of member accounts', () => {
  it('records a member whose role is denied with AWS’s code and API, and does not scan it', async () => {
    const member = '222222222222';
    const roleArn = `arn:aws:iam::${member}:role/PalisadeScan`;
    const accountsFile = join(dir, 'denied-member-accounts.txt');
    writeFileSync(accountsFile, `${roleArn}\n`);
    const requests: string[] = [];
    // STS as AWS answers an AssumeRole that the role's trust policy does not allow.
    const denyingSts = {
      handle: async (request: { hostname: string; body?: unknown }) => {
        requests.push(`${request.hostname} ${String(request.body)}`);
        const body =
          '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>' +
          `<Message>User: arn:aws:iam::111111111111:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${roleArn}</Message></Error>` +
          '<RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>';
        return { response: { statusCode: 403, headers: { 'content-type': 'text/xml' }, body: Buffer.from(body) } };
      },
    };
    const result = await executeScan({
      source: {
        kind: 'aws',
        connect: { credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test-secret-key' }, region: 'us-east-1', transport: { handler: denyingSts } },
        targets: { accountsFile, roleName: 'PalisadeScan' },
      },
      checks: [accountLevel],
      config: { ...DEFAULT_SCAN_CONFIG, gateway: { maxAttempts: 1 } },
      sinks: [],
      productVersion: 'test',
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^sts\.us-east-1\.amazonaws\.com Action=AssumeRole&/);
    expect(result.errors).toEqual([
      {
        accountId: member,
        error: {
          api: 'sts:AssumeRole',
          code: 'AccessDenied',
          httpStatus: 403,
          region: 'us-east-1',
          message: expect.stringMatching(new RegExp(`^Could not assume role ${roleArn} with the credentials .*: AccessDenied on sts:AssumeRole; check that the role's trust policy`)),
        },
      },
    ]);
    expect(result.accountsScanned).toEqual([]);
    expect(result.notScanned).toEqual([`account ${member}: role could not be assumed`]);
  });
});
