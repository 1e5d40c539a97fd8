/**
 * A platform scan run as tasks by processes that share nothing but the store and a part store:
 * queue workers (`palisade worker`), or the functions of a Step Functions execution. Each step is
 * one call here, with plain JSON in and out, so that whatever schedules the steps — a queue, a
 * state machine, a test running them in a loop — runs the same code:
 *
 * ```
 * plan(scan)                        claims the scan, builds its request, discovers and prepares the
 *   │                               accounts (role assumed, regions listed); stores each account's
 *   │                               tasks and the plan; returns the accounts and their groups
 *   ├─ collect(account, group) ×N   one part per group (global services, each region)
 *   │    └ recordFailure(collect)   a group that failed for good: a part of ERRORs, never a gap
 *   ├─ evaluate(account)            once its parts are stored: findings to the store (idempotent by
 *   │    │                          uid), the report files' encoded records and compliance tallies,
 *   │    │                          and the mergeable outcome, to the part store
 *   │    └ recordFailure(evaluate)  an account that could not be evaluated: a scan error
 *   └─ finalize(scan)               merges the outcomes, writes the report files from the encoded
 *                                   records, completes the findings within the scan's coverage,
 *                                   ends the scan `completed` and hands it to the alerts
 *      recordFailure(scan)          planning or finalizing failed for good: the scan ends `failed`
 * ```
 *
 * Every step may run twice (at-least-once queues, retries after a crash): parts are replaced
 * whole, findings are stored once per (scan, uid), an outcome is replaced by the same outcome, and
 * the scan moves `running → completed` once (a guarded change). A step of a scan that is no longer
 * running (cancelled, failed) does nothing. Each step renews the scan's lease, so a server that
 * sees the lease run out knows that no worker is left on it.
 *
 * Part store layout, under the scan's id: `_scan/plan`, `_tasks/<account>` (its collect tasks and
 * evaluate task), `<account>/<group>` (the engine's parts), `_outcomes/<account>`,
 * `_reports/<account>/<batch>` (encoded report records).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '@palisade/core';
import type { Finding, ScanError } from '@palisade/core';
import {
  TaskRuntime,
  discoverScopes,
  failedEvaluation,
  mergeOutcomes,
  planSnapshotScopes,
  prepareScope,
  recordCollectFailure,
  runCollectTask,
  runEvaluateTask,
  withMetadata,
  ScopeAccessError,
} from '@palisade/engine';
import type { CollectTask, EvaluateOutcome, EvaluateTask, FindingSink, PartStore, RunScanOptions, ScanRequest, ScanStart, StoredCredentials, TaskFailure } from '@palisade/engine';
import { createFileSinkEncoders, createFileSinks } from '@palisade/outputs';
import type { FileDestination, FileSinks } from '@palisade/outputs';
import type { Store, TenantStore } from '@palisade/store';
import { REPORT_FORMATS, buildScanRequest, complianceOf, errorOf, summaryOf } from './jobs.ts';
import { coverageOf } from './scan-request.ts';
import { createStoreSink } from './store-sink.ts';
import { fromWire, toWire } from './wire.ts';

export const DISTRIBUTED_PLAN_VERSION = 1;

/** Who runs a scan's tasks: their shared store and part store, and what each process brings. */
export interface DistributedScanOptions {
  readonly store: Store;
  readonly parts: PartStore;
  readonly productVersion: string;
  /** Report files are written under `<reportsDir>/<scanId>/` by `finalize`, unless `reportDestination` names another place. */
  readonly reportsDir: string;
  /**
   * Where `finalize` writes a scan's report files instead of `reportsDir` (serverless: straight
   * into the reports bucket, nothing staged on the function's disk). The names are those under
   * `reportsDir/<scanId>/`: `palisade.ocsf.json`, `compliance/palisade_<framework>.csv`, …
   */
  readonly reportDestination?: (tenantId: string, scanId: string) => FileDestination;
  /** Opens a provider's stored credentials, in whichever process needs them. */
  readonly openSecret?: (tenantId: string, secretId: string) => Promise<StoredCredentials>;
  /** Rate-limit budgets of this process's gateways; shared across processes when they carry a shared limiter. */
  readonly rateLimitBudgets?: RunScanOptions['rateLimitBudgets'];
  /** Test and benchmark hook: the SDK transport of live scans (recorded in the request). */
  readonly transport?: ScanRequest['transport'];
  /** How long each step extends the scan's lease (default 900 s): longer than a task waits in a queue. */
  readonly leaseSeconds?: number;
  /** Called once a scan is stored `completed` (alerts); runs in the background. */
  readonly onCompleted?: (tenantId: string, scanId: string) => void;
  readonly log?: (event: { readonly level: 'info' | 'warn' | 'error'; readonly message: string; readonly tenantId?: string; readonly scanId?: string }) => void;
  readonly now?: () => Date;
  /** Accounts prepared at once while planning (default 8). */
  readonly planConcurrency?: number;
  /** Findings per encoded report batch (default 1,000). */
  readonly batchSize?: number;
}

