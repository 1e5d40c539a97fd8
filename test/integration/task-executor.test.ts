/**
 * A live organization scan against the simulated AWS run from the same ScanRequest JSON in one
 * piece and as tasks: each member account prepared (role assumed, regions listed), collected as one
 * task for its global services and one per region, its parts stored, then assembled and evaluated.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '@palisade/core';
import type { AwsAccountSnapshot } from '@palisade/core/aws';
import { FRAMEWORKS } from '@palisade/compliance';
import { DEFAULT_SCAN_CONFIG, DirectoryPartStore, MemoryPartStore, TaskRuntime, discoverScopes, parseScanRequest, prepareScope, readSnapshot, runCollectTask } from '@palisade/engine';
import type { ScanProgress, ScanRequest, ScanResult, ScopePart } from '@palisade/engine';
import { SIMULATED_CHECKS, SIMULATED_TRANSPORT_MODULE, callsByService, scanCollecting } from './simulated-scan.ts';
import type { EstateShape } from '../../bench/sim/estate.ts';
import type { SimulatedTransportOptions } from '../../bench/sim/transport.ts';

const estate: EstateShape = {
  seed: 11,
  accounts: 4,
  regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
  perRegion: { instances: 4, securityGroups: 3, volumes: 2, snapshots: 2, vpcs: 1, kmsKeys: 2, logGroups: 2 },
  perAccount: { iamUsers: 3, iamRoles: 2, buckets: 3 },
  misconfiguredShare: 0.3,
};
const simulated: SimulatedTransportOptions = { estate };
const transportModule = SIMULATED_TRANSPORT_MODULE;
const checks = SIMULATED_CHECKS;
const work = mkdtempSync(join(tmpdir(), 'palisade-live-tasks-'));

/**
 * `simulator`: which of this thread's simulated AWSs serves the scan (one per distinct options). A
 * simulator remembers state between scans (IAM credential reports already generated), so scans
 * whose API calls are compared each get a fresh one.
 */
function requestFromJson(execution: ScanRequest['execution'], output: ScanRequest['output'] = {}, simulator = 0, shape: EstateShape = estate): ScanRequest {
  const request: ScanRequest = {
    version: 1,
    provider: 'aws',
    scanId: 'organization-as-tasks',
    source: { kind: 'live', credentials: {}, targets: { organization: {}, roleName: 'OrganizationAccountAccessRole' } },
    scope: { checks, frameworks: FRAMEWORKS.map((framework) => framework.id) },
    config: DEFAULT_SCAN_CONFIG,
    limits: {},
    output,
    ...(execution ? { execution } : {}),
    transport: { module: transportModule, export: 'simulatedAws', options: { ...simulated, estate: shape, latency: { medianMs: 2, p99Ms: 20 + simulator } } },
  };
  return parseScanRequest(JSON.parse(JSON.stringify(request)));
}


const key = (finding: Finding) => `${finding.uid} ${finding.status} ${finding.message} ${JSON.stringify(finding.organization)}`;
const sortedErrors = (result: ScanResult) => result.errors.map((error) => JSON.stringify(error)).sort();

