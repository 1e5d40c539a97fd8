/**
 * The platform's scans on a queue: pg-boss 10 on the platform's own PostgreSQL, one queue per step
 * of a distributed scan (see `DistributedScans` in @palisade/platform) and one for the steps that
 * failed for good:
 *
 * ```
 * dispatch(scan) ─▶ palisade-plan ─▶ palisade-collect × (account × group) ─▶ palisade-evaluate × account ─▶ palisade-finalize
 *                        │                  │ (accounts without groups: straight to evaluate)     │
 *                        └──────────────────┴──── last attempt failed or expired ─▶ palisade-failed ┘ (recordFailure)
 * ```
 *
 * **Ids instead of singleton keys.** Every job's id is derived from what it is about (step, tenant,
 * scan, account, group): sending a job that exists already inserts nothing (pg-boss inserts with
 * `ON CONFLICT DO NOTHING` on the queue's primary key), whatever that job's state. So two collects
 * that both find their account complete enqueue one evaluate, a plan delivered twice enqueues its
 * collects once, and a finalize is enqueued once per scan. pg-boss 10's `singletonKey` alone would
 * not do: without `singletonSeconds` it only takes effect under the `short`/`singleton`/`stately`
 * queue policies, and then per job state (a second job is accepted once the first is active).
 *
 * **Retries and expiry.** Each job carries its step's `retryLimit` (attempts = limit + 1),
 * `retryDelay` and `retryBackoff` (the n-th retry waits between delay × 2^(n-1) and twice that) and
 * `expireInSeconds`. pg-boss finds an expired job in its maintenance (`failJobsByTimeout`: state
 * `active` and `started_on + expire_in < now()`), run by every process started with
 * `supervise: true` on a timer of `maintenanceIntervalSeconds` and at most once per interval across
 * all of them (the `maintained_on` stamp in its version table); an expired job is failed like a
 * thrown one: retried while attempts remain, else failed. A killed worker's job is therefore retried
 * elsewhere between `expireInSeconds` and `expireInSeconds + maintenanceIntervalSeconds` after it
 * started. A job that fails for good is copied by pg-boss into the dead-letter queue
 * (`palisade-failed`) with its data and its last error, where a worker reports it with
 * `recordFailure`: a collect leaves a part of ERRORs, an evaluate a scan error, a plan or a finalize
 * ends the scan `failed` — the scan ends either way.
 *
 * **Roles.** The queue lives in its own schema (`palisade_queue`). Creating it (tables, an enum,
 * functions, one partition table per queue) is DDL, which the store's application role may not do:
 * with the owner's connection (`databaseAdminUrl`), `open` installs the schema and the queues and
 * grants the application role what pg-boss does at run time — USAGE on the schema and SELECT,
 * INSERT, UPDATE, DELETE on its tables (sending, fetching, completing, failing, expiring and
 * archiving are all DML on `job`, `archive` and the `version` stamps; the partitions are reached
 * through `job`, whose privileges are the ones checked). Every process then runs pg-boss as the
 * application role with `migrate: false`, so a worker holds no credentials that could alter the
 * store's tables or their row-level security. Without the owner's URL the schema must be installed
 * already (by `palisade serve` or a worker given `--database-admin-url`).
 */
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import pg from 'pg';
import type { TaskFailure } from '@palisade/engine';
import type { Store } from '@palisade/store';

/** The PostgreSQL schema pg-boss keeps its tables in. */
export const QUEUE_SCHEMA = 'palisade_queue';

export type StepName = 'plan' | 'collect' | 'evaluate' | 'finalize';
export const STEPS: readonly StepName[] = ['plan', 'collect', 'evaluate', 'finalize'];

/** Queue names: one per step, and the dead-letter queue of all four. */
export const QUEUE_NAMES = {
  plan: 'palisade-plan',
  collect: 'palisade-collect',
  evaluate: 'palisade-evaluate',
  finalize: 'palisade-finalize',
  failed: 'palisade-failed',
} as const satisfies Record<StepName | 'failed', string>;

export type QueueName = keyof typeof QUEUE_NAMES;

