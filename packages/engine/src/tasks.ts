/**
 * A scan as tasks: plain data that any thread, process or machine can run, with results that are
 * plain data too. A scope (an AWS account) is collected by *collect* tasks, one per group of
 * services in one location (AWS: the global services, then one task per region), each producing a
 * part of the scope's snapshot in a part store (part-store.ts); once every part of a scope is
 * stored, its *evaluate* task assembles the snapshot, runs the request's checks and sends the
 * findings to its sinks, returning a mergeable outcome (summary state, errors, accounts scanned).
 *
 * What does not travel is the `TaskRuntime`: each process builds one from the request (the
 * provider's gateway, open sessions, the compiled checks and mutelist) and runs any number of tasks
 * with it. A snapshot file is "collected" by reading it: each scope becomes one part as it is read.
 *
 * task-executor.ts runs a whole scan this way in one process; a queue worker or a serverless
 * function runs one task per message with the same functions.
 */
import { InputError } from '@palisade/core';
import type { ScanError, ScopeSnapshot } from '@palisade/core';
import type { ServiceCounters } from '@palisade/providers';
import { getProvider } from './provider.ts';
import type { CollectGroup, ProviderModule, ProviderTaskRuntime, ProviderTasks, TaskDiscovery, TaskScope, TaskTarget } from './provider.ts';
import { ScopeAccessError } from './scope-access-error.ts';
import type { PartStore } from './part-store.ts';
import type { ScanRequest } from './request.ts';
import { compileRequest, compileSource } from './run-scan.ts';
import type { RunScanOptions, ScanStart } from './run-scan.ts';
import { executeScan, requiredServices } from './scan.ts';
import type { FindingSink, LiveSource, ScanOptions } from './scan.ts';
import { SummaryBuilder } from './summary.ts';
import type { SummaryState } from './summary.ts';

export const TASK_VERSION = 1;

/** Collects one group of a scope's services into one part. */
export interface CollectTask {
  readonly kind: 'collect';
  readonly version: typeof TASK_VERSION;
  readonly scanId: string;
  /** `<accountId>/<group>`: unique within the scan. */
  readonly id: string;
  readonly scope: TaskScope;
  readonly group: CollectGroup;
  /** The part store key the part is written to. */
  readonly part: string;
}

/** Evaluates one scope once all its parts are stored. */
export interface EvaluateTask {
  readonly kind: 'evaluate';
  readonly version: typeof TASK_VERSION;
  readonly scanId: string;
  /** `<accountId>`. */
  readonly id: string;
  /** With the organization's OU path and tags once read (`withMetadata`). */
  readonly scope: TaskScope;
  readonly parts: readonly string[];
  /** `snapshot`: the scope was read from a snapshot file (requested regions are narrowed to, and reported missing). */
  readonly origin: 'snapshot' | 'live';
}

/** One scope's tasks. */
export interface ScopeTasks {
  readonly scope: TaskScope;
  readonly collect: readonly CollectTask[];
  readonly evaluate: EvaluateTask;
}

/** What a collect task stores. */
export interface ScopePart {
  readonly version: typeof TASK_VERSION;
  readonly scanId: string;
  readonly accountId: string;
  readonly group: string;
  /** The provider's snapshot of the scope, holding only this group's services. */
  readonly snapshot: ScopeSnapshot;
  /** What cancellation left uncollected (`service region`); a scope with any is not evaluated. */
  readonly notCollected: readonly string[];
}

export interface CollectOutcome {
  readonly taskId: string;
  readonly part: string;
  readonly notCollected: readonly string[];
}

/** An evaluate task's share of the scan result, plain data, merged by whoever runs the scan. */
export interface EvaluateOutcome {
  readonly taskId: string;
  readonly accountId: string;
  readonly summary: SummaryState;
  readonly errors: readonly ScanError[];
  readonly accountsScanned: readonly string[];
  readonly notScanned: readonly string[];
  readonly expiredMuteRules: readonly string[];
  /** Requested regions the scope's snapshot lacks (snapshot scopes only). */
  readonly regionsNotInSnapshot: readonly string[];
}

/** The part store key of one group of one scope. */
export function partKey(scanId: string, accountId: string, group: string): string {
  return `${scanId}/${accountId}/${group}`;
}

