/**
 * The same ScanRequest JSON run in process and as tasks (parts in memory, parts in a directory):
 * identical findings in the same order, summary, compliance and result.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '@palisade/core';
import type { Finding } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { ComplianceAccumulator, frameworksOfProvider } from '@palisade/compliance';
import { executionIndependent } from '../test/compare.ts';
import { demoAccounts as makeDemoAccounts } from '../test/demo-accounts.ts';
import { DEFAULT_SCAN_CONFIG } from './config.ts';
import { parseMutelist } from './mutelist.ts';
import { MemoryPartStore } from './part-store.ts';
import { parseScanRequest } from './request.ts';
import type { ScanRequest } from './request.ts';
import { runScan } from './run-scan.ts';
import type { ScanSink, ScanStart } from './run-scan.ts';
import { TASK_VERSION, TaskRuntime, partKey, planSnapshotScopes, runEvaluateTask } from './tasks.ts';
import type { EvaluateOutcome, ScopeTasks, SnapshotPlanning } from './tasks.ts';

/** These tests scan the AWS demo estate: the registry's AWS checks and frameworks. */
const AWS_CHECKS = ALL_CHECKS.filter((check) => check.provider === 'aws');
const FRAMEWORKS = frameworksOfProvider('aws');

const work = mkdtempSync(join(tmpdir(), 'palisade-tasks-'));
const mutelistText = 'Mutelist:\n  Accounts:\n    "300000000003":\n      Checks:\n        "s3_.*":\n          Regions: ["*"]\n          Resources: ["*"]\n          Reason: dev buckets\n';

const demoAccounts = (name: string, count: number, options: { truncateAfter?: number } = {}) => makeDemoAccounts(work, name, count, options);

const fiveAccounts = demoAccounts('five.json.gz', 5);

function request(path: string, execution: ScanRequest['execution'], overrides: Partial<ScanRequest> = {}): ScanRequest {
  const value: ScanRequest = {
    version: 1,
    provider: 'aws',
    scanId: 'scan-as-tasks',
    tenantId: 'tenant-a',
    source: { kind: 'snapshot', path },
    scope: { checks: AWS_CHECKS.map((check) => check.id), frameworks: FRAMEWORKS.map((framework) => framework.id) },
    config: DEFAULT_SCAN_CONFIG,
    mutelist: parseMutelist(mutelistText, 'mute.yaml').spec,
    limits: {},
    output: { statuses: ['FAIL', 'ERROR'] },
    ...overrides,
    ...(execution ? { execution } : {}),
  };
  // As an API would receive it.
  return parseScanRequest(JSON.parse(JSON.stringify(value)));
}

async function run(scanRequest: ScanRequest, signal?: AbortSignal, onWrite?: () => void) {
  const written: Finding[] = [];
  const all: Finding[] = [];
  const lifecycle: string[] = [];
  const accumulators = FRAMEWORKS.map((framework) => new ComplianceAccumulator(framework));
  const output: ScanSink = {
    begin: () => void lifecycle.push('begin'),
    write: async (batch) => {
      written.push(...batch);
      onWrite?.();
    },
    end: () => void lifecycle.push('end'),
    fail: () => void lifecycle.push('fail'),
  };
  const everything: ScanSink = {
    receives: 'all',
    write: async (batch) => {
      all.push(...batch);
      for (const accumulator of accumulators) accumulator.addAll(batch);
    },
  };
  const result = await runScan(scanRequest, [output, everything], { productVersion: 'test', ...(signal ? { signal } : {}) });
  return { result, written, all, lifecycle, compliance: accumulators.map((accumulator) => accumulator.report()) };
}

const withoutTime = (findings: readonly Finding[]) => findings.map(({ time: _time, ...finding }) => finding);
const outcome = executionIndependent;