/** A step of one scan, as a job's data (plain JSON; the dead-letter copy keeps it). */
export type StepJob =
  | { readonly step: 'plan'; readonly tenantId: string; readonly scanId: string }
  | { readonly step: 'collect'; readonly tenantId: string; readonly scanId: string; readonly accountId: string; readonly group: string }
  | { readonly step: 'evaluate'; readonly tenantId: string; readonly scanId: string; readonly accountId: string }
  | { readonly step: 'finalize'; readonly tenantId: string; readonly scanId: string };

/** How pg-boss retries and expires one step's jobs. */
export interface StepPolicy {
  /** Retries after the first attempt. */
  readonly retryLimit: number;
  /** Seconds before the first retry; doubled for each further retry when `retryBackoff`. */
  readonly retryDelaySeconds: number;
  readonly retryBackoff: boolean;
  /** How long an attempt may stay active before it counts as failed (its worker is taken for lost). */
  readonly expireInSeconds: number;
}

export interface QueueSettings {
  readonly steps: Readonly<Record<StepName, StepPolicy>>;
  /** How often some process looks for expired jobs (pg-boss maintenance). */
  readonly maintenanceIntervalSeconds: number;
  /** How often an idle worker asks for jobs (a busy one asks again as soon as a job ends). */
  readonly pollingIntervalSeconds: number;
}

export interface QueueSettingsInput {
  readonly steps?: Partial<Record<StepName, Partial<StepPolicy>>>;
  readonly maintenanceIntervalSeconds?: number;
  readonly pollingIntervalSeconds?: number;
}

/**
 * Defaults. Expiry is the longest an attempt may take before another worker takes over: long
 * enough for one account's region under tight rate limits (collect), one account's checks and
 * findings (evaluate), discovering and preparing an organization (plan), and merging an
 * organization's outcomes and writing its reports (finalize). Maintenance every 30 s (pg-boss's
 * default is 2 minutes) bounds the extra wait after a worker is lost.
 */
export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  steps: {
    plan: { retryLimit: 2, retryDelaySeconds: 10, retryBackoff: true, expireInSeconds: 30 * 60 },
    collect: { retryLimit: 3, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 15 * 60 },
    evaluate: { retryLimit: 3, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 15 * 60 },
    finalize: { retryLimit: 3, retryDelaySeconds: 10, retryBackoff: true, expireInSeconds: 30 * 60 },
  },
  maintenanceIntervalSeconds: 30,
  pollingIntervalSeconds: 2,
};

export function queueSettings(input: QueueSettingsInput = {}): QueueSettings {
  const steps = Object.fromEntries(STEPS.map((step) => [step, { ...DEFAULT_QUEUE_SETTINGS.steps[step], ...input.steps?.[step] }])) as Record<StepName, StepPolicy>;
  const settings: QueueSettings = {
    steps,
    maintenanceIntervalSeconds: input.maintenanceIntervalSeconds ?? DEFAULT_QUEUE_SETTINGS.maintenanceIntervalSeconds,
    pollingIntervalSeconds: input.pollingIntervalSeconds ?? DEFAULT_QUEUE_SETTINGS.pollingIntervalSeconds,
  };
  for (const [step, policy] of Object.entries(settings.steps)) {
    if (!Number.isInteger(policy.retryLimit) || policy.retryLimit < 0) throw new RangeError(`${step}: retryLimit must be a whole number ≥ 0`);
    if (!Number.isInteger(policy.retryDelaySeconds) || policy.retryDelaySeconds < (policy.retryBackoff ? 1 : 0)) throw new RangeError(`${step}: retryDelaySeconds must be a whole number ≥ ${policy.retryBackoff ? 1 : 0}`);
    // pg-boss refuses expirations of 24 hours or more.
    if (!Number.isInteger(policy.expireInSeconds) || policy.expireInSeconds < 2 || policy.expireInSeconds >= 24 * 3600) throw new RangeError(`${step}: expireInSeconds must be a whole number from 2 to 86399`);
  }
  if (!(settings.maintenanceIntervalSeconds >= 1)) throw new RangeError('maintenanceIntervalSeconds must be at least 1');
  if (!(settings.pollingIntervalSeconds >= 0.5)) throw new RangeError('pollingIntervalSeconds must be at least 0.5');
  return settings;
}

