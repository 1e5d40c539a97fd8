import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountResource, defineCheck, fail, pass } from '@palisade/core';
import type { Check, Finding } from '@palisade/core';
import { accountSnapshot, denied, iamUser, ok } from '@palisade/checks/testing';
import { DEFAULT_SCAN_CONFIG } from './config.ts';
import { parseMutelist } from './mutelist.ts';
import { runScan } from './scan.ts';
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

describe('runScan from a snapshot', () => {
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
    const result = await runScan({
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
    expect(result.accountsScanned).toEqual(['111111111111', '222222222222']);
    expect(result.interrupted).toBe(false);
  });

  it('gives stable finding uids across scans', async () => {
    const path = await snapshotWith('stable.json.gz', [accountSnapshot({ global: { iam: { users: ok(users) } } })]);
    const uids = async () => {
      const { batches, sink } = collector();
      await runScan({ source: { kind: 'snapshot', path }, checks: [usersHaveMfa], config: DEFAULT_SCAN_CONFIG, sinks: [sink], productVersion: 'test' });
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
    const result = await runScan({ source: { kind: 'snapshot', path }, checks: [explodes], config: DEFAULT_SCAN_CONFIG, sinks: [sink], productVersion: 'test' });
    expect(batches.flat().map((f) => [f.status, f.error?.code])).toEqual([['ERROR', 'CheckFailed']]);
    expect(result.summary.total.ERROR).toBe(1);
  });

  it('applies resource scope to everything and the status filter only to outputs', async () => {
    const path = await snapshotWith('scope.json.gz', [accountSnapshot({ global: { iam: { users: ok(users) } } })]);
    const { batches, sink } = collector();
    const result = await runScan({
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
    const result = await runScan({ source: { kind: 'snapshot', path }, checks: [accountLevel], config: DEFAULT_SCAN_CONFIG, sinks: [], productVersion: 'test', signal: controller.signal });
    expect(result.interrupted).toBe(true);
    expect(result.accountsScanned).toEqual([]);
  });
});
