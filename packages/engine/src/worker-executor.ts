/**
 * The worker-thread executor (`execution.workers` > 1): one scan split across worker threads, so
 * that collection, SDK parsing and evaluation use every core. Each worker runs the in-process
 * engine (`runScanInProcess`) on its share of the scopes with its own SDK clients and gateway;
 * rate limits are kept per scope × region × API, so splitting by scope keeps them exact. The sinks
 * stay in the main thread: workers send findings in batches, the main thread writes one batch at a
 * time to every sink (sinks are not reentrant), and merges the workers' summaries and results into
 * the one result the in-process scan would have given. For an encoding sink (`EncodingScanSink`:
 * the output files) a worker sends, instead of the findings, what the sink's own encoder made of
 * them in the worker — the files' bytes — so that the main thread only appends.
 *
 * How a scan is split:
 * - a snapshot file: worker i of n evaluates the accounts at positions i, i + n, i + 2n, … of the
 *   file (`scope.partition`), or its share of `scope.accounts` when the request names accounts;
 * - an organization or an accounts file: the main thread discovers the member accounts once (one
 *   set of Organizations calls) and gives each worker an explicit list (`targets.resolved`); OU
 *   paths and tags keep arriving in the background and are passed on to the worker that scans the
 *   account;
 * - one account (the credentials' own), or `output.snapshotOut` (one file written by one thread):
 *   there is nothing to split, and the scan runs in this process; so does a scan whose split leaves
 *   one share (an organization of one account).
 *
 * A worker that crashes becomes a scan error naming the scopes it held; the other workers go on.
 * Aborting (the signal, the request's time limit) asks every worker to stop; their findings so far
 * stay written and the result says what was not scanned.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, PalisadeError } from '@palisade/core';
import type { Finding, ScanError, Tags } from '@palisade/core';
import type { ServiceCounters } from '@palisade/providers';
import { discoverTargets } from './aws-provider.ts';
import type { DiscoveredTargets } from './aws-provider.ts';
import { compileMutelist, muteRuleRefs } from './mutelist.ts';
import { parseScanRequest } from './request.ts';
import type { ResolvedTarget, ScanRequest } from './request.ts';
import { compileSource, runScanInProcess, runWithSinks, scanSignal } from './run-scan.ts';
import type { RunScanOptions, ScanSink, ScanStart } from './run-scan.ts';
import type { ScanProgress, ScanResult } from './scan.ts';
import { SummaryBuilder } from './summary.ts';
import { outcomeOf } from './worker-outcome.ts';
import type { SummaryState } from './summary.ts';

export interface WorkerScanOptions extends RunScanOptions {
  /**
   * Benchmark hook: receives, from each worker at its end, what the request's transport module
   * reports about that thread (`transport.report`), e.g. the simulated AWS's request counters.
   */
  readonly onTransportReport?: (report: unknown) => void;
}

/** OU path and tags of an organization member account. */
export interface AccountMetadata {
  readonly ouPath?: string;
  readonly tags?: Tags;
}

/**
 * Names, as plain data, a module export that builds a sink's encoder in a worker thread:
 * `export(options)` returns a `WorkerSinkEncoder` (or a promise of one). `module` is a file URL or
 * an absolute path; a bundle must ship the module as a file of its own.
 */
export interface WorkerEncoderSpec {
  readonly module: string;
  readonly export: string;
  readonly options?: unknown;
}

/** What a worker's encoder made of one batch, and the memory it hands over to the main thread instead of copying. */
export interface EncodedBatch {
  readonly data: unknown;
  readonly transfer?: readonly ArrayBuffer[];
}

/** A sink's encoder in a worker thread: each batch it receives, made into what its main-thread sink appends. */
export interface WorkerSinkEncoder {
  /** Undefined: nothing to send for this batch. */
  encode(batch: readonly Finding[]): EncodedBatch | undefined;
  /**
   * The memory an earlier batch handed over (its `transfer`, in that order), given back once the
   * main thread's sink has written it; batches come back in the order they were encoded. Reusing
   * it spares the system faulting in and zeroing fresh pages for every batch.
   */
  reuse?(memory: readonly ArrayBuffer[]): void;
  /** Every finding of the scope (account) has been encoded: state kept for it can go. */
  scopeDone?(scopeId: string): void;
}