/** What a step is about. */
export interface ScanRef {
  readonly tenantId: string;
  readonly scanId: string;
}

/** The accounts of a planned scan and the groups each is collected in: what a fan-out iterates. */
export interface PlannedScan extends ScanRef {
  readonly accounts: readonly { readonly accountId: string; readonly groups: readonly string[] }[];
  /** Set when the scan was not running (cancelled, failed elsewhere): nothing to do. */
  readonly skipped?: string;
}

export interface CollectRef extends ScanRef {
  readonly accountId: string;
  readonly group: string;
}

export interface EvaluateRef extends ScanRef {
  readonly accountId: string;
}

/** A step that failed for good, as a queue or a state machine reports it. */
export type FailureRef =
  | (CollectRef & { readonly kind: 'collect'; readonly error: TaskFailure })
  | (EvaluateRef & { readonly kind: 'evaluate'; readonly error: TaskFailure })
  | (ScanRef & { readonly kind: 'scan'; readonly error: TaskFailure });

export interface StepResult extends ScanRef {
  readonly accountId?: string;
  readonly group?: string;
  /** Why the step did nothing: the scan is not running, or the work was already done. */
  readonly skipped?: string;
  /** After an evaluate step: every planned account has an outcome, the scan can be finalized. */
  readonly allEvaluated?: boolean;
  /** After a collect step: every part of the account is stored, it can be evaluated. */
  readonly accountCollected?: boolean;
}

/** What `_scan/plan` holds. */
interface PlanRecord extends PlannedScan {
  readonly version: typeof DISTRIBUTED_PLAN_VERSION;
  readonly startedAt: string;
  readonly productVersion: string;
  readonly request: ScanRequest;
  readonly errors: readonly ScanError[];
  readonly notScanned: readonly string[];
  readonly snapshotError?: { readonly code: string; readonly message: string };
}

interface AccountTasks {
  readonly collect: readonly CollectTask[];
  readonly evaluate: EvaluateTask;
}

interface StoredOutcome {
  readonly outcome: EvaluateOutcome;
  /** Encoded report batches stored under `_reports/<account>/`. */
  readonly batches: number;
}

const keys = {
  plan: (scanId: string) => `${scanId}/_scan/plan`,
  tasks: (scanId: string, accountId: string) => `${scanId}/_tasks/${accountId}`,
  parts: (scanId: string, accountId: string) => `${scanId}/${accountId}`,
  outcomes: (scanId: string) => `${scanId}/_outcomes`,
  outcome: (scanId: string, accountId: string) => `${scanId}/_outcomes/${accountId}`,
  reports: (scanId: string, accountId: string) => `${scanId}/_reports/${accountId}`,
  report: (scanId: string, accountId: string, index: number) => `${scanId}/_reports/${accountId}/${String(index).padStart(6, '0')}`,
};

/** Runtimes kept per scan by one process: a worker runs many tasks of one scan with one set of sessions. */
const MAX_CACHED_RUNTIMES = 4;

export class DistributedScans {
  private readonly runtimes = new Map<string, Promise<TaskRuntime>>();
  private readonly now: () => Date;
  private readonly leaseMs: number;

  constructor(private readonly options: DistributedScanOptions) {
    this.now = options.now ?? (() => new Date());
    this.leaseMs = (options.leaseSeconds ?? 900) * 1000;
  }