describe('a snapshot scan run as tasks', () => {
  it('gives the in-process findings, in the same order, with the same summary, result and compliance, parts in memory or in a directory', async () => {
    const inProcess = await run(request(fiveAccounts, undefined));
    const inMemory = await run(request(fiveAccounts, { tasks: { store: 'memory' } }));
    const parts = join(work, 'parts-kept');
    const inDirectory = await run(request(fiveAccounts, { tasks: { store: 'directory', path: parts, keep: true } }));

    expect(inProcess.all.length).toBeGreaterThan(1500);
    expect(inProcess.all.filter((finding) => finding.muted?.rule === '300000000003/s3_.*').length).toBeGreaterThan(5);
    for (const tasks of [inMemory, inDirectory]) {
      expect(tasks.lifecycle).toEqual(['begin', 'end']);
      expect(withoutTime(tasks.all)).toEqual(withoutTime(inProcess.all));
      expect(withoutTime(tasks.written)).toEqual(withoutTime(inProcess.written));
      expect(outcome(tasks.result)).toEqual(outcome(inProcess.result));
      expect(tasks.compliance).toEqual(inProcess.compliance);
    }
    // Kept parts: one per account, each the account as the file holds it.
    expect(readdirSync(join(parts, 'scan-as-tasks')).sort()).toEqual(['300000000000', '300000000001', '300000000002', '300000000003', '300000000004']);
    const kept = JSON.parse(readFileSync(join(parts, 'scan-as-tasks', '300000000002', 'scope.json'), 'utf8')) as { version: number; accountId: string; snapshot: { accountId: string; regions: string[] } };
    expect(kept).toMatchObject({ version: TASK_VERSION, accountId: '300000000002', snapshot: { accountId: '300000000002' } });
    expect(kept.snapshot.regions.length).toBeGreaterThan(0);
  });

  it('deletes each account’s parts once it is evaluated unless asked to keep them', async () => {
    const parts = join(work, 'parts-dropped');
    const tasks = await run(request(fiveAccounts, { tasks: { store: 'directory', path: parts } }));
    expect(tasks.result.accountsScanned).toHaveLength(5);
    expect(existsSync(join(parts, 'scan-as-tasks')) ? readdirSync(join(parts, 'scan-as-tasks')) : []).toEqual([]);
  });

  it('narrows to the requested accounts and regions and reports regions no account holds, as in process', async () => {
    const overrides: Partial<ScanRequest> = {
      scope: { checks: AWS_CHECKS.map((check) => check.id), frameworks: ['cis-aws-3.0'], accounts: ['300000000001', '300000000004'], regions: ['eu-west-1', 'ca-central-1'] },
    };
    const inProcess = await run(request(fiveAccounts, undefined, overrides));
    const tasks = await run(request(fiveAccounts, { tasks: { store: 'memory' } }, overrides));
    expect(tasks.result.accountsScanned).toEqual(['300000000001', '300000000004']);
    expect(tasks.result.regionsNotInSnapshot).toEqual(['ca-central-1']);
    expect(tasks.result.errors.filter((error) => error.error.code === 'RegionNotInSnapshot').map((error) => error.accountId)).toEqual(['300000000001', '300000000004']);
    expect(withoutTime(tasks.all)).toEqual(withoutTime(inProcess.all));
    expect(outcome(tasks.result)).toEqual(outcome(inProcess.result));
  });

  it('keeps the accounts of a snapshot that breaks off and reports the damage, as in process', async () => {
    const truncated = demoAccounts('truncated.json.gz', 6, { truncateAfter: 3 });
    const inProcess = await run(request(truncated, undefined));
    const tasks = await run(request(truncated, { tasks: { store: 'memory' } }));
    expect(tasks.result.snapshotError).toBeInstanceOf(InputError);
    expect(tasks.result.accountsScanned.length).toBeGreaterThanOrEqual(3);
    expect(withoutTime(tasks.all)).toEqual(withoutTime(inProcess.all));
    expect(outcome(tasks.result)).toEqual(outcome(inProcess.result));
  });

  it('stops between accounts when aborted: evaluated accounts written whole, the others listed', async () => {
    const abort = new AbortController();
    const stopped = await run(request(demoAccounts('twelve.json.gz', 12), { tasks: { store: 'memory' } }), abort.signal, () => abort.abort());
    expect(stopped.result.interrupted).toBe(true);
    const scanned = stopped.result.accountsScanned;
    expect(scanned.length).toBeGreaterThan(0);
    expect(scanned.length).toBeLessThan(12);
    expect(stopped.result.notScanned).toHaveLength(12 - scanned.length);
    expect(stopped.result.notScanned.every((line) => /^account 3000000000\d\d: not evaluated \(interrupted\)$/.test(line))).toBe(true);
    expect(new Set(stopped.all.map((finding) => finding.accountId))).toEqual(new Set(scanned));
  });

  it('rejects workers combined with tasks, naming the field', () => {
    expect(() => request(fiveAccounts, { workers: 2, tasks: { store: 'memory' } })).toThrow(/^execution\.tasks: runs the scan in this process/);
    expect(() => request(fiveAccounts, { tasks: { store: 's3' } as never })).toThrow(/^execution\.tasks\.store: must be "memory" or "directory" \(got "s3"\)$/);
    expect(() => request(fiveAccounts, { tasks: { store: 'directory' } as never })).toThrow(/^execution\.tasks\.path: /);
  });
});