/** A job as a worker holds it. */
export interface QueueJob {
  readonly id: string;
  readonly queue: QueueName;
  readonly data: StepJob;
  readonly expireInSeconds: number;
  /** Attempts before this one. */
  readonly retryCount: number;
  readonly retryLimit: number;
  /** A dead-letter job's copy of the failed job's last error (pg-boss's `output`). */
  readonly output?: unknown;
}

export type QueueLog = (event: { readonly level: 'info' | 'warn' | 'error'; readonly message: string; readonly tenantId?: string; readonly scanId?: string }) => void;

export interface QueueExecutorOptions {
  /** The store's application role. */
  readonly databaseUrl: string;
  /** The owner's connection: installs the schema and the queues and grants the application role; used once, at `open`. */
  readonly databaseAdminUrl?: string;
  readonly settings?: QueueSettingsInput;
  /** Connections of this process's queue pool (default 3). */
  readonly maxConnections?: number;
  /** Whether this process takes part in maintenance (finding expired jobs); default true. */
  readonly supervise?: boolean;
  readonly log?: QueueLog;
}

const ERROR_EVENT_INTERVAL_MS = 10_000;

export class QueueExecutor {
  private lastErrorLogged = 0;

  private constructor(
    private readonly boss: PgBoss,
    readonly settings: QueueSettings,
    private readonly log: QueueLog | undefined,
  ) {}

