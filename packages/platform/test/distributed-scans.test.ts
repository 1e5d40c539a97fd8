/**
 * A platform scan run step by step as separate tasks (plan, collect, evaluate, finalize) through a
 * part store and the store, as queue workers and Step Functions run it, against the same scan run
 * in one piece by the job runner: same findings, summary, compliance and report files — on the
 * demo snapshot and on a live organization of the simulated AWS. Then what fails: a collect task
 * that gives up leaves ERRORs and a scan error naming the account, region and service; an evaluate
 * task that gives up is a scan error, not a silent gap; steps delivered twice change nothing; a
 * cancelled scan's steps do nothing.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryPartStore, MemoryPartStore } from '@palisade/engine';
import type { PartStore } from '@palisade/engine';
import { localFileDestination } from '@palisade/outputs';
import { createSqliteStore } from '@palisade/store';
import type { Scan, Store, TenantStore } from '@palisade/store';
import { DEMO_SNAPSHOT } from '../../engine/test/demo-accounts.ts';
import { SIMULATED_TRANSPORT_MODULE } from '../../../test/integration/simulated-scan.ts';
import type { EstateShape } from '../../../bench/sim/estate.ts';
import { DistributedScans, ScanJobRunner } from '../src/index.ts';
import type { PlannedScan, ScanRef } from '../src/index.ts';
import { findingsOf } from './scan-findings.ts';

const work = mkdtempSync(join(tmpdir(), 'palisade-distributed-'));
const estate: EstateShape = {
  seed: 23,
  accounts: 3,
  regions: ['us-east-1', 'eu-west-1'],
  perRegion: { instances: 2, securityGroups: 3, volumes: 1, snapshots: 1, vpcs: 1, kmsKeys: 1, logGroups: 1 },
  perAccount: { iamUsers: 2, iamRoles: 2, buckets: 3 },
  misconfiguredShare: 0.3,
};
const transport = { module: SIMULATED_TRANSPORT_MODULE, export: 'simulatedAws', options: { estate, latency: { medianMs: 1, p99Ms: 5 } } };

let store: Store;

beforeAll(async () => {
  store = createSqliteStore({ dataDir: ':memory:' });
  await store.migrate();
});

afterAll(async () => {
  await store?.close();
});

async function tenantWith(name: string, provider: { type: string; config: Record<string, unknown> }): Promise<{ tenant: TenantStore; providerId: string }> {
  const created = await store.system.createTenant({ name });
  const tenant = store.forTenant(created.id);
  const { id } = await tenant.createProvider({ type: provider.type, alias: name, config: provider.config });
  return { tenant, providerId: id };
}

/** The scan in one piece, by the job runner. */
async function inProcess(tenant: TenantStore, providerId: string, reportsDir: string): Promise<Scan> {
  const scan = await tenant.createScan({ providerId, trigger: 'manual' });
  const runner = new ScanJobRunner({ store, worker: 'in-process', productVersion: 'test', reportsDir, pollIntervalMs: 20, transport });
  await runner.start();
  await runner.idle();
  await runner.stop();
  return (await tenant.getScan(scan.id))!;
}

function distributed(parts: PartStore, reportsDir: string): DistributedScans {
  return new DistributedScans({ store, parts, productVersion: 'test', reportsDir, transport });
}

/** Every step, as a fan-out runs them: plan; per account its groups at once, then evaluate; finalize. `instead` replaces a step. */
async function runSteps(scans: DistributedScans, ref: ScanRef, instead: { collect?: (accountId: string, group: string) => Promise<unknown> | undefined; evaluate?: (accountId: string) => Promise<unknown> | undefined } = {}): Promise<PlannedScan> {
  const plan = await scans.plan(ref);
  await Promise.all(
    plan.accounts.map(async ({ accountId, groups }) => {
      await Promise.all(groups.map((group) => instead.collect?.(accountId, group) ?? scans.collect({ ...ref, accountId, group })));
      await (instead.evaluate?.(accountId) ?? scans.evaluate({ ...ref, accountId }));
    }),
  );
  await scans.finalize(ref);
  return plan;
}


