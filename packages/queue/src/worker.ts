/**
 * A queue worker: takes jobs of every step queue, runs up to `concurrency` of them at once, and
 * completes or fails each with pg-boss.
 *
 * One loop asks the queues in order — dead letters, finalize, evaluate, collect, plan — for as many
 * jobs as there are free slots, so a worker finishes the scans it has begun before it starts
 * planning new ones; it asks again as soon as a job ends, and every `pollingIntervalSeconds` while
 * idle. Each running job:
 *
 * - ends within its expiration here: a job still running a second before pg-boss would take it for
 *   expired is let go (its slot freed, its result ignored) and left to pg-boss, which retries it on
 *   whichever worker fetches it next — a worker never completes or fails an attempt that may
 *   already belong to another;
 * - renews its scan's lease while it runs (with the store), so a server does not take a scan with a
 *   long step in progress for orphaned.
 *
 * `stop()` takes no new jobs, waits up to its grace period for the running ones, then gives the
 * rest back to the queue unstarted (another worker takes them at once, and the attempt does not
 * count). A worker that is killed instead loses nothing either: its jobs expire and are retried,
 * and every step is idempotent.
 */
import type { TaskFailure } from '@palisade/engine';
import type { Store } from '@palisade/store';
import { failureOfDeadLetter } from './executor.ts';
import type { QueueExecutor, QueueJob, QueueLog, QueueName } from './executor.ts';
import { recordStepFailure, runStep } from './steps.ts';
import type { ScanSteps } from './steps.ts';

/** The order queues are asked for jobs: what ends scans first. */
/** Jobs a worker runs at once unless told otherwise. */
export const DEFAULT_WORKER_CONCURRENCY = 16;

const QUEUE_ORDER: readonly QueueName[] = ['failed', 'finalize', 'evaluate', 'collect', 'plan'];

export interface QueueWorkerOptions {
  readonly queue: QueueExecutor;
  readonly scans: ScanSteps;
  /**
   * Jobs run at once (default 16): a collect job spends most of its time waiting for rate-limited
   * API answers, so a worker runs many, as the in-process scan collects many accounts and regions at once.
   */
  readonly concurrency?: number;
  /** With the store, running jobs renew their scan's lease every `leaseSeconds / 3`. */
  readonly store?: Store;
  /** The lease a running job keeps on its scan (default 900 s, as `DistributedScans`). */
  readonly leaseSeconds?: number;
  readonly log?: QueueLog;
  /** Each job as it starts and ends (tests, metrics). */
  readonly onJob?: (event: { readonly phase: 'started' | 'ended'; readonly job: QueueJob; readonly outcome?: 'completed' | 'failed' | 'expired' | 'given back' }) => void;
}

interface RunningJob {
  readonly job: QueueJob;
  /** Let go (expired here, or given back): its result must not complete or fail the job. */
  released: boolean;
}

