/**
 * A whole scan run as tasks in this process (`execution.tasks`): the same collect and evaluate
 * tasks a queue worker or a serverless function runs one at a time (tasks.ts), with their parts in
 * a part store (memory, or a directory that outlives the process). Findings, summary and result are
 * those of the in-process scan; what differs is that every part crosses the store as plain data.
 *
 * Flow: a snapshot file is read scope by scope, each scope stored as one part and evaluated in the
 * file's order (findings in the same order as the in-process scan). A live source is discovered
 * (the organization's members), then up to `limits.maxAccountsInFlight` accounts at a time are
 * prepared (role assumed, regions listed), collected (one task per region, plus the global
 * services) and evaluated once every part is stored and the account's OU path and tags are read.
 * A scope's parts are deleted once it is evaluated, unless the store is asked to keep them.
 */
import { randomUUID } from 'node:crypto';
import type { Finding, InputError, ScanError, ScopeSnapshot } from '@palisade/core';
import { Limiter } from './limiter.ts';
import { muteRuleRefs } from './mutelist.ts';
import { DirectoryPartStore, MemoryPartStore } from './part-store.ts';
import type { PartStore } from './part-store.ts';
import type { ScopeSnapshotWriter } from './provider.ts';
import { parseScanRequest } from './request.ts';
import type { ScanRequest } from './request.ts';
import { runWithSinks, scanSignal } from './run-scan.ts';
import type { RunScanOptions, ScanSink, ScanStart } from './run-scan.ts';
import { expiredMuteRuleLines } from './scan.ts';
import type { FindingSink, ScanResult } from './scan.ts';
import { SummaryBuilder } from './summary.ts';
import { ScopeAccessError, TaskRuntime, discoverScopes, planSnapshotScopes, prepareScope, releaseScope, runCollectTask, runEvaluateTask, withMetadata } from './tasks.ts';
import type { EvaluateOutcome, SnapshotPlanning } from './tasks.ts';

export interface TaskScanOptions extends RunScanOptions {
  /** Where parts are kept; default: the request's `execution.tasks` (memory when it names none). */
  readonly store?: PartStore;
}

const DEFAULT_MAX_ACCOUNTS_IN_FLIGHT = 16;
const UNKNOWN_VERSION = 'unknown';

export async function runScanAsTasks(request: ScanRequest, sinks: readonly ScanSink[], options: TaskScanOptions = {}): Promise<ScanResult> {
  const validated = parseScanRequest(request);
  const start: ScanStart = {
    scanId: validated.scanId ?? randomUUID(),
    startedAt: new Date().toISOString(),
    productVersion: options.productVersion ?? UNKNOWN_VERSION,
    request: validated,
  };
  const settings = validated.execution?.tasks;
  const store = options.store ?? (settings?.store === 'directory' ? new DirectoryPartStore(settings.path) : new MemoryPartStore());
  const keepParts = settings?.store === 'directory' && settings.keep === true;
  const { signal, timedOut } = scanSignal(validated, options.signal);
  return runWithSinks(sinks, start, async () => {
    const runtime = await TaskRuntime.create({ ...validated, scanId: start.scanId }, start, options, signal);
    try {
      const run = new TaskRun(runtime, store, serialSinks(sinks), keepParts, signal);
      if (validated.source.kind === 'snapshot') await run.snapshot();
      else await run.live(options.productVersion ?? UNKNOWN_VERSION);
      return { ...run.result(), timedOut: timedOut() };
    } finally {
      runtime.close();
    }
  });
}

/**
 * The sinks behind one queue: evaluate tasks of several accounts write concurrently, and a sink is
 * given one batch at a time, in the same order for every sink.
 */
function serialSinks(sinks: readonly ScanSink[]): FindingSink[] {
  let queue: Promise<void> = Promise.resolve();
  return sinks.map((sink) => ({
    ...(sink.receives ? { receives: sink.receives } : {}),
    write: (batch: readonly Finding[]) => (queue = queue.then(() => sink.write(batch))),
  }));
}

class TaskRun {
  private readonly outcomes: EvaluateOutcome[] = [];
  private readonly errors: ScanError[] = [];
  private readonly notScanned: string[] = [];
  private laterErrors: () => readonly ScanError[] = () => [];
  private snapshotError: InputError | undefined;

  constructor(
    private readonly runtime: TaskRuntime,
    private readonly store: PartStore,
    private readonly sinks: readonly FindingSink[],
    private readonly keepParts: boolean,
    private readonly signal: AbortSignal | undefined,
  ) {}

  async snapshot(): Promise<void> {
    const planning: SnapshotPlanning = { notScanned: this.notScanned };
    for await (const scope of planSnapshotScopes(this.runtime, this.store, planning)) {
      const accountId = scope.scope.accountId;
      if (this.signal?.aborted) this.notScanned.push(`account ${accountId}: not evaluated (interrupted)`);
      else this.outcomes.push(await runEvaluateTask(this.runtime, scope.evaluate, this.store, this.sinks));
      await this.dropParts(accountId);
    }
    this.snapshotError = planning.snapshotError;
  }