/**
 * A sink whose findings worker threads encode themselves, so that the main thread only appends
 * (the output files' sinks: encoding is most of their work). Scans in process call `write` as for
 * any sink; on worker threads each worker builds the encoder `workerEncoder()` names, runs it on
 * the batches this sink receives, and the main thread calls `writeEncoded` with what it made, in
 * the order `write` would have received the batches. `source` tells the workers apart (an encoder
 * may number things on its own, for the sink to renumber).
 */
export interface EncodingScanSink extends ScanSink {
  workerEncoder(): WorkerEncoderSpec;
  /** Once the promise settles, the sink holds on to nothing of `data`: memory it handed over goes back to the worker. */
  writeEncoded(data: unknown, source: number): Promise<void>;
}

export function isEncodingSink(sink: ScanSink): sink is EncodingScanSink {
  const candidate = sink as Partial<EncodingScanSink>;
  return typeof candidate.workerEncoder === 'function' && typeof candidate.writeEncoded === 'function';
}

/** How a worker serves one of the main thread's sinks. */
export interface SinkPlan {
  readonly receives: 'output' | 'all';
  /** Set for an encoding sink: the worker sends what this encoder makes instead of the findings. */
  readonly encoder?: WorkerEncoderSpec;
}

/** What a worker is given (its `workerData`). */
export interface WorkerAssignment {
  /** The worker's share: a complete request that `runScanInProcess` runs as is. */
  readonly request: ScanRequest;
  readonly productVersion: string;
  /** The main thread's sinks, in order. */
  readonly sinks: readonly SinkPlan[];
  /** Some sink takes findings as they are: the batches themselves are sent too. */
  readonly sendFindings: boolean;
  /** The caller follows progress: collection events are sent too (evaluation events always are). */
  readonly collectProgress: boolean;
  /** Finding batches a worker may send before it waits for the main thread to have written one. */
  readonly batchesInFlight: number;
  /** The main thread sends each account's organization metadata as it arrives. */
  readonly awaitsMetadata: boolean;
}

/** `memory`: what the acknowledged batch handed over, by sink, going back for reuse. */
export type ToWorker = { readonly type: 'ack'; readonly memory?: readonly (readonly ArrayBuffer[] | undefined)[] } | { readonly type: 'abort' } | { readonly type: 'metadata'; readonly accountId: string; readonly metadata: AccountMetadata };

export type FromWorker =
  | { readonly type: 'started' }
  /** `encoded[i]`: what sink i's encoder made of the batch (sinks the worker encodes for); `batch`: the findings, when some sink takes them as they are. */
  | { readonly type: 'findings'; readonly batch?: Finding[]; readonly encoded: readonly unknown[]; readonly memory: readonly (readonly ArrayBuffer[] | undefined)[] }
  | { readonly type: 'progress'; readonly event: ScanProgress }
  | { readonly type: 'done'; readonly outcome: WorkerOutcome }
  | { readonly type: 'failed'; readonly error: SerializedError };

/** A worker's part of the result, as plain data. */
export interface WorkerOutcome {
  readonly summary: SummaryState;
  readonly errors: ScanError[];
  readonly apiCounters: Record<string, ServiceCounters>;
  readonly interrupted: boolean;
  readonly accountsScanned: string[];
  readonly notScanned: string[];
  readonly expiredMuteRules: string[];
  readonly regionsNotInSnapshot: string[];
  readonly snapshotError?: SerializedError;
  readonly transportReport?: unknown;
}

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly location?: { readonly file?: string; readonly line?: number; readonly field?: string };
  readonly stack?: string;
}