/** The part a snapshot scope is stored as: the whole scope. */
export const WHOLE_SCOPE = 'scope';

/**
 * What one process needs to run a scan's tasks: the validated request, the scan's identity, the
 * compiled options (checks, mutelist, filters) and, for a live source, the provider's runtime.
 */
export class TaskRuntime {
  private constructor(
    readonly request: ScanRequest,
    readonly start: ScanStart,
    readonly provider: ProviderModule,
    readonly options: Omit<ScanOptions, 'sinks'>,
    private readonly providerTasks: ProviderTasks | undefined,
    readonly providerRuntime: ProviderTaskRuntime | undefined,
  ) {}

  /**
   * Builds the runtime of one process. `start` must be the same in every process of one scan
   * (findings carry its scan id); `signal` stops collection and evaluation.
   */
  static async create(request: ScanRequest, start: ScanStart, options: RunScanOptions = {}, signal?: AbortSignal): Promise<TaskRuntime> {
    const provider = getProvider(request.provider);
    const regions = request.scope.regions?.length ? request.scope.regions : undefined;
    const source = await compileSource(request, regions, options.resolveSecret);
    const compiled = await compileRequest(request, start, options, signal, source);
    // Snapshot scans (and scopes already in hand) need no provider runtime.
    if (source.kind === 'snapshot' || source.kind === 'scopes') return new TaskRuntime(request, start, provider, compiled, undefined, undefined);
    const tasks = provider.tasks;
    if (!tasks) throw new InputError('USAGE', `the ${provider.id} provider cannot plan a live scan as tasks`, { field: 'execution.tasks' });
    const runtime = await tasks.createRuntime(source as LiveSource, { options: compiled, onProgress: (event) => options.onProgress?.(event) });
    return new TaskRuntime(request, start, provider, compiled, tasks, runtime);
  }

  get scanId(): string {
    return this.start.scanId;
  }

  /** The provider's tasks, for a live source. */
  live(): { readonly tasks: ProviderTasks; readonly runtime: ProviderTaskRuntime } {
    if (!this.providerTasks || !this.providerRuntime) throw new Error('not a live scan');
    return { tasks: this.providerTasks, runtime: this.providerRuntime };
  }

  inScope = (accountId: string): boolean => !this.options.accounts || this.options.accounts.includes(accountId);

  apiCounters(): Record<string, ServiceCounters> {
    return this.providerRuntime?.apiCounters() ?? {};
  }

  close(): void {
    this.providerRuntime?.close();
  }
}

/** Live source: the scopes to prepare (an organization's members, or the credentials' own account). */
export function discoverScopes(runtime: TaskRuntime): Promise<TaskDiscovery> {
  const { tasks, runtime: providerRuntime } = runtime.live();
  return tasks.discover(providerRuntime, runtime.inScope);
}

/**
 * Live source: connects to a target and plans its tasks. Undefined when the target turns out to be
 * out of scope; throws a `ScopeAccessError` when it cannot be reached (a scan error, not a crash).
 */
export async function prepareScope(runtime: TaskRuntime, target: TaskTarget): Promise<ScopeTasks | undefined> {
  const { tasks, runtime: providerRuntime } = runtime.live();
  const prepared = await tasks.prepare(providerRuntime, target, requiredServices(runtime.options.checks), runtime.inScope);
  if (!prepared) return undefined;
  const { scope } = prepared;
  const collect = prepared.groups.map(
    (group): CollectTask => ({
      kind: 'collect',
      version: TASK_VERSION,
      scanId: runtime.scanId,
      id: `${scope.accountId}/${group.name}`,
      scope,
      group,
      part: partKey(runtime.scanId, scope.accountId, group.name),
    }),
  );
  return { scope, collect, evaluate: evaluateTask(runtime.scanId, scope, collect.map((task) => task.part), 'live') };
}

function evaluateTask(scanId: string, scope: TaskScope, parts: readonly string[], origin: EvaluateTask['origin']): EvaluateTask {
  return { kind: 'evaluate', version: TASK_VERSION, scanId, id: scope.accountId, scope, parts, origin };
}