  /** Installs the schema and queues when given the owner's URL, then starts pg-boss as the application role. */
  static async open(options: QueueExecutorOptions): Promise<QueueExecutor> {
    const settings = queueSettings(options.settings);
    if (options.databaseAdminUrl) await installQueues({ adminUrl: options.databaseAdminUrl, appUrl: options.databaseUrl, settings });
    const boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: QUEUE_SCHEMA,
      application_name: 'palisade-queue',
      max: options.maxConnections ?? 3,
      // The schema is installed by the owner; the application role cannot create or migrate it.
      migrate: false,
      // No cron schedules: the platform's own scheduler queues scans.
      schedule: false,
      supervise: options.supervise ?? true,
      maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds,
    });
    const executor = new QueueExecutor(boss, settings, options.log);
    // pg-boss reports maintenance and connection errors as events; an unheard 'error' event would end the process.
    boss.on('error', (error) => executor.reportError(error));
    try {
      await boss.start();
      const existing = new Set((await boss.getQueues()).map((queue) => queue.name));
      const missing = Object.values(QUEUE_NAMES).filter((name) => !existing.has(name));
      // Sending to a missing queue inserts nothing, silently: refuse to start instead.
      if (missing.length) throw Object.assign(new Error(`the job queue lacks ${missing.join(', ')}: start one process with the owner's connection (--database-admin-url or PALISADE_DATABASE_ADMIN_URL) to create them`), { code: 'QueueNotInstalled' });
    } catch (error) {
      // pg-boss's stop does nothing until a start completed: its pool is closed here.
      await boss.stop({ graceful: false }).catch(() => undefined);
      await (boss.getDb() as { close?: () => Promise<void> }).close?.().catch(() => undefined);
      const message = (error as Error).message;
      if (/not installed|requires migrations/.test(message)) {
        throw Object.assign(new Error(`the job queue's schema ${QUEUE_SCHEMA} is ${message.includes('migrations') ? 'out of date' : 'missing'}: start one process with the owner's connection (--database-admin-url or PALISADE_DATABASE_ADMIN_URL) to install it`), { code: 'QueueNotInstalled' });
      }
      throw error;
    }
    return executor;
  }

  /**
   * Hands a claimed scan to the workers: its plan job. With the store, the scan's lease is extended
   * to cover the wait in the queue (the server that claimed it would otherwise take it for orphaned).
   */
  async dispatch(scan: { readonly tenantId: string; readonly id: string }, store?: Store, leaseSeconds = 900): Promise<void> {
    await this.send([{ step: 'plan', tenantId: scan.tenantId, scanId: scan.id }]);
    if (store) await store.forTenant(scan.tenantId).updateScan(scan.id, { leaseUntil: new Date(Date.now() + leaseSeconds * 1000).toISOString() }, ['running']);
    this.log?.({ level: 'info', message: 'plan job queued', tenantId: scan.tenantId, scanId: scan.id });
  }

  /** Queues steps; a step already queued (or done) is not queued again (see the ids above). */
  async send(jobs: readonly StepJob[]): Promise<void> {
    // pg-boss inserts a batch with one statement; batches keep each statement small.
    for (let start = 0; start < jobs.length; start += 500) {
      await this.boss.insert(
        jobs.slice(start, start + 500).map((job) => {
          const policy = this.settings.steps[job.step];
          return {
            id: jobId(job),
            name: QUEUE_NAMES[job.step],
            data: job,
            retryLimit: policy.retryLimit,
            retryDelay: policy.retryDelaySeconds,
            retryBackoff: policy.retryBackoff,
            expireInSeconds: policy.expireInSeconds,
            deadLetter: QUEUE_NAMES.failed,
          };
        }),
      );
    }
  }

  /** Takes up to `count` jobs of one queue (FOR UPDATE SKIP LOCKED: workers never take the same job). */
  async fetch(queue: QueueName, count: number): Promise<QueueJob[]> {
    const jobs = await this.boss.fetch<StepJob>(QUEUE_NAMES[queue], { batchSize: count, includeMetadata: true });
    return jobs.map((job) => ({
      id: job.id,
      queue,
      data: job.data,
      expireInSeconds: Number(job.expireInSeconds),
      retryCount: job.retryCount,
      retryLimit: job.retryLimit,
      ...(job.output !== null && job.output !== undefined ? { output: job.output } : {}),
    }));
  }

  async complete(job: QueueJob, output: object): Promise<void> {
    await this.boss.complete(QUEUE_NAMES[job.queue], job.id, output);
  }

  /** Fails an attempt: retried after its delay while attempts remain, else copied to the dead-letter queue. */
  async fail(job: QueueJob, failure: TaskFailure): Promise<void> {
    await this.boss.fail(QUEUE_NAMES[job.queue], job.id, { code: failure.code, message: failure.message });
  }

  /**
   * Puts active jobs back as if never started (a worker stopping before they ended): available at
   * once to any worker, and the attempt does not count. pg-boss counts an attempt when it fetches a
   * job that has a start time, so the start time is cleared. Its API has no such call; this is one
   * statement on its job table (schema version 24, pg-boss 10).
   */
  async giveBack(jobs: readonly QueueJob[]): Promise<void> {
    for (const queue of new Set(jobs.map((job) => job.queue))) {
      const ids = jobs.filter((job) => job.queue === queue).map((job) => job.id);
      await this.boss.getDb().executeSql(
        `UPDATE ${QUEUE_SCHEMA}.job SET state = 'retry', started_on = NULL, start_after = now() WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'active'`,
        [QUEUE_NAMES[queue], ids],
      );
    }
  }

  /** Jobs of each queue by state (tests, operations). */
  async counts(): Promise<Record<QueueName, Record<string, number>>> {
    const { rows } = await this.boss.getDb().executeSql(`SELECT name, state::text AS state, count(*)::int AS count FROM ${QUEUE_SCHEMA}.job GROUP BY name, state`, []);
    const counts = Object.fromEntries(Object.keys(QUEUE_NAMES).map((queue) => [queue, {}])) as Record<QueueName, Record<string, number>>;
    for (const row of rows as { name: string; state: string; count: number }[]) {
      const queue = (Object.keys(QUEUE_NAMES) as QueueName[]).find((key) => QUEUE_NAMES[key] === row.name);
      if (queue) counts[queue][row.state] = row.count;
    }
    return counts;
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: false });
  }

  private reportError(error: unknown): void {
    // Maintenance retries on its own timer: one line per interval is enough while the database is away.
    const now = Date.now();
    if (now - this.lastErrorLogged < ERROR_EVENT_INTERVAL_MS) return;
    this.lastErrorLogged = now;
    this.log?.({ level: 'error', message: `job queue: ${(error as Error)?.message ?? String(error)}` });
  }
}

/**
 * A job's id: a UUID derived from what it is about, so that sending the same step twice inserts one
 * job. Formatted as an RFC 9562 version 8 (custom) UUID.
 */