describe('tasks as plain data', () => {
  const start = (scanRequest: ScanRequest): ScanStart => ({ scanId: scanRequest.scanId!, startedAt: '2026-12-03T00:00:00.000Z', productVersion: 'test', request: scanRequest });

  it('evaluates a task in another runtime (another process) from its JSON, with a mergeable outcome', async () => {
    const scanRequest = request(fiveAccounts, undefined);
    const store = new MemoryPartStore();
    // The planner stores the parts and hands out tasks as JSON...
    const planner = await TaskRuntime.create(scanRequest, start(scanRequest));
    const planning: SnapshotPlanning = { notScanned: [] };
    const planned: ScopeTasks[] = [];
    for await (const scope of planSnapshotScopes(planner, store, planning)) planned.push(JSON.parse(JSON.stringify(scope)) as ScopeTasks);
    expect(planned.map((scope) => scope.evaluate.parts)).toEqual(['300000000000', '300000000001', '300000000002', '300000000003', '300000000004'].map((id) => [partKey('scan-as-tasks', id, 'scope')]));
    expect(planned.every((scope) => scope.collect.length === 0)).toBe(true);

    // ...and a worker with a runtime of its own, built from the same request, evaluates them.
    const worker = await TaskRuntime.create(JSON.parse(JSON.stringify(scanRequest)) as ScanRequest, start(scanRequest));
    const findings: Finding[] = [];
    const outcomes: EvaluateOutcome[] = [];
    for (const scope of planned) outcomes.push(JSON.parse(JSON.stringify(await runEvaluateTask(worker, scope.evaluate, store, [{ receives: 'all', write: async (batch) => void findings.push(...batch) }]))) as EvaluateOutcome);

    const inProcess = await run(request(fiveAccounts, undefined));
    expect(withoutTime(findings)).toEqual(withoutTime(inProcess.all));
    expect(outcomes.map((entry) => entry.accountsScanned)).toEqual([['300000000000'], ['300000000001'], ['300000000002'], ['300000000003'], ['300000000004']]);
    expect(outcomes.reduce((sum, entry) => sum + entry.summary.total.FAIL, 0)).toBe(inProcess.result.summary.total.FAIL);
  });

  it('refuses a task of another scan or another format, and reports a missing part as not scanned', async () => {
    const scanRequest = request(fiveAccounts, undefined);
    const runtime = await TaskRuntime.create(scanRequest, start(scanRequest));
    const store = new MemoryPartStore();
    const task = { kind: 'evaluate', version: TASK_VERSION, scanId: 'scan-as-tasks', id: '300000000001', scope: { accountId: '300000000001', locations: ['eu-west-1'] }, parts: ['scan-as-tasks/300000000001/scope'], origin: 'snapshot' } as const;
    await expect(runEvaluateTask(runtime, { ...task, scanId: 'other-scan' }, store, [])).rejects.toThrow('task 300000000001 belongs to scan other-scan, not scan-as-tasks');
    await expect(runEvaluateTask(runtime, { ...task, version: 2 as never }, store, [])).rejects.toThrow('task 300000000001: format 2, this build runs 1');
    const missing = await runEvaluateTask(runtime, task, store, []);
    expect(missing.accountsScanned).toEqual([]);
    expect(missing.notScanned).toEqual([`account 300000000001: part(s) scan-as-tasks/300000000001/scope missing; ${AWS_CHECKS.length} check(s) not evaluated`]);
    await store.put('scan-as-tasks/300000000001/scope', { version: TASK_VERSION, accountId: '999999999999' });
    await expect(runEvaluateTask(runtime, task, store, [])).rejects.toThrow('part scan-as-tasks/300000000001/scope is not a part of account 300000000001');
  });
});