/** Batches in flight per worker: enough to keep the writer busy, few enough to bound memory (× batch size × workers). */
const BATCHES_IN_FLIGHT = 4;
/**
 * Each worker's V8 old generation is capped (the per-thread budget, docs/design.md). Besides
 * stopping a runaway worker before it takes the process down (it becomes a WorkerFailed scan
 * error), a cap makes V8 collect garbage before growing the heap: without one, each worker's heap
 * grows towards the machine-wide default and the process uses far more memory than it holds.
 */
export const WORKER_HEAP_LIMIT_MB = 1024;
const DEFAULT_MAX_CONCURRENCY = 64;
const DEFAULT_MAX_ACCOUNTS_IN_FLIGHT = 16;
const UNKNOWN_VERSION = 'unknown';

/** One worker's share of the scan, and how to name it when the worker fails. */
interface Share {
  readonly request: ScanRequest;
  /** The scopes it holds, for the error a crash becomes: account ids, or a description of its snapshot positions. */
  readonly scopes: { readonly accounts: readonly string[] } | { readonly description: string };
}

export async function runScanOnWorkers(request: ScanRequest, sinks: readonly ScanSink[], options: WorkerScanOptions = {}): Promise<ScanResult> {
  const validated = parseScanRequest(request);
  const workers = validated.execution?.workers ?? 1;
  const source = validated.source;
  // Snapshots and AWS organizations split; a live Azure scan runs in this thread (its scopes share one pair of clients).
  const splittable = workers > 1 && !validated.output.snapshotOut && (source.kind === 'snapshot' || (source.kind === 'live' && source.targets !== undefined));
  if (!splittable) return runScanInProcess(validated, sinks, options);

  const start: ScanStart = {
    scanId: validated.scanId ?? randomUUID(),
    startedAt: new Date().toISOString(),
    productVersion: options.productVersion ?? UNKNOWN_VERSION,
    request: validated,
  };
  const scanRequest: ScanRequest = { ...validated, scanId: start.scanId };
  const { signal, timedOut } = scanSignal(validated, options.signal);
  return runWithSinks(sinks, start, async () => {
    let discovered: DiscoveredTargets | undefined;
    if (source.kind === 'live') {
      options.onProgress?.({ phase: 'connect', message: 'connecting to AWS' });
      discovered = await discoverOrganization(scanRequest, signal);
      options.onProgress?.({ phase: 'connect', message: `${discovered.targets.length} member account(s) to scan`, accounts: discovered.targets.length });
    }
    try {
      const shares = discovered ? organizationShares(scanRequest, discovered.targets, workers) : snapshotShares(scanRequest, workers);
      // One share (an organization of one account, one named account): no thread is worth starting.
      const outcome = shares.length < 2 ? { workers: [await runShareHere(shares[0]!, sinks, start, options, signal, discovered)] } : await new WorkerRun(shares, sinks, start, options, signal, discovered, !discovered).finished();
      return mergeResults(scanRequest, start, outcome, discovered?.finish(), timedOut());
    } catch (error) {
      discovered?.finish();
      throw error;
    }
  });
}

async function discoverOrganization(request: ScanRequest, signal: AbortSignal | undefined): Promise<DiscoveredTargets> {
  const source = await compileSource(request, request.scope.regions?.length ? request.scope.regions : undefined);
  if (source.kind !== 'aws') throw new Error(`discoverOrganization: not a live AWS source (${source.kind})`);
  return discoverTargets(source, { config: request.config, ...(signal ? { signal } : {}), ...(request.scope.accounts ? { accounts: request.scope.accounts } : {}) });
}

/** Worker i of n takes the accounts at positions i, i + n, … of the snapshot (counting only those `scope.accounts` selects). */
function snapshotShares(request: ScanRequest, workers: number): Share[] {
  const count = Math.min(workers, request.scope.accounts?.length ?? workers);
  return Array.from({ length: count }, (_, index) => ({
    request: shareRequest(request, count, { scope: { ...request.scope, partition: { index, count } } }),
    scopes: { description: `the snapshot's accounts${request.scope.accounts ? ' in scope' : ''} at positions ${index + 1}, ${index + 1 + count}, ${index + 1 + 2 * count}, … (counting from 1)` },
  }));
}