  /** Claims a queued scan (or takes over one already claimed for it), builds its request and plans its tasks. */
  async plan(ref: ScanRef): Promise<PlannedScan> {
    const { store, parts } = this.options;
    const tenant = store.forTenant(ref.tenantId);
    const existing = (await parts.get(keys.plan(ref.scanId))) as PlanRecord | undefined;
    if (existing) return { tenantId: existing.tenantId, scanId: existing.scanId, accounts: existing.accounts };
    const scan = await tenant.getScan(ref.scanId);
    if (!scan) throw new InputError('USAGE', `scan ${ref.scanId} not found in tenant ${ref.tenantId}`, { field: 'scanId' });
    const startedAt = this.now().toISOString();
    if (scan.state === 'queued') await tenant.updateScan(scan.id, { state: 'running', startedAt, worker: 'distributed', leaseUntil: this.leaseUntil() }, ['queued']);
    if (!(await this.touch(tenant, ref.scanId))) return { ...ref, accounts: [], skipped: 'the scan is not running' };
    const request = { ...(await buildScanRequest(tenant, { ...scan, state: 'running' }, this.options.transport)), scanId: scan.id };
    const start: ScanStart = { scanId: scan.id, startedAt: scan.startedAt ?? startedAt, productVersion: this.options.productVersion, request };
    const runtime = await TaskRuntime.create(request, start, this.runOptions(ref.tenantId));
    this.cache(scan.id, runtime);
    const lease = setInterval(() => void this.touch(tenant, scan.id).catch(() => undefined), Math.max(1000, this.leaseMs / 3));
    lease.unref();
    try {
      const planned = request.source.kind === 'snapshot' ? await this.planSnapshot(runtime) : await this.planLive(runtime);
      const record: PlanRecord = {
        version: DISTRIBUTED_PLAN_VERSION,
        tenantId: ref.tenantId,
        scanId: scan.id,
        startedAt: start.startedAt,
        productVersion: start.productVersion,
        request,
        ...planned,
      };
      await parts.put(keys.plan(scan.id), record);
      await tenant.updateScan(scan.id, { progress: { percent: 0, resources: 0, findings: 0, accountsDone: 0, accountsTotal: record.accounts.length } }, ['running']);
      this.options.log?.({ level: 'info', message: `scan planned: ${record.accounts.length} account(s), ${record.accounts.reduce((sum, account) => sum + account.groups.length, 0)} collect task(s)`, tenantId: ref.tenantId, scanId: scan.id });
      return { tenantId: ref.tenantId, scanId: scan.id, accounts: record.accounts };
    } finally {
      clearInterval(lease);
    }
  }

  /** Collects one group of one account into its part. */
  async collect(ref: CollectRef): Promise<StepResult> {
    const base = { tenantId: ref.tenantId, scanId: ref.scanId, accountId: ref.accountId, group: ref.group };
    const tenant = this.options.store.forTenant(ref.tenantId);
    if (!(await this.touch(tenant, ref.scanId))) return { ...base, skipped: 'the scan is not running' };
    const task = await this.collectTask(ref);
    // Delivered again after the account was evaluated (its parts deleted), or after its part was stored: nothing to do.
    if ((await this.options.parts.get(keys.outcome(ref.scanId, ref.accountId))) !== undefined) return { ...base, skipped: 'the account is already evaluated' };
    if ((await this.options.parts.get(task.part)) === undefined) {
      const runtime = await this.runtime(ref);
      await runCollectTask(runtime, task, this.options.parts);
    }
    return { ...base, accountCollected: await this.collected(ref) };
  }

  /** Evaluates one account once its parts are stored: findings to the store, encoded report records and the outcome to the part store. */
  async evaluate(ref: EvaluateRef): Promise<StepResult> {
    const { parts, store } = this.options;
    const base = { tenantId: ref.tenantId, scanId: ref.scanId, accountId: ref.accountId };
    const tenant = store.forTenant(ref.tenantId);
    if (!(await this.touch(tenant, ref.scanId))) return { ...base, skipped: 'the scan is not running' };
    const plan = await this.planOf(ref);
    // Delivered again once evaluated: the outcome stands (its parts are gone).
    if ((await parts.get(keys.outcome(ref.scanId, ref.accountId))) !== undefined) return { ...base, skipped: 'the account is already evaluated', allEvaluated: await this.progress(tenant, plan) };
    const tasks = await this.tasksOf(ref);
    const runtime = await this.runtime(ref);
    // A delivery cut short before its outcome was stored left report batches: they are replaced.
    await parts.delete(keys.reports(ref.scanId, ref.accountId));
    const storeSink = createStoreSink(tenant, ref.scanId);
    const reports = new EncodedReportSink(plan, parts, ref.accountId, this.options.batchSize ?? 1000);
    const sinks: FindingSink[] = [
      { receives: 'all', write: (batch) => storeSink.write(batch) },
      { receives: 'all', write: (batch) => reports.write(batch) },
    ];
    const outcome = await runEvaluateTask(runtime, tasks.evaluate, parts, sinks);
    await storeSink.flush();
    const batches = await reports.end();
    await parts.put(keys.outcome(ref.scanId, ref.accountId), { outcome, batches } satisfies StoredOutcome);
    await parts.delete(keys.parts(ref.scanId, ref.accountId));
    return { ...base, allEvaluated: await this.progress(tenant, plan) };
  }