  async live(productVersion: string): Promise<void> {
    const discovery = await discoverScopes(this.runtime);
    this.notScanned.push(...discovery.notScanned);
    const output = this.runtime.request.output.snapshotOut;
    const writer: ScopeSnapshotWriter | undefined = output ? await this.runtime.provider.openSnapshotWriter(output, `palisade ${productVersion}`) : undefined;
    const accounts = new Limiter(this.runtime.request.limits.maxAccountsInFlight ?? DEFAULT_MAX_ACCOUNTS_IN_FLIGHT);
    let completed = false;
    try {
      await Promise.all(
        discovery.targets.map((target) =>
          accounts.run(async () => {
            if (this.signal?.aborted) {
              this.notScanned.push(`account ${target.accountId ?? 'the credentials’ account'}: not started (interrupted)`);
              return;
            }
            let tasks;
            try {
              tasks = await prepareScope(this.runtime, target);
            } catch (error) {
              if (!(error instanceof ScopeAccessError)) throw error;
              this.errors.push(error.scanError);
              this.notScanned.push(error.notScanned);
              return;
            }
            if (!tasks) return;
            const accountId = tasks.scope.accountId;
            try {
              await Promise.all(tasks.collect.map((task) => runCollectTask(this.runtime, task, this.store)));
            } finally {
              releaseScope(this.runtime, accountId);
            }
            // Findings carry the account's OU path and tags: read in the background since discovery.
            const metadata = discovery.metadataOf && tasks.scope.organization ? await discovery.metadataOf(accountId) : {};
            const onAssembled = writer ? (snapshot: ScopeSnapshot) => writer.add(snapshot) : undefined;
            this.outcomes.push(await runEvaluateTask(this.runtime, withMetadata(tasks.evaluate, metadata), this.store, this.sinks, onAssembled ? { onAssembled } : {}));
            await this.dropParts(accountId);
          }),
        ),
      );
      completed = !this.signal?.aborted;
    } finally {
      this.laterErrors = discovery.errors;
      if (writer) {
        if (completed) await writer.commit();
        else await writer.discard();
      }
    }
  }

  private async dropParts(accountId: string): Promise<void> {
    if (!this.keepParts) await this.store.delete(`${this.runtime.scanId}/${accountId}`);
  }

  /** The outcomes merged into the result the in-process scan gives. */
  result(): ScanResult {
    return mergeOutcomes(this.runtime, {
      outcomes: this.outcomes,
      errors: [...this.errors, ...this.laterErrors()],
      notScanned: this.notScanned,
      interrupted: Boolean(this.signal?.aborted),
      apiCounters: this.runtime.apiCounters(),
      ...(this.snapshotError ? { snapshotError: this.snapshotError } : {}),
    });
  }
}

/** What a scan's tasks left to merge: the evaluate outcomes, in output order, and what planning found. */
export interface ScanOutcomes {
  readonly outcomes: readonly EvaluateOutcome[];
  /** Errors of planning (scopes that could not be reached, the organization's own), after the outcomes' errors. */
  readonly errors: readonly ScanError[];
  /** Lines of what planning could not scan, before the outcomes' lines. */
  readonly notScanned: readonly string[];
  readonly interrupted: boolean;
  readonly apiCounters: ScanResult['apiCounters'];
  readonly snapshotError?: InputError;
}

/**
 * The result the in-process scan gives, from the outcomes of a scan's evaluate tasks (wherever they
 * ran: this process, queue workers, functions) and what planning found.
 */
export function mergeOutcomes(runtime: TaskRuntime, merged: ScanOutcomes): ScanResult {
  const summary = new SummaryBuilder();
  const mutelist = runtime.options.mutelist;
  if (mutelist) summary.trackMuteRules(muteRuleRefs(mutelist));
  const accountsScanned: string[] = [];
  const errors: ScanError[] = [];
  const notScanned = [...merged.notScanned];
  for (const outcome of merged.outcomes) {
    summary.merge(outcome.summary);
    accountsScanned.push(...outcome.accountsScanned);
    errors.push(...outcome.errors);
    notScanned.push(...outcome.notScanned);
  }
  const completed = !merged.interrupted;
  const requested = runtime.request.source.kind === 'snapshot' ? (runtime.request.scope.regions ?? []) : [];
  // A requested region is missing when no evaluated scope holds it.
  const regionsNotInSnapshot =
    completed && !merged.snapshotError ? requested.filter((region) => merged.outcomes.every((outcome) => outcome.regionsNotInSnapshot.includes(region))) : [];
  return {
    scanId: runtime.scanId,
    startedAt: runtime.start.startedAt,
    finishedAt: new Date().toISOString(),
    summary: summary.build(),
    errors: [...errors, ...merged.errors],
    apiCounters: merged.apiCounters,
    interrupted: !completed,
    accountsScanned,
    notScanned,
    expiredMuteRules: expiredMuteRuleLines(mutelist),
    regionsNotInSnapshot,
    ...(merged.snapshotError ? { snapshotError: merged.snapshotError } : {}),
  };
}