/** The evaluate task with the organization metadata (OU path, tags) findings carry. */
export function withMetadata(task: EvaluateTask, metadata: { readonly ouPath?: string; readonly tags?: Readonly<Record<string, string>> }): EvaluateTask {
  if (!task.scope.organization || (metadata.ouPath === undefined && metadata.tags === undefined)) return task;
  return { ...task, scope: { ...task.scope, organization: { ...task.scope.organization, ...metadata } } };
}

export interface SnapshotPlanning {
  /** Set when the file broke off after its first scopes (they were planned; the rest could not be read). */
  snapshotError?: InputError;
  readonly notScanned: string[];
}

/**
 * Snapshot source: reads the file scope by scope, stores each in-scope scope as one part and yields
 * its tasks (no collect task: reading the file was the collection). Lazy, so that a scan holds only
 * the scopes in flight. A file damaged after its first scopes ends the iteration and sets
 * `planning.snapshotError`, as a snapshot scan keeps what it read.
 */
export async function* planSnapshotScopes(runtime: TaskRuntime, store: PartStore, planning: SnapshotPlanning): AsyncGenerator<ScopeTasks, void, undefined> {
  const source = runtime.request.source;
  if (source.kind !== 'snapshot') throw new Error('not a snapshot scan');
  const partition = runtime.request.scope.partition;
  let read = 0;
  let inScope = 0;
  try {
    for await (const snapshot of runtime.provider.readSnapshot(source.path)) {
      read += 1;
      if (!runtime.inScope(snapshot.accountId)) continue;
      inScope += 1;
      if (partition && (inScope - 1) % partition.count !== partition.index) continue;
      const key = partKey(runtime.scanId, snapshot.accountId, WHOLE_SCOPE);
      const part: ScopePart = { version: TASK_VERSION, scanId: runtime.scanId, accountId: snapshot.accountId, group: WHOLE_SCOPE, snapshot, notCollected: [] };
      await store.put(key, part);
      const scope: TaskScope = { accountId: snapshot.accountId, locations: snapshot.regions };
      yield { scope, collect: [], evaluate: evaluateTask(runtime.scanId, scope, [key], 'snapshot') };
    }
  } catch (error) {
    if (!(error instanceof InputError) || error.code !== 'SNAPSHOT_INVALID' || read === 0) throw error;
    planning.snapshotError = error;
    planning.notScanned.push(`the rest of ${source.path} after its first ${read} account(s): unreadable`);
  }
}

/** Collects one group and stores its part. */
export async function runCollectTask(runtime: TaskRuntime, task: CollectTask, store: PartStore): Promise<CollectOutcome> {
  checkTask(runtime, task);
  const { tasks, runtime: providerRuntime } = runtime.live();
  const collected = await tasks.collect(providerRuntime, task.scope, task.group);
  const part: ScopePart = { version: TASK_VERSION, scanId: task.scanId, accountId: task.scope.accountId, group: task.group.name, snapshot: collected.snapshot, notCollected: collected.notCollected };
  await store.put(task.part, part);
  return { taskId: task.id, part: task.part, notCollected: collected.notCollected };
}

/**
 * Stores the part of a collect task that failed for good (after its retries): none of the group's
 * services, one scan error per service with the failure's code, so that the scope is still
 * evaluated and the group's checks report ERROR. Used by whoever runs tasks and sees one give up.
 */
export async function recordCollectFailure(runtime: TaskRuntime, task: CollectTask, store: PartStore, failure: TaskFailure): Promise<CollectOutcome> {
  checkTask(runtime, task);
  const snapshot = runtime.live().tasks.failedPart(task.scope, task.group, failure);
  const part: ScopePart = { version: TASK_VERSION, scanId: task.scanId, accountId: task.scope.accountId, group: task.group.name, snapshot, notCollected: [] };
  await store.put(task.part, part);
  return { taskId: task.id, part: task.part, notCollected: [] };
}

/** Why a task gave up: the failure's code (the worker's, the function's, `States.Timeout`) and message. */
export interface TaskFailure {
  readonly code: string;
  readonly message: string;
}