  /** A step that failed for good: a collect task leaves a part of ERRORs, an evaluate task a scan error, a scan ends `failed`. */
  async recordFailure(ref: FailureRef): Promise<StepResult> {
    const tenant = this.options.store.forTenant(ref.tenantId);
    const error = failureOf(ref.error);
    if (ref.kind === 'scan') {
      const failed = await tenant.updateScan(ref.scanId, { state: 'failed', finishedAt: this.now().toISOString(), error }, ['queued', 'running']);
      this.options.log?.({ level: 'warn', message: `scan failed: ${error.code}`, tenantId: ref.tenantId, scanId: ref.scanId });
      await this.dropScan(ref.scanId);
      return { tenantId: ref.tenantId, scanId: ref.scanId, ...(failed ? {} : { skipped: 'the scan was not running' }) };
    }
    if (!(await this.touch(tenant, ref.scanId))) return { tenantId: ref.tenantId, scanId: ref.scanId, accountId: ref.accountId, skipped: 'the scan is not running' };
    const runtime = await this.runtime(ref);
    if (ref.kind === 'collect') {
      const task = await this.collectTask(ref);
      this.options.log?.({ level: 'warn', message: `collect task ${task.id} failed for good: ${error.code}`, tenantId: ref.tenantId, scanId: ref.scanId });
      await recordCollectFailure(runtime, task, this.options.parts, error);
      return { tenantId: ref.tenantId, scanId: ref.scanId, accountId: ref.accountId, group: ref.group, accountCollected: await this.collected(ref) };
    }
    const tasks = await this.tasksOf(ref);
    this.options.log?.({ level: 'warn', message: `evaluate task ${tasks.evaluate.id} failed for good: ${error.code}`, tenantId: ref.tenantId, scanId: ref.scanId });
    await this.options.parts.delete(keys.reports(ref.scanId, ref.accountId));
    await this.options.parts.put(keys.outcome(ref.scanId, ref.accountId), { outcome: failedEvaluation(runtime, tasks.evaluate, error), batches: 0 } satisfies StoredOutcome);
    await this.options.parts.delete(keys.parts(ref.scanId, ref.accountId));
    return { tenantId: ref.tenantId, scanId: ref.scanId, accountId: ref.accountId, allEvaluated: await this.progress(tenant, await this.planOf(ref)) };
  }