/** Discovered member accounts dealt round-robin, so every worker gets early and late accounts alike. */
function organizationShares(request: ScanRequest, targets: readonly ResolvedTarget[], workers: number): Share[] {
  const source = request.source;
  if (source.kind !== 'live' || !source.targets) throw new Error('organizationShares: not an organization scan');
  const count = Math.max(1, Math.min(workers, targets.length));
  return Array.from({ length: count }, (_, index) => {
    const resolved = targets.filter((_, position) => position % count === index);
    return {
      request: shareRequest(request, count, { source: { ...source, targets: { ...source.targets!, resolved } } }),
      scopes: { accounts: resolved.map((target) => target.accountId) },
    };
  });
}

/**
 * The only share, run in this thread as a worker would run it: the sinks receive its findings as
 * they come, and a summary of them makes its outcome.
 */
async function runShareHere(share: Share, sinks: readonly ScanSink[], start: ScanStart, options: WorkerScanOptions, signal: AbortSignal | undefined, discovered: DiscoveredTargets | undefined): Promise<ShareResult> {
  const summary = new SummaryBuilder();
  const evaluated = new Set<string>();
  const parts: ScanSink[] = [
    {
      receives: 'all',
      write: async (batch) => {
        for (const finding of batch) summary.add(finding);
      },
    },
    // Without their lifecycle: this executor begins and ends them.
    ...sinks.map((sink): ScanSink => ({ receives: sink.receives ?? 'output', write: (batch) => sink.write(batch) })),
  ];
  const result = await runScanInProcess(share.request, parts, {
    ...(signal ? { signal } : {}),
    productVersion: start.productVersion,
    onProgress: (event) => {
      // The scan's own count of accounts was announced after discovery.
      if (event.phase === 'connect') return;
      if (event.phase === 'evaluate') evaluated.add(event.accountId);
      options.onProgress?.(event);
    },
    ...(discovered?.metadataOf ? { accountMetadata: discovered.metadataOf } : {}),
  });
  const outcome = outcomeOf(result, summary.state());
  return { index: 0, share, evaluated, outcome };
}

/**
 * A share as a request of its own: in process, without the time limit (the main thread keeps the
 * clock and aborts every worker), with the scan-wide limits divided between the workers.
 */
function shareRequest(request: ScanRequest, count: number, part: Partial<Pick<ScanRequest, 'scope' | 'source'>>): ScanRequest {
  const { timeoutSeconds: _timeout, ...limits } = request.limits;
  return {
    ...request,
    ...part,
    execution: { workers: 1 },
    limits: {
      ...limits,
      maxConcurrency: Math.ceil((limits.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY) / count),
      maxAccountsInFlight: Math.ceil((limits.maxAccountsInFlight ?? DEFAULT_MAX_ACCOUNTS_IN_FLIGHT) / count),
    },
  };
}

/** What the result needs of a share: what its thread ended with, or why it ended without. */
interface ShareResult {
  readonly index: number;
  readonly share: Share;
  /** Accounts reported evaluated. */
  readonly evaluated: ReadonlySet<string>;
  readonly outcome?: WorkerOutcome | undefined;
  readonly crash?: string | undefined;
}

interface WorkerState extends ShareResult {
  readonly worker: Worker;
  readonly evaluated: Set<string>;
  /** Received and not yet handled, when the output keeps the snapshot's order. */
  readonly pending: Delivery[];
  /** Every message of the worker has been handled. */
  drained: boolean;
  /** The worker loaded its script and began its share. */
  started: boolean;
  outcome?: WorkerOutcome;
  failure?: SerializedError;
  crash?: string;
}

/** What a worker delivers to the sinks: findings, the end of an account, the end of its share. */
type Delivery = { readonly kind: 'findings'; readonly message: Extract<FromWorker, { type: 'findings' }> } | { readonly kind: 'evaluated'; readonly event: ScanProgress } | { readonly kind: 'end' };