/** The report files of a scan with its id and times taken out. */
function reportFiles(directory: string, scan: Scan): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (path: string, prefix: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(path, entry.name), `${prefix}${entry.name}/`);
      else files[`${prefix}${entry.name}`] = readFileSync(join(path, entry.name), 'utf8').replaceAll(scan.id, '<scan>').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>').replace(/"(time|created_time|modified_time)":\d+/g, '"$1":0');
    }
  };
  walk(join(directory, scan.id), '');
  return files;
}

/** Same file names and contents; a difference is shown as its first differing line, not the whole file. */
function expectSameFiles(actual: Record<string, string>, expected: Record<string, string>, order: 'same order' | 'any order' = 'same order'): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  // In any order, a JSON array's separators fall elsewhere.
  const linesOf = (text: string) => (order === 'same order' ? text.split('\n') : text.split('\n').map((line) => line.replace(/,$/, '')).sort());
  for (const [name, text] of Object.entries(expected)) {
    const lines = linesOf(actual[name]!);
    const expectedLines = linesOf(text);
    const first = expectedLines.findIndex((line, index) => line !== lines[index]);
    expect({ name, line: first, text: first === -1 ? undefined : lines[first]?.slice(0, 400) }).toEqual({ name, line: lines.length === expectedLines.length ? -1 : first, text: first === -1 ? undefined : expectedLines[first]?.slice(0, 400) });
  }
}

/** What two scans must agree on: their summary (no times) and compliance. */
function outcomeOf(scan: Scan): unknown {
  const { compliance, ...summary } = scan.summary as Record<string, unknown>;
  // The scan in one piece does not know a snapshot's account count ahead.
  const { accountsTotal: _total, ...progress } = scan.progress;
  // A live scan lists its accounts as they finish.
  return { summary: { ...summary, accountsScanned: [...(summary['accountsScanned'] as string[])].sort() }, compliance, progress, state: scan.state, error: scan.error };
}