  /** Merges the outcomes, writes the report files, completes the findings within the scan's coverage and ends the scan. */
  async finalize(ref: ScanRef): Promise<StepResult> {
    const { parts, store, reportsDir, reportDestination } = this.options;
    const tenant = store.forTenant(ref.tenantId);
    const scan = await tenant.getScan(ref.scanId);
    if (scan?.state !== 'running') {
      await this.dropScan(ref.scanId);
      return { ...ref, skipped: scan ? `the scan is ${scan.state}` : 'the scan does not exist' };
    }
    const plan = await this.planOf(ref);
    const runtime = await this.runtime(ref);
    const outcomes: EvaluateOutcome[] = [];
    const stored: { readonly accountId: string; readonly batches: number }[] = [];
    const notScanned = [...plan.notScanned];
    for (const account of plan.accounts) {
      const entry = (await parts.get(keys.outcome(ref.scanId, account.accountId))) as StoredOutcome | undefined;
      if (!entry) {
        // Finalized before every account reported (a fan-out that lost one): said, never a silent gap.
        outcomes.push(failedEvaluation(runtime, (await this.tasksOf({ ...ref, accountId: account.accountId })).evaluate, { code: 'EvaluationMissing', message: 'no outcome was stored for this account' }));
        continue;
      }
      outcomes.push(entry.outcome);
      stored.push({ accountId: account.accountId, batches: entry.batches });
    }
    const result = mergeOutcomes(runtime, {
      outcomes,
      errors: plan.errors,
      notScanned,
      interrupted: false,
      apiCounters: {},
      ...(plan.snapshotError ? { snapshotError: new InputError('SNAPSHOT_INVALID', plan.snapshotError.message) } : {}),
    });
    // The report files, from each account's encoded records in the plan's order (one source per account).
    const reports = { baseName: 'palisade', formats: REPORT_FORMATS, frameworks: plan.request.scope.frameworks, scan: scanInfo(plan) };
    let files: FileSinks;
    if (reportDestination) {
      files = await createFileSinks({ ...reports, destination: reportDestination(ref.tenantId, ref.scanId) });
    } else {
      const outputDir = join(reportsDir, ref.scanId);
      await mkdir(outputDir, { recursive: true });
      files = await createFileSinks({ ...reports, outputDir });
    }
    try {
      for (const [source, account] of stored.entries()) {
        for (let index = 0; index < account.batches; index++) {
          const batch = (await parts.get(keys.report(ref.scanId, account.accountId, index))) as unknown[] | undefined;
          if (!batch) throw new Error(`report batch ${index} of account ${account.accountId} is missing`);
          const data = fromWire(batch) as unknown[];
          for (const [sink, sinkData] of files.sinks.map((sink, position) => [sink, data[position]] as const)) if (sinkData !== null) await sink.writeEncoded(sinkData, source);
        }
      }
      await files.complete();
    } catch (error) {
      // The failure that stopped the files is the one to report; one of cleaning up is logged.
      await files.discard().catch((discarding: unknown) =>
        this.options.log?.({ level: 'warn', message: `report files not cleaned up: ${(discarding as Error).message}`, tenantId: ref.tenantId, scanId: ref.scanId }),
      );
      throw error;
    }
    const resources = result.summary.resources;
    const { PASS, FAIL, MANUAL, ERROR } = result.summary.total;
    const findings = PASS + FAIL + MANUAL + ERROR;
    await tenant.completeScanFindings(ref.scanId, coverageOf(plan.request, result.accountsScanned));
    const completed = await tenant.updateScan(
      ref.scanId,
      {
        state: 'completed',
        finishedAt: this.now().toISOString(),
        summary: { ...summaryOf(result), compliance: complianceOf(files.complianceReports()) },
        progress: { percent: 100, resources, findings, accountsDone: plan.accounts.length, accountsTotal: plan.accounts.length },
      },
      ['running'],
    );
    this.options.log?.({ level: 'info', message: `scan completed: ${findings} findings from ${plan.accounts.length} account(s)`, tenantId: ref.tenantId, scanId: ref.scanId });
    await this.dropScan(ref.scanId);
    if (completed) {
      try {
        this.options.onCompleted?.(ref.tenantId, ref.scanId);
      } catch (error) {
        this.options.log?.({ level: 'error', message: `after-completion hook failed: ${(error as Error).message}`, tenantId: ref.tenantId, scanId: ref.scanId });
      }
    }
    return { ...ref, ...(completed ? {} : { skipped: 'the scan ended meanwhile' }) };
  }

  /** Closes every runtime this process holds (its sessions). */
  close(): void {
    for (const runtime of this.runtimes.values()) void runtime.then((held) => held.close()).catch(() => undefined);
    this.runtimes.clear();
  }

  // ---- planning ----

  private async planSnapshot(runtime: TaskRuntime): Promise<Pick<PlanRecord, 'accounts' | 'errors' | 'notScanned' | 'snapshotError'>> {
    const planning = { notScanned: [] as string[] } as { notScanned: string[]; snapshotError?: InputError };
    const accounts: { accountId: string; groups: string[] }[] = [];
    for await (const scope of planSnapshotScopes(runtime, this.options.parts, planning)) {
      await this.options.parts.put(keys.tasks(runtime.scanId, scope.scope.accountId), { collect: [], evaluate: scope.evaluate } satisfies AccountTasks);
      accounts.push({ accountId: scope.scope.accountId, groups: [] });
    }
    return { accounts, errors: [], notScanned: planning.notScanned, ...(planning.snapshotError ? { snapshotError: { code: planning.snapshotError.code, message: planning.snapshotError.message } } : {}) };
  }