describe('live organization scan as tasks (simulated AWS)', () => {
  it('finds what the one-piece scan finds, with the same summary, compliance, organization metadata and API calls', async () => {
    const onePiece = await scanCollecting(requestFromJson(undefined, {}, 1));
    const asTasks = await scanCollecting(requestFromJson({ tasks: { store: 'memory' } }, {}, 2));

    expect(onePiece.result.accountsScanned).toHaveLength(5);
    expect([...asTasks.result.accountsScanned].sort()).toEqual([...onePiece.result.accountsScanned].sort());
    expect(asTasks.findings.length).toBeGreaterThan(200);
    expect(asTasks.findings.map(key).sort()).toEqual(onePiece.findings.map(key).sort());
    expect(asTasks.result.summary).toEqual(onePiece.result.summary);
    expect(asTasks.compliance).toEqual(onePiece.compliance);
    expect(sortedErrors(asTasks.result)).toEqual(sortedErrors(onePiece.result));
    expect(asTasks.result.notScanned).toEqual(onePiece.result.notScanned);
    // Each account is connected once and each collector runs once per region, as in one piece.
    expect(callsByService(asTasks.result)).toEqual(callsByService(onePiece.result));
    const member = asTasks.findings.find((finding) => finding.accountId === '910000000002')!;
    expect(member.organization).toMatchObject({ ouPath: expect.stringMatching(/^Root\//), tags: { team: expect.any(String) } });
    // Collection progress counts each account's collectors across its tasks, up to the account's total.
    const collected = asTasks.progress.filter((event): event is Extract<ScanProgress, { phase: 'collect' }> => event.phase === 'collect' && event.accountId === '910000000002');
    expect(collected.map((event) => event.done)).toEqual(collected.map((_, index) => index + 1));
    expect(new Set(collected.map((event) => event.total))).toEqual(new Set([collected.length]));
  });

  it('stores one part per region and one for the global services, each plain data a new runtime can read', async () => {
    const request = requestFromJson(undefined, {}, 3);
    const start = { scanId: request.scanId!, startedAt: new Date().toISOString(), productVersion: 'test', request };
    const runtime = await TaskRuntime.create(request, start);
    const store = new DirectoryPartStore(join(work, 'parts'));
    try {
      const discovery = await discoverScopes(runtime);
      expect(discovery.targets.map((target) => target.accountId)).toContain('910000000001');
      const target = discovery.targets.find((candidate) => candidate.accountId === '910000000001')!;
      expect(target.access).toEqual({ roleArn: 'arn:aws:iam::910000000001:role/OrganizationAccountAccessRole' });
      const tasks = (await prepareScope(runtime, JSON.parse(JSON.stringify(target))))!;
      expect(tasks.collect.map((task) => task.group.name)).toEqual(['global', ...tasks.scope.locations]);
      expect(tasks.scope.locations).toEqual(expect.arrayContaining([...estate.regions]));
      for (const task of tasks.collect) await runCollectTask(runtime, JSON.parse(JSON.stringify(task)), store);
      expect(readdirSync(join(work, 'parts', 'organization-as-tasks', '910000000001')).sort()).toEqual(['global.json', ...tasks.scope.locations.map((region) => `${region}.json`)].sort());
      const europe = (await new DirectoryPartStore(join(work, 'parts')).get('organization-as-tasks/910000000001/eu-west-1')) as ScopePart;
      const snapshot = europe.snapshot as AwsAccountSnapshot;
      expect(snapshot.regions).toEqual(['eu-west-1']);
      expect(Object.keys(snapshot.global)).toEqual([]);
      expect(Object.keys(snapshot.regional['eu-west-1']!)).toEqual(expect.arrayContaining(['ec2']));
      const global = (await store.get('organization-as-tasks/910000000001/global')) as ScopePart;
      expect((global.snapshot as AwsAccountSnapshot).regions).toEqual([]);
      expect(Object.keys((global.snapshot as AwsAccountSnapshot).global)).toEqual(expect.arrayContaining(['iam']));
    } finally {
      runtime.close();
    }
  });

  it('writes the collected inventory as a snapshot file whose scan gives the same findings', async () => {
    const path = join(work, 'inventory.json.gz');
    const asTasks = await scanCollecting(requestFromJson({ tasks: { store: 'memory' } }, { snapshotOut: path }, 4));
    const accounts: string[] = [];
    for await (const account of readSnapshot(path)) accounts.push(account.accountId);
    expect(accounts.sort()).toEqual([...asTasks.result.accountsScanned].sort());
    const fromFile = await scanCollecting(parseScanRequest({ ...requestFromJson(undefined), source: { kind: 'snapshot', path }, transport: undefined }));
    const status = (finding: Finding) => `${finding.uid} ${finding.status}`;
    expect(fromFile.findings.map(status).sort()).toEqual(asTasks.findings.map(status).sort());
  });

  it('reports a member whose role cannot be assumed and scans the others, as in one piece', async () => {
    const locked: EstateShape = { ...estate, unassumableAccounts: [1] };
    const onePiece = await scanCollecting(requestFromJson(undefined, {}, 6, locked));
    const asTasks = await scanCollecting(requestFromJson({ tasks: { store: 'memory' } }, {}, 7, locked));
    expect(asTasks.result.accountsScanned).toHaveLength(4);
    expect(asTasks.result.notScanned).toEqual(onePiece.result.notScanned);
    expect(asTasks.result.notScanned).toEqual([expect.stringMatching(/^account 9100000000\d\d: role could not be assumed$/)]);
    expect(asTasks.result.errors).toEqual(onePiece.result.errors);
    expect(asTasks.result.errors).toEqual([expect.objectContaining({ error: expect.objectContaining({ api: 'sts:AssumeRole' }) })]);
    expect(asTasks.findings.map(key).sort()).toEqual(onePiece.findings.map(key).sort());
  });

  it('stops when aborted: accounts cut short are listed with what was not collected, and nothing is left in the store', async () => {
    const store = new MemoryPartStore();
    const abort = new AbortController();
    const { runScanAsTasks } = await import('@palisade/engine');
    const seen: Finding[] = [];
    const result = await runScanAsTasks(
      requestFromJson({ tasks: { store: 'memory' } }, {}, 8),
      [{ receives: 'all', write: async (batch) => void (seen.push(...batch), abort.abort()) }],
      { store, signal: abort.signal },
    );
    expect(result.interrupted).toBe(true);
    expect(result.accountsScanned.length).toBeGreaterThan(0);
    expect(result.accountsScanned.length + result.notScanned.length).toBe(5);
    for (const line of result.notScanned) expect(line).toMatch(/^account \d{12}: (not collected \(interrupted\): .+; \d+ check\(s\) not evaluated|not (started|evaluated) \(interrupted\))$/);
    expect(new Set(seen.map((finding) => finding.accountId))).toEqual(new Set(result.accountsScanned));
    expect(await store.list('organization-as-tasks')).toEqual([]);
  });

  it('keeps no part in memory after the scan', async () => {
    const store = new MemoryPartStore();
    const { runScanAsTasks } = await import('@palisade/engine');
    const result = await runScanAsTasks(requestFromJson({ tasks: { store: 'memory' } }, {}, 5), [], { store });
    expect(result.accountsScanned).toHaveLength(5);
    expect(await store.list('organization-as-tasks')).toEqual([]);
  });
});