interface RunOutcome {
  readonly workers: readonly ShareResult[];
}

/**
 * The running workers, the main thread's writes to the sinks, and what each worker ended with.
 *
 * A snapshot's findings are written in the snapshot's order, as in process: worker i holds the
 * accounts at positions i, i + n, …, so taking one whole account from each worker in turn restores
 * the file's order (a worker that runs ahead waits, holding at most its few batches in flight).
 * A live scan's findings are written as they arrive: in process, too, accounts finish in no fixed order.
 */
class WorkerRun {
  private readonly states: WorkerState[];
  private writing: Promise<void> = Promise.resolve();
  private sinkError: { error: unknown } | undefined;
  private readonly exited: Promise<void>[];
  private readonly outputStatuses: ReadonlySet<string> | undefined;
  private readonly plans: readonly SinkPlan[];
  /** The worker whose account comes next in the output (ordered output). */
  private turn = 0;

  constructor(
    shares: readonly Share[],
    private readonly sinks: readonly ScanSink[],
    start: ScanStart,
    private readonly options: WorkerScanOptions,
    signal: AbortSignal | undefined,
    discovered: DiscoveredTargets | undefined,
    private readonly ordered: boolean,
  ) {
    const statuses = start.request.output.statuses;
    this.outputStatuses = statuses ? new Set(statuses) : undefined;
    this.plans = sinks.map((sink) => ({ receives: sink.receives ?? 'output', ...(isEncodingSink(sink) ? { encoder: sink.workerEncoder() } : {}) }));
    const entry = workerEntry();
    this.states = shares.map((share, index) => {
      const assignment: WorkerAssignment = {
        request: share.request,
        productVersion: start.productVersion,
        sinks: this.plans,
        sendFindings: this.plans.some((plan) => !plan.encoder),
        collectProgress: Boolean(options.onProgress),
        batchesInFlight: BATCHES_IN_FLIGHT,
        awaitsMetadata: Boolean(discovered?.metadataOf),
      };
      const worker = new Worker(entry.url, {
        workerData: assignment,
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_LIMIT_MB },
        ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
      });
      return { index, share, worker, evaluated: new Set<string>(), pending: [], drained: false, started: false };
    });
    this.exited = this.states.map((state) => this.watch(state));
    const abort = () => this.post({ type: 'abort' });
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
    this.stopListening = () => signal?.removeEventListener('abort', abort);
    if (discovered?.metadataOf) this.forwardMetadata(discovered.metadataOf);
  }

  private readonly stopListening: () => void;

  async finished(): Promise<RunOutcome> {
    await Promise.all(this.exited);
    this.stopListening();
    await this.writing;
    if (this.sinkError) throw this.sinkError.error;
    // A worker that could not even load its script (a broken install or bundle) is no scan result.
    const unstarted = this.states.find((state) => !state.started);
    if (unstarted) throw new Error(`worker thread ${unstarted.index + 1} of ${this.states.length} could not start: ${unstarted.crash ?? 'no reason given'}`);
    const failed = this.states.find((state) => state.failure);
    if (failed?.failure) throw deserializeError(failed.failure);
    return { workers: this.states };
  }

  private running(state: WorkerState): boolean {
    return !state.outcome && !state.failure && !state.crash;
  }

  private post(message: ToWorker, states: readonly WorkerState[] = this.states): void {
    for (const state of states) if (this.running(state)) state.worker.postMessage(message);
  }

  /** Each account's OU path and tags go to the worker that scans it, as soon as they are read. */
  private forwardMetadata(metadataOf: (accountId: string) => Promise<AccountMetadata>): void {
    for (const state of this.states) {
      if (!('accounts' in state.share.scopes)) continue;
      for (const accountId of state.share.scopes.accounts) {
        void metadataOf(accountId).then(
          (metadata) => this.post({ type: 'metadata', accountId, metadata }, [state]),
          () => this.post({ type: 'metadata', accountId, metadata: {} }, [state]),
        );
      }
    }
  }

  private watch(state: WorkerState): Promise<void> {
    const { worker } = state;
    let thrown: Error | undefined;
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'started':
          state.started = true;
          break;
        case 'findings':
          this.deliver(state, { kind: 'findings', message });
          break;
        case 'progress':
          // The main thread announces the scopes of the whole scan; a worker's count covers its share only.
          if (message.event.phase === 'connect') break;
          if (message.event.phase !== 'evaluate') {
            this.options.onProgress?.(message.event);
            break;
          }
          state.evaluated.add(message.event.accountId);
          this.deliver(state, { kind: 'evaluated', event: message.event });
          break;
        case 'done':
          state.outcome = message.outcome;
          if (message.outcome.transportReport !== undefined) this.options.onTransportReport?.(message.outcome.transportReport);
          // Its last message: a worker whose event loop is still held (sockets, timers) is done all the same.
          void worker.terminate();
          break;
        case 'failed':
          state.failure = message.error;
          void worker.terminate();
          // The scan fails as the in-process scan would: the other workers stop too.
          this.post({ type: 'abort' });
          break;
      }
    });
    worker.on('error', (error) => (thrown = error));
    return new Promise<void>((resolve) => {
      worker.on('exit', (code) => {
        if (!state.outcome && !state.failure) {
          state.crash = thrown ? `${thrown.name}: ${thrown.message}` : `exited with code ${code} before reporting its result`;
          // The scan goes on without this worker (its accounts are reported); one that never started fails the scan.
          if (!state.started) this.post({ type: 'abort' });
        }
        this.deliver(state, { kind: 'end' });
        resolve();
      });
    });
  }

  private deliver(state: WorkerState, delivery: Delivery): void {
    if (!this.ordered) {
      this.handle(state, delivery);
      return;
    }
    state.pending.push(delivery);
    // Whole accounts, one worker after the other; stops where the worker in turn has sent nothing yet.
    for (;;) {
      if (this.states.every((candidate) => candidate.drained)) return;
      const current = this.states[this.turn]!;
      if (current.drained) {
        this.turn = (this.turn + 1) % this.states.length;
        continue;
      }
      const next = current.pending.shift();
      if (!next) return;
      this.handle(current, next);
      if (next.kind !== 'findings') this.turn = (this.turn + 1) % this.states.length;
    }
  }

  private handle(state: WorkerState, delivery: Delivery): void {
    if (delivery.kind === 'findings') this.write(state, delivery.message);
    // After the account's findings, which the worker sent first and which may still wait to be written.
    else if (delivery.kind === 'evaluated') this.writing = this.writing.then(() => this.options.onProgress?.(delivery.event));
    else state.drained = true;
  }

  /** One batch at a time to every sink; the worker may send another once this one is written. */
  private write(state: WorkerState, { batch, encoded, memory }: Extract<FromWorker, { type: 'findings' }>): void {
    const output = batch && this.outputStatuses ? batch.filter((finding) => this.outputStatuses!.has(finding.status)) : batch;
    this.writing = this.writing.then(async () => {
      if (this.sinkError) return;
      try {
        for (const [index, sink] of this.sinks.entries()) {
          if (this.plans[index]!.encoder) {
            const data = encoded[index];
            if (data !== undefined) await (sink as EncodingScanSink).writeEncoded(data, state.index);
            continue;
          }
          const findings = sink.receives === 'all' ? batch : output;
          if (findings?.length) await sink.write(findings);
        }
      } catch (error) {
        // A sink that cannot write (a full disk) fails the scan, as it would in process.
        this.sinkError = { error };
        for (const other of this.states) void other.worker.terminate();
        return;
      }
      if (!this.running(state)) return;
      const handedOver = memory.flatMap((buffers) => buffers ?? []);
      if (handedOver.length) state.worker.postMessage({ type: 'ack', memory } satisfies ToWorker, handedOver);
      else state.worker.postMessage({ type: 'ack' } satisfies ToWorker);
    });
  }
}