  private async planLive(runtime: TaskRuntime): Promise<Pick<PlanRecord, 'accounts' | 'errors' | 'notScanned'>> {
    const discovery = await discoverScopes(runtime);
    const notScanned = [...discovery.notScanned];
    const errors: ScanError[] = [];
    const planned: ({ accountId: string; groups: string[] } | undefined)[] = new Array(discovery.targets.length);
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < discovery.targets.length; index = next++) {
        const target = discovery.targets[index]!;
        let tasks;
        try {
          tasks = await prepareScope(runtime, target);
        } catch (error) {
          if (!(error instanceof ScopeAccessError)) throw error;
          errors.push(error.scanError);
          notScanned.push(error.notScanned);
          continue;
        }
        if (!tasks) continue;
        const accountId = tasks.scope.accountId;
        // Findings carry the account's OU path and tags: read in the background since discovery.
        const metadata = discovery.metadataOf && tasks.scope.organization ? await discovery.metadataOf(accountId) : {};
        await this.options.parts.put(keys.tasks(runtime.scanId, accountId), { collect: tasks.collect, evaluate: withMetadata(tasks.evaluate, metadata) } satisfies AccountTasks);
        planned[index] = { accountId, groups: tasks.collect.map((task) => task.group.name) };
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.planConcurrency ?? 8, Math.max(1, discovery.targets.length)) }, worker));
    return { accounts: planned.filter((account) => account !== undefined), errors: [...errors, ...discovery.errors()], notScanned };
  }

  // ---- shared ----

  private leaseUntil(): string {
    return new Date(this.now().getTime() + this.leaseMs).toISOString();
  }

  /** Renews the scan's lease; false when the scan is not running (cancelled, failed, completed). */
  private touch(tenant: TenantStore, scanId: string): Promise<boolean> {
    return tenant.updateScan(scanId, { leaseUntil: this.leaseUntil() }, ['running']);
  }

  private runOptions(tenantId: string): RunScanOptions {
    const { openSecret, rateLimitBudgets, productVersion } = this.options;
    return {
      productVersion,
      ...(rateLimitBudgets ? { rateLimitBudgets } : {}),
      ...(openSecret ? { resolveSecret: (reference: string) => openSecret(tenantId, reference) } : {}),
    };
  }

  private async planOf(ref: ScanRef): Promise<PlanRecord> {
    const plan = (await this.options.parts.get(keys.plan(ref.scanId))) as PlanRecord | undefined;
    if (!plan) throw new InputError('USAGE', `scan ${ref.scanId} has no plan in the part store (planned elsewhere, or its parts were deleted)`, { field: 'scanId' });
    if (plan.version !== DISTRIBUTED_PLAN_VERSION || plan.tenantId !== ref.tenantId) throw new InputError('USAGE', `scan ${ref.scanId}: the stored plan is of another tenant or format`, { field: 'scanId' });
    return plan;
  }

  private async tasksOf(ref: EvaluateRef): Promise<AccountTasks> {
    const tasks = (await this.options.parts.get(keys.tasks(ref.scanId, ref.accountId))) as AccountTasks | undefined;
    if (!tasks) throw new InputError('USAGE', `scan ${ref.scanId} has no tasks for account ${ref.accountId}`, { field: 'accountId' });
    return tasks;
  }

  private async collectTask(ref: CollectRef): Promise<CollectTask> {
    const task = (await this.tasksOf(ref)).collect.find((candidate) => candidate.group.name === ref.group);
    if (!task) throw new InputError('USAGE', `scan ${ref.scanId}: account ${ref.accountId} has no collect group "${ref.group}"`, { field: 'group' });
    return task;
  }

  /** Whether every part of the account is stored. */
  private async collected(ref: EvaluateRef): Promise<boolean> {
    const tasks = await this.tasksOf(ref);
    const stored = new Set(await this.options.parts.list(keys.parts(ref.scanId, ref.accountId)));
    return tasks.evaluate.parts.every((part) => stored.has(part));
  }

  /** Records progress; whether every planned account has an outcome. */
  private async progress(tenant: TenantStore, plan: PlanRecord): Promise<boolean> {
    const done = (await this.options.parts.list(keys.outcomes(plan.scanId))).length;
    const total = plan.accounts.length;
    await tenant.updateScan(plan.scanId, { progress: { percent: total ? Math.min(99, Math.floor((done / total) * 100)) : 99, resources: 0, findings: 0, accountsDone: done, accountsTotal: total } }, ['running']);
    return done >= total;
  }

  private runtime(ref: ScanRef): Promise<TaskRuntime> {
    let runtime = this.runtimes.get(ref.scanId);
    if (!runtime) {
      runtime = this.planOf(ref).then((plan) =>
        TaskRuntime.create(plan.request, { scanId: plan.scanId, startedAt: plan.startedAt, productVersion: plan.productVersion, request: plan.request }, this.runOptions(ref.tenantId)),
      );
      this.remember(ref.scanId, runtime);
      // A failed creation is not kept: the next task tries again.
      runtime.catch(() => this.runtimes.delete(ref.scanId));
    }
    return runtime;
  }

  private cache(scanId: string, runtime: TaskRuntime): void {
    this.remember(scanId, Promise.resolve(runtime));
  }

  private remember(scanId: string, runtime: Promise<TaskRuntime>): void {
    this.runtimes.delete(scanId);
    this.runtimes.set(scanId, runtime);
    while (this.runtimes.size > MAX_CACHED_RUNTIMES) {
      const [oldest, held] = this.runtimes.entries().next().value as [string, Promise<TaskRuntime>];
      this.runtimes.delete(oldest);
      void held.then((value) => value.close()).catch(() => undefined);
    }
  }

  private async dropScan(scanId: string): Promise<void> {
    const runtime = this.runtimes.get(scanId);
    this.runtimes.delete(scanId);
    if (runtime) void runtime.then((held) => held.close()).catch(() => undefined);
    await this.options.parts.delete(scanId);
  }
}