export class QueueWorker {
  private readonly running = new Map<string, RunningJob>();
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A job ended since the loop last asked for jobs: ask again before sleeping. */
  private jobEnded = false;
  private idleWaiters: (() => void)[] = [];
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly options: QueueWorkerOptions) {
    this.concurrency = options.concurrency ?? DEFAULT_WORKER_CONCURRENCY;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError('concurrency must be a whole number ≥ 1');
    this.leaseMs = (options.leaseSeconds ?? 900) * 1000;
  }

  /** Jobs running now. */
  get active(): number {
    return this.running.size;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
    if (this.options.store) {
      this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(1000, this.leaseMs / 3));
      this.heartbeat.unref();
    }
  }

  /**
   * Takes no new job, waits up to `graceMs` (default 30 s, cut short by `hurry`) for the running
   * ones to end, then gives the others back to the queue.
   */
  async stop(graceMs = 30_000, hurry?: AbortSignal): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    if (this.running.size && !hurry?.aborted) {
      let timer: NodeJS.Timeout | undefined;
      let onHurry: (() => void) | undefined;
      await Promise.race([
        this.whenIdle(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
          onHurry = resolve;
          hurry?.addEventListener('abort', onHurry, { once: true });
        }),
      ]);
      clearTimeout(timer);
      if (onHurry) hurry?.removeEventListener('abort', onHurry);
    }
    const left = [...this.running.values()].filter((entry) => !entry.released);
    if (left.length) {
      for (const entry of left) entry.released = true;
      await this.options.queue.giveBack(left.map((entry) => entry.job));
      for (const entry of left) this.options.onJob?.({ phase: 'ended', job: entry.job, outcome: 'given back' });
      this.options.log?.({ level: 'info', message: `stopping: ${left.length} running job(s) given back to the queue` });
    }
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  private async run(): Promise<void> {
    const pollMs = this.options.queue.settings.pollingIntervalSeconds * 1000;
    while (!this.stopping) {
      for (const queue of QUEUE_ORDER) {
        const free = this.concurrency - this.running.size;
        if (free <= 0 || this.stopping) break;
        let jobs: QueueJob[] = [];
        try {
          jobs = await this.options.queue.fetch(queue, free);
        } catch (error) {
          this.options.log?.({ level: 'error', message: `fetching from ${queue} failed: ${(error as Error).message}` });
        }
        for (const job of jobs) this.launch(job);
      }
      if (this.stopping) break;
      if (this.jobEnded) {
        this.jobEnded = false;
        continue;
      }
      // Until a job ends (a free slot, and perhaps follow-ups to take) or the next poll.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      this.jobEnded = false;
    }
  }

  private launch(job: QueueJob): void {
    const entry: RunningJob = { job, released: false };
    this.running.set(job.id, entry);
    this.options.onJob?.({ phase: 'started', job });
    if (job.retryCount > 0) this.options.log?.({ level: 'info', message: `${describe(job)}: attempt ${job.retryCount + 1} of ${job.retryLimit + 1}`, tenantId: job.data.tenantId, scanId: job.data.scanId });
    void this.execute(entry).finally(() => {
      this.running.delete(job.id);
      if (!this.running.size) for (const resolve of this.idleWaiters.splice(0)) resolve();
      this.jobEnded = true;
      this.wake?.();
    });
  }

  private async execute(entry: RunningJob): Promise<void> {
    const { job } = entry;
    const { queue, scans, log } = this.options;
    // Let go a second before pg-boss's maintenance may fail the attempt (its clock starts at the fetch).
    const expiresInMs = Math.max(500, job.expireInSeconds * 1000 - 1000);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), expiresInMs)));
    const work = (async () => {
      if (job.queue !== 'failed') return runStep(scans, queue, job.data);
      const failure = failureOfDeadLetter(job.output, job.data.step, queue.settings);
      log?.({ level: 'warn', message: `${describe(job)} failed for good: ${failure.code}: ${failure.message}`, tenantId: job.data.tenantId, scanId: job.data.scanId });
      return recordStepFailure(scans, queue, job.data, failure);
    })();
    try {
      const result = await Promise.race([work, expired]);
      if (result === 'expired') {
        entry.released = true;
        // The step keeps running until it ends on its own; what it returns then is dropped.
        work.catch(() => undefined);
        log?.({ level: 'warn', message: `${describe(job)} still running after ${job.expireInSeconds} s: left to expire and be retried`, tenantId: job.data.tenantId, scanId: job.data.scanId });
        this.options.onJob?.({ phase: 'ended', job, outcome: 'expired' });
        return;
      }
      if (entry.released) return;
      await queue.complete(job, result);
      this.options.onJob?.({ phase: 'ended', job, outcome: 'completed' });
    } catch (error) {
      if (entry.released) return;
      const failure = failureOf(error);
      log?.({ level: 'warn', message: `${describe(job)} failed (attempt ${job.retryCount + 1} of ${job.retryLimit + 1}): ${failure.code}: ${failure.message}`, tenantId: job.data.tenantId, scanId: job.data.scanId });
      await queue.fail(job, failure).catch((failed: unknown) => log?.({ level: 'error', message: `${describe(job)}: could not record the failure: ${(failed as Error).message}` }));
      this.options.onJob?.({ phase: 'ended', job, outcome: 'failed' });
    } finally {
      clearTimeout(timer);
    }
  }

  private whenIdle(): Promise<void> {
    return this.running.size ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  /** Extends the lease of every scan a running job works on. */
  private async renewLeases(): Promise<void> {
    const { store } = this.options;
    if (!store) return;
    const scans = new Map<string, string>();
    for (const { job, released } of this.running.values()) if (!released) scans.set(job.data.scanId, job.data.tenantId);
    const leaseUntil = new Date(Date.now() + this.leaseMs).toISOString();
    for (const [scanId, tenantId] of scans) {
      await store
        .forTenant(tenantId)
        .updateScan(scanId, { leaseUntil }, ['running'])
        .catch((error: unknown) => this.options.log?.({ level: 'warn', message: `could not renew the scan's lease: ${(error as Error).message}`, tenantId, scanId }));
    }
  }
}

/** A thrown error as a job's failure: its code, else its class name. */
export function failureOf(error: unknown): TaskFailure {
  const code = (error as { code?: unknown })?.code;
  const name = (error as { name?: unknown })?.name;
  const message = error instanceof Error ? error.message : String(error);
  return { code: typeof code === 'string' && code ? code : typeof name === 'string' && name ? name : 'StepFailed', message };
}

function describe(job: QueueJob): string {
  const data = job.data;
  const what = 'group' in data ? `${data.accountId}/${data.group}` : 'accountId' in data ? data.accountId : data.scanId;
  return `${job.queue === 'failed' ? `dead-lettered ${data.step}` : data.step} ${what}`;
}