/**
 * The workers' parts as one result: summaries merged, counters summed per service, lists joined.
 * A crashed worker's scopes are a scan error and listed as not scanned.
 */
function mergeResults(
  request: ScanRequest,
  start: ScanStart,
  run: RunOutcome,
  discovery: { readonly apiCounters: Record<string, ServiceCounters>; readonly errors: readonly ScanError[]; readonly notScanned: readonly string[] } | undefined,
  timedOut: boolean,
): ScanResult {
  const summary = new SummaryBuilder();
  if (request.mutelist) {
    const mutelist = compileMutelist(request.mutelist);
    summary.trackMuteRules(muteRuleRefs(mutelist));
  }
  const workerErrors: ScanError[] = [];
  const crashErrors: ScanError[] = [];
  const notScanned: string[] = [...(discovery?.notScanned ?? [])];
  const counters: Record<string, ServiceCounters>[] = discovery ? [discovery.apiCounters] : [];
  const scanned: string[][] = [];
  const expired = new Set<string>();
  let interrupted = false;
  let regionsNotInSnapshot: string[] | undefined;
  let snapshotError: InputError | undefined;
  for (const state of run.workers) {
    const outcome = state.outcome;
    if (!outcome) {
      crashErrors.push(workerCrashError(state, run.workers.length));
      notScanned.push(...notScannedAfterCrash(state));
      continue;
    }
    summary.merge(outcome.summary);
    workerErrors.push(...outcome.errors);
    counters.push(outcome.apiCounters);
    scanned.push(outcome.accountsScanned);
    // Every worker reads the whole snapshot, so a damaged file is reported by each, in the same words.
    for (const line of outcome.notScanned) if (!notScanned.includes(line)) notScanned.push(line);
    for (const rule of outcome.expiredMuteRules) expired.add(rule);
    interrupted ||= outcome.interrupted;
    // A region is missing from the snapshot when no worker's accounts hold it.
    regionsNotInSnapshot = regionsNotInSnapshot ? regionsNotInSnapshot.filter((region) => outcome.regionsNotInSnapshot.includes(region)) : [...outcome.regionsNotInSnapshot];
    if (outcome.snapshotError && !snapshotError) snapshotError = deserializeError(outcome.snapshotError) as InputError;
  }
  const crashed = run.workers.some((state) => !state.outcome);
  const accountsScanned = interleave(scanned);
  // In account order, as the in-process scan lists them; then errors of no scanned account, then the organization's.
  const scannedErrors = new Map(accountsScanned.map((accountId) => [accountId, [] as ScanError[]]));
  const otherErrors: ScanError[] = [];
  for (const error of workerErrors) {
    const ofAccount = error.accountId === undefined ? undefined : scannedErrors.get(error.accountId);
    if (ofAccount) ofAccount.push(error);
    else otherErrors.push(error);
  }
  const errors = [...[...scannedErrors.values()].flat(), ...otherErrors, ...crashErrors, ...(discovery?.errors ?? [])];
  return {
    scanId: start.scanId,
    startedAt: start.startedAt,
    finishedAt: new Date().toISOString(),
    summary: summary.build(),
    errors,
    apiCounters: sumCounters(counters),
    interrupted,
    accountsScanned,
    notScanned,
    expiredMuteRules: [...expired],
    regionsNotInSnapshot: crashed || interrupted || snapshotError ? [] : (regionsNotInSnapshot ?? []),
    ...(snapshotError ? { snapshotError } : {}),
    timedOut,
  };
}