/** The scan as the report files name it: the same in every process, so that the records agree. */
function scanInfo(plan: PlanRecord): { scanId: string; startedAt: string; productVersion: string } {
  return { scanId: plan.scanId, startedAt: plan.startedAt, productVersion: plan.productVersion };
}

/** A failure as a queue or a state machine reports it (`{ Error, Cause }` from Step Functions, an Error from a worker). */
function failureOf(error: TaskFailure | { readonly Error?: string; readonly Cause?: string } | undefined): TaskFailure {
  const stepFunctions = error as { Error?: unknown; Cause?: unknown } | undefined;
  if (stepFunctions && typeof stepFunctions.Error === 'string') {
    let message = typeof stepFunctions.Cause === 'string' ? stepFunctions.Cause : stepFunctions.Error;
    try {
      const cause = JSON.parse(message) as { errorMessage?: unknown; errorType?: unknown };
      if (typeof cause.errorMessage === 'string') message = cause.errorMessage;
    } catch {
      // The cause is plain text.
    }
    return { code: stepFunctions.Error, message };
  }
  if (error && typeof (error as TaskFailure).code === 'string') return { code: (error as TaskFailure).code, message: String((error as TaskFailure).message ?? '') };
  return errorOf(error);
}

/**
 * The report files' encoders run where the findings are evaluated; their output (the records'
 * bytes, the compliance tallies) is stored batch by batch for `finalize` to append.
 */
class EncodedReportSink {
  private readonly encoders;
  private readonly outputStatuses: ReadonlySet<string> | undefined;
  private pending: Finding[] = [];
  private batches = 0;

  constructor(
    private readonly plan: PlanRecord,
    private readonly parts: PartStore,
    private readonly accountId: string,
    private readonly batchSize: number,
  ) {
    this.encoders = createFileSinkEncoders({ formats: REPORT_FORMATS, frameworks: plan.request.scope.frameworks, scan: scanInfo(plan) });
    const statuses = plan.request.output.statuses;
    this.outputStatuses = statuses ? new Set<string>(statuses) : undefined;
  }

  async write(batch: readonly Finding[]): Promise<void> {
    this.pending.push(...batch);
    if (this.pending.length >= this.batchSize) await this.flush();
  }

  async end(): Promise<number> {
    await this.flush();
    return this.batches;
  }

  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    const output = this.outputStatuses ? batch.filter((finding) => this.outputStatuses!.has(finding.status)) : batch;
    const data = this.encoders.map(({ receives, encoder }) => {
      const findings = receives === 'all' ? batch : output;
      return findings.length ? (encoder.encode(findings)?.data ?? null) : null;
    });
    await this.parts.put(keys.report(this.plan.scanId, this.accountId, this.batches), toWire(data));
    this.batches += 1;
  }
}