/** The outcome of an evaluate task that failed for good: a scan error naming the scope, nothing evaluated. */
export function failedEvaluation(runtime: TaskRuntime, task: EvaluateTask, failure: TaskFailure): EvaluateOutcome {
  const accountId = task.scope.accountId;
  return {
    taskId: task.id,
    accountId,
    summary: new SummaryBuilder().state(),
    errors: [{ accountId, error: { api: 'palisade:EvaluateScope', code: failure.code, message: `account ${accountId} could not be evaluated: ${failure.message}` } }],
    accountsScanned: [],
    notScanned: [`account ${accountId}: evaluation failed (${failure.code}); ${runtime.options.checks.length} check(s) not evaluated`],
    expiredMuteRules: [],
    regionsNotInSnapshot: [],
  };
}

/** Releases what this process holds for a scope (its session) once its collect tasks are done. */
export function releaseScope(runtime: TaskRuntime, accountId: string): void {
  if (runtime.providerRuntime) runtime.live().tasks.release(runtime.providerRuntime, accountId);
}

/**
 * Assembles a scope from its parts, evaluates the request's checks and writes the findings to
 * `sinks`. A scope with a part missing or cut short by cancellation is not evaluated: the outcome
 * says so in `notScanned`. Parts stay in the store (the caller deletes them).
 */
export async function runEvaluateTask(
  runtime: TaskRuntime,
  task: EvaluateTask,
  store: PartStore,
  sinks: readonly FindingSink[],
  hooks: { readonly onAssembled?: (snapshot: ScopeSnapshot) => Promise<void> } = {},
): Promise<EvaluateOutcome> {
  checkTask(runtime, task);
  const accountId = task.scope.accountId;
  const parts: ScopePart[] = [];
  const missing: string[] = [];
  for (const key of task.parts) {
    const part = (await store.get(key)) as ScopePart | undefined;
    if (part === undefined) missing.push(key);
    else if (part.version !== TASK_VERSION || part.accountId !== accountId) throw new InputError('USAGE', `part ${key} is not a part of account ${accountId} (format ${String(part.version)})`, { field: 'parts' });
    else parts.push(part);
  }
  const base = { taskId: task.id, accountId, summary: new SummaryBuilder().state(), accountsScanned: [], expiredMuteRules: [], regionsNotInSnapshot: [] };
  const notCollected = parts.flatMap((part) => part.notCollected);
  if (missing.length || notCollected.length) {
    const errors = parts.flatMap((part) => runtime.provider.scopeErrors(part.snapshot));
    const what = missing.length ? `part(s) ${missing.join(', ')} missing` : `not collected (interrupted): ${notCollected.join(', ')}`;
    return { ...base, errors, notScanned: [`account ${accountId}: ${what}; ${runtime.options.checks.length} check(s) not evaluated`] };
  }
  const snapshots = parts.map((part) => part.snapshot);
  const snapshot = task.origin === 'snapshot' ? snapshots[0]! : runtime.live().tasks.assemble(task.scope, snapshots);
  // Before evaluation, which releases each service's data once no check needs it.
  await hooks.onAssembled?.(snapshot);
  const summary = new SummaryBuilder();
  const { partition: _partition, snapshotOut: _snapshotOut, ...options } = runtime.options;
  const regions = runtime.request.scope.regions?.length ? runtime.request.scope.regions : undefined;
  const result = await executeScan({
    ...options,
    source: { kind: 'scopes', scopes: [snapshot], origin: task.origin, ...(regions ? { regions } : {}) },
    sinks,
    summary,
  });
  return {
    ...base,
    summary: summary.state(),
    errors: result.errors,
    accountsScanned: result.accountsScanned,
    notScanned: result.notScanned,
    expiredMuteRules: result.expiredMuteRules,
    regionsNotInSnapshot: result.regionsNotInSnapshot,
  };
}

function checkTask(runtime: TaskRuntime, task: CollectTask | EvaluateTask): void {
  if (task.version !== TASK_VERSION) throw new InputError('USAGE', `task ${task.id}: format ${String(task.version)}, this build runs ${TASK_VERSION}`, { field: 'version' });
  if (task.scanId !== runtime.scanId) throw new InputError('USAGE', `task ${task.id} belongs to scan ${task.scanId}, not ${runtime.scanId}`, { field: 'scanId' });
}

export { ScopeAccessError };