describe('a scan run as separate tasks', () => {
  it('finds on the demo snapshot what the scan in one piece finds: findings, summary, compliance and report files', async () => {
    const one = await tenantWith('one piece', { type: 'snapshot', config: { path: DEMO_SNAPSHOT } });
    const split = await tenantWith('tasks', { type: 'snapshot', config: { path: DEMO_SNAPSHOT } });
    const reference = await inProcess(one.tenant, one.providerId, join(work, 'reports-one'));
    expect(reference.state).toBe('completed');

    const parts = new DirectoryPartStore(join(work, 'parts-demo'));
    const scans = distributed(parts, join(work, 'reports-tasks'));
    const queued = await split.tenant.createScan({ providerId: split.providerId, trigger: 'manual' });
    const plan = await runSteps(scans, { tenantId: split.tenant.tenantId, scanId: queued.id });
    expect(plan.accounts.map((account) => account.groups)).toEqual([[], []]);
    const scan = (await split.tenant.getScan(queued.id))!;

    expect(outcomeOf(scan)).toEqual(outcomeOf(reference));
    expect(await findingsOf(split.tenant, scan.id)).toEqual(await findingsOf(one.tenant, reference.id));
    expect(scan.progress).toMatchObject({ percent: 100, findings: 1062 });
    expectSameFiles(reportFiles(join(work, 'reports-tasks'), scan), reportFiles(join(work, 'reports-one'), reference));
    // Nothing is left in the part store.
    expect(await parts.list(queued.id)).toEqual([]);
  });

  it('writes the report files to the destination it is given, under the report directory\'s names, and nothing under the reports directory', async () => {
    const split = await tenantWith('destination', { type: 'snapshot', config: { path: DEMO_SNAPSHOT } });
    const opened: string[] = [];
    const scans = new DistributedScans({
      store,
      parts: new MemoryPartStore(),
      productVersion: 'test',
      reportsDir: join(work, 'reports-unused'),
      transport,
      reportDestination: (tenantId, scanId) => {
        opened.push(`${tenantId}/${scanId}`);
        return localFileDestination(join(work, 'reports-destination', scanId));
      },
    });
    const queued = await split.tenant.createScan({ providerId: split.providerId, trigger: 'manual' });
    await runSteps(scans, { tenantId: split.tenant.tenantId, scanId: queued.id });
    const scan = (await split.tenant.getScan(queued.id))!;
    expect(scan.state).toBe('completed');
    expect(opened).toEqual([`${split.tenant.tenantId}/${queued.id}`]);
    expect(existsSync(join(work, 'reports-unused'))).toBe(false);
    const files = reportFiles(join(work, 'reports-destination'), scan);
    const names = Object.keys(files).sort();
    expect(names.filter((name) => !name.startsWith('compliance/palisade_'))).toEqual(['palisade.csv', 'palisade.html', 'palisade.ocsf.json']);
    expect(names.length).toBeGreaterThan(3);
    expect((JSON.parse(files['palisade.ocsf.json']!) as unknown[]).length).toBe(scan.progress.findings);
  });

  it('finds on a live organization of the simulated AWS what the scan in one piece finds', async () => {
    const provider = { type: 'aws', config: { organization: {} } };
    const one = await tenantWith('live one piece', provider);
    const split = await tenantWith('live tasks', provider);
    const reference = await inProcess(one.tenant, one.providerId, join(work, 'reports-live-one'));
    expect(reference).toMatchObject({ state: 'completed' });
    expect((reference.summary!["accountsScanned"] as string[]).length).toBe(4);

    const scans = distributed(new MemoryPartStore(), join(work, 'reports-live-tasks'));
    const queued = await split.tenant.createScan({ providerId: split.providerId, trigger: 'manual' });
    const plan = await runSteps(scans, { tenantId: split.tenant.tenantId, scanId: queued.id });
    expect(plan.accounts).toHaveLength(4);
    expect(plan.accounts[0]!.groups).toEqual(['global', expect.stringMatching(/-1$/), expect.stringMatching(/-1$/)]);
    const scan = (await split.tenant.getScan(queued.id))!;
    expect(outcomeOf(scan)).toEqual(outcomeOf(reference));
    expect(await findingsOf(split.tenant, scan.id)).toEqual(await findingsOf(one.tenant, reference.id));
    // Accounts finish in no fixed order: the same records, in another order (the HTML report numbers its entries as met).
    const [split_, one_] = [reportFiles(join(work, 'reports-live-tasks'), scan), reportFiles(join(work, 'reports-live-one'), reference)];
    for (const files of [split_, one_]) delete files['palisade.html'];
    expectSameFiles(split_, one_, 'any order');
    scans.close();
  });

  it('reports a collect task that gave up as ERRORs and a scan error naming the account, region and service, and an evaluate task that gave up as a scan error', async () => {
    const { tenant, providerId } = await tenantWith('failing', { type: 'aws', config: { organization: {} } });
    const scans = distributed(new MemoryPartStore(), join(work, 'reports-failing'));
    const queued = await tenant.createScan({ providerId, trigger: 'manual' });
    const ref = { tenantId: tenant.tenantId, scanId: queued.id };
    let failedAccount = '';
    let unevaluated = '';
    const plan = await runSteps(scans, ref, {
      collect: (accountId, group) => {
        if (failedAccount && failedAccount !== accountId) return undefined;
        if (group !== 'eu-west-1') return undefined;
        failedAccount = accountId;
        return scans.recordFailure({ kind: 'collect', ...ref, accountId, group, error: { code: 'States.Timeout', message: 'Task timed out after 900.00 seconds' } });
      },
      evaluate: (accountId) => {
        if (accountId === failedAccount || unevaluated) return undefined;
        unevaluated = accountId;
        return scans.recordFailure({ kind: 'evaluate', ...ref, accountId, error: { Error: 'Lambda.Unknown', Cause: '{"errorMessage":"out of memory"}' } as never });
      },
    });
    expect(plan.accounts).toHaveLength(4);
    const scan = (await tenant.getScan(queued.id))!;
    expect(scan.state).toBe('completed');
    const errors = scan.summary!['errors'] as { accountId?: string; region?: string; service?: string; error: { code: string; api: string } }[];
    const timedOut = errors.filter((error) => error.error.code === 'States.Timeout');
    expect(timedOut.length).toBeGreaterThan(0);
    for (const error of timedOut) expect(error).toMatchObject({ accountId: failedAccount, region: 'eu-west-1', service: expect.any(String) });
    expect(errors).toContainEqual({ accountId: unevaluated, error: { api: 'palisade:EvaluateScope', code: 'Lambda.Unknown', message: `account ${unevaluated} could not be evaluated: out of memory` } });
    expect(scan.summary!['notScanned']).toContainEqual(expect.stringMatching(new RegExp(`^account ${unevaluated}: evaluation failed \\(Lambda.Unknown\\)`)));
    expect(scan.summary!['accountsScanned']).not.toContain(unevaluated);
    // The region that was not collected: ERROR, never PASS, for the failed account's regional checks.
    const europe = await tenant.listFindings({ scanId: scan.id, accountUid: failedAccount, region: 'eu-west-1', service: 'ec2', limit: 1000 });
    expect(europe.items.length).toBeGreaterThan(0);
    expect(europe.items.map((finding) => [finding.status, finding.error?.code])).toEqual(europe.items.map(() => ['ERROR', 'NotCollected']));
    // Its other region was read as usual.
    const america = await tenant.listFindings({ scanId: scan.id, accountUid: failedAccount, region: 'us-east-1', service: 'ec2', status: ['PASS', 'FAIL'], limit: 10 });
    expect(america.items.length).toBeGreaterThan(0);
    expect((await tenant.listFindings({ scanId: scan.id, accountUid: unevaluated, limit: 10 })).items).toEqual([]);
    scans.close();
  });

  it('changes nothing when steps are delivered twice, and does nothing for a cancelled scan', async () => {
    const { tenant, providerId } = await tenantWith('twice', { type: 'snapshot', config: { path: DEMO_SNAPSHOT } });
    const scans = distributed(new MemoryPartStore(), join(work, 'reports-twice'));
    const queued = await tenant.createScan({ providerId, trigger: 'manual' });
    const ref = { tenantId: tenant.tenantId, scanId: queued.id };
    const plan = await scans.plan(ref);
    expect(await scans.plan(ref)).toEqual(plan);
    for (const { accountId } of plan.accounts) {
      await scans.evaluate({ ...ref, accountId });
      expect(await scans.evaluate({ ...ref, accountId })).toMatchObject({ accountId, skipped: 'the account is already evaluated' });
    }
    await scans.finalize(ref);
    expect(await scans.finalize(ref)).toMatchObject({ skipped: 'the scan is completed' });
    const scan = (await tenant.getScan(queued.id))!;
    expect(scan).toMatchObject({ state: 'completed', progress: { findings: 1062 } });
    expect((await findingsOf(tenant, scan.id)).length).toBe(1062);

    const cancelled = await tenant.createScan({ providerId, trigger: 'manual' });
    const cancelledRef = { tenantId: tenant.tenantId, scanId: cancelled.id };
    const cancelledPlan = await scans.plan(cancelledRef);
    await tenant.updateScan(cancelled.id, { state: 'cancelled', finishedAt: new Date().toISOString() }, ['running']);
    expect(await scans.evaluate({ ...cancelledRef, accountId: cancelledPlan.accounts[0]!.accountId })).toMatchObject({ skipped: 'the scan is not running' });
    expect(await scans.finalize(cancelledRef)).toMatchObject({ skipped: 'the scan is cancelled' });
    expect((await findingsOf(tenant, cancelled.id)).length).toBe(0);
    scans.close();
  });
});