/** Worker i's lists dealt back in turn: a snapshot's accounts come out in file order again. */
function interleave(lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let position = 0; position < longest; position += 1) for (const list of lists) if (position < list.length) out.push(list[position]!);
  return out;
}

function sumCounters(parts: readonly Record<string, ServiceCounters>[]): Record<string, ServiceCounters> {
  const total = new Map<string, ServiceCounters>();
  for (const part of parts) {
    for (const [service, counters] of Object.entries(part)) {
      const into = total.get(service);
      if (!into) {
        total.set(service, { ...counters, retriesByClass: { ...counters.retriesByClass }, errorCodes: { ...counters.errorCodes }, errorsByClass: { ...counters.errorsByClass } });
        continue;
      }
      into.calls += counters.calls;
      into.throttles += counters.throttles;
      into.retries += counters.retries;
      into.errors += counters.errors;
      into.durationMs += counters.durationMs;
      for (const key of Object.keys(into.retriesByClass) as (keyof ServiceCounters['retriesByClass'])[]) {
        into.retriesByClass[key] += counters.retriesByClass[key];
        into.errorsByClass[key] += counters.errorsByClass[key];
      }
      for (const [code, count] of Object.entries(counters.errorCodes)) into.errorCodes[code] = (into.errorCodes[code] ?? 0) + count;
    }
  }
  return Object.fromEntries([...total].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function workerCrashError(state: ShareResult, workers: number): ScanError {
  const held = 'accounts' in state.share.scopes ? `accounts ${state.share.scopes.accounts.join(', ')}` : state.share.scopes.description;
  return {
    error: {
      api: 'palisade:worker',
      code: 'WorkerFailed',
      message: `worker thread ${state.index + 1} of ${workers} stopped (${state.crash ?? 'unknown reason'}) while scanning ${held}; findings it had sent are written, the summary does not count them, and its other accounts were not scanned`,
    },
  };
}

function notScannedAfterCrash(state: ShareResult): string[] {
  const reason = `not scanned (worker thread ${state.index + 1} failed)`;
  if ('accounts' in state.share.scopes) return state.share.scopes.accounts.filter((accountId) => !state.evaluated.has(accountId)).map((accountId) => `account ${accountId}: ${reason}`);
  const done = state.evaluated.size ? ` after the ${state.evaluated.size} it evaluated` : '';
  return [`${state.share.scopes.description}${done}: ${reason}`];
}

/** The typed error a worker threw, rebuilt in this thread (a CLI maps its code to an exit code). */
function deserializeError(serialized: SerializedError): Error {
  let error: Error;
  if (serialized.name === 'InputError' && serialized.code) {
    // The message already names the location: rebuilt without it, then the location set as data.
    error = new InputError(serialized.code as ConstructorParameters<typeof InputError>[0], serialized.message);
    if (serialized.location) Object.defineProperty(error, 'location', { value: serialized.location, enumerable: true });
  } else if (serialized.code && serialized.name !== 'Error') {
    error = new PalisadeError(serialized.code as ConstructorParameters<typeof PalisadeError>[0], serialized.message);
    Object.defineProperty(error, 'name', { value: serialized.name });
  } else {
    error = new Error(serialized.message);
  }
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}

/**
 * The worker's script: beside this module, as TypeScript when the engine runs from its sources
 * (tests, `tsx`) and as JavaScript in the CLI bundle, where worker-entry is an entry point of its
 * own. From the sources, the worker registers tsx before it loads the entry.
 */
function workerEntry(): { url: URL; execArgv?: string[] } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { url: new URL('./worker-entry.js', here) };
  const entry = new URL('./worker-entry.ts', here).href;
  const bootstrap = `await import(${JSON.stringify(tsxRegisterModule())}).then((tsx) => tsx.register()); await import(${JSON.stringify(entry)});`;
  return { url: new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), execArgv: [] };
}

/** tsx's ESM registration API, located through its package.json (an ESM-only path the `require` resolver does not give). */
function tsxRegisterModule(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: Record<string, { import?: { default?: string } } | string> };
  const api = manifest.exports['./esm/api'];
  const relative = typeof api === 'object' ? api.import?.default : undefined;
  if (!relative) throw new Error('tsx has no ./esm/api export: the engine cannot start worker threads from its TypeScript sources');
  return pathToFileURL(join(dirname(manifestPath), relative)).href;
}