export function jobId(job: StepJob): string {
  const parts = [job.step, job.tenantId, job.scanId, 'accountId' in job ? job.accountId : '', 'group' in job ? job.group : ''];
  const hex = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Installs pg-boss's schema and the queues as the owner, and grants the application role what
 * pg-boss needs at run time. Idempotent, and safe from several processes at once: pg-boss creates
 * its schema under an advisory lock, a queue is created once (`ON CONFLICT DO NOTHING`), and the
 * grants take a lock of their own (concurrent GRANTs on one table fail).
 */
export async function installQueues(options: { readonly adminUrl: string; readonly appUrl: string; readonly settings?: QueueSettings }): Promise<void> {
  const settings = options.settings ?? DEFAULT_QUEUE_SETTINGS;
  const owner = new PgBoss({ connectionString: options.adminUrl, schema: QUEUE_SCHEMA, application_name: 'palisade-queue-install', max: 2, migrate: true, schedule: false, supervise: false });
  owner.on('error', () => undefined);
  await owner.start();
  try {
    // The dead-letter queue first: the others reference it.
    const existing = new Set((await owner.getQueues()).map((queue) => queue.name));
    if (!existing.has(QUEUE_NAMES.failed)) await owner.createQueue(QUEUE_NAMES.failed, { name: QUEUE_NAMES.failed, policy: 'standard', retryLimit: 3, retryDelay: 5, retryBackoff: true });
    for (const step of STEPS) {
      const policy = settings.steps[step];
      const queue = { name: QUEUE_NAMES[step], policy: 'standard' as const, retryLimit: policy.retryLimit, retryDelay: policy.retryDelaySeconds, retryBackoff: policy.retryBackoff, expireInSeconds: policy.expireInSeconds, deadLetter: QUEUE_NAMES.failed };
      // The queue's settings are defaults only: every job is sent with its step's policy.
      if (existing.has(queue.name)) await owner.updateQueue(queue.name, queue);
      else await owner.createQueue(queue.name, queue);
    }
  } finally {
    await owner.stop({ graceful: false });
  }
  const appRole = await currentUser(options.appUrl);
  const admin = new pg.Client({ connectionString: options.adminUrl });
  await admin.connect();
  try {
    await admin.query('BEGIN');
    await admin.query(`SELECT pg_advisory_xact_lock(hashtext('palisade.queue.grants'))`);
    const role = quoteIdentifier(appRole);
    await admin.query(`GRANT USAGE ON SCHEMA ${QUEUE_SCHEMA} TO ${role}`);
    await admin.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${QUEUE_SCHEMA} TO ${role}`);
    await admin.query('COMMIT');
  } catch (error) {
    await admin.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await admin.end();
  }
}

async function currentUser(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>('SELECT current_user AS name');
    const name = rows[0]?.name;
    if (!name) throw new Error('cannot read the application role');
    return name;
  } finally {
    await client.end();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The error a dead-letter job carries, as the failure `recordFailure` reports: the code a worker
 * failed it with, or `Expired` when pg-boss's maintenance failed it (no worker finished it in time:
 * its worker was killed or lost, or the step ran past its expiration).
 */
export function failureOfDeadLetter(output: unknown, step: StepName, settings: QueueSettings): TaskFailure {
  const value = output as { code?: unknown; message?: unknown; name?: unknown; value?: { message?: unknown } } | undefined;
  if (value && typeof value.code === 'string') return { code: value.code, message: typeof value.message === 'string' ? value.message : '' };
  const policy = settings.steps[step];
  const attempts = `${policy.retryLimit + 1} attempt(s)`;
  if (value?.value && typeof value.value.message === 'string' && value.value.message.includes('timeout')) {
    return { code: 'Expired', message: `no worker finished this ${step} step within its expiration (${policy.expireInSeconds} s) in ${attempts}: its worker was stopped or lost, or the step ran too long` };
  }
  const message = typeof value?.message === 'string' ? value.message : typeof value?.value?.message === 'string' ? value.value.message : JSON.stringify(output ?? null);
  return { code: typeof value?.name === 'string' && value.name ? value.name : 'StepFailed', message: `${message} (after ${attempts})` };
}
