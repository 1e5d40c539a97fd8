/**
 * Scans on the job queue against real PostgreSQL (packages/store/test/postgres-server.ts:
 * PALISADE_TEST_DATABASE_URL, or a throwaway cluster), each compared with the same scan run in one
 * piece by the job runner:
 *
 * - three worker processes (worker-fixture.ts), one SIGKILLed while it holds an active collect or
 *   evaluate job of a live organization scan of the simulated AWS: the job expires, another worker
 *   runs it again, and the scan completes with the same findings, no scan error;
 * - every step delivered twice (plan, collect, evaluate, and a collect after its account was
 *   evaluated): the queue holds one job per follow-up, and the findings are the same;
 * - a collect that always throws and an evaluate that never ends: retried, dead-lettered, reported
 *   as scan errors naming the account (and region and services), and the scan still completes;
 * - a worker stopping gives its running job back, unstarted; the application role cannot alter the
 *   queue's schema.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import PgBoss from 'pg-boss';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryPartStore } from '@palisade/engine';
import { DistributedScans, ScanJobRunner } from '@palisade/platform';
import { createPostgresStore } from '@palisade/store';
import type { Scan, Store, TenantStore } from '@palisade/store';
import type { EstateShape } from '../../../bench/sim/estate.ts';
import { SIMULATED_TRANSPORT_MODULE } from '../../../test/integration/simulated-scan.ts';
import { TestDatabases, findPostgres } from '../../store/test/postgres-server.ts';
import type { TestDatabase } from '../../store/test/postgres-server.ts';
import { PostgresRateLimiter } from '../src/rate-limits.ts';
import { QUEUE_SCHEMA, QueueExecutor, QueueWorker, jobId, runStep } from '../src/index.ts';
import type { QueueJob, QueueName, QueueSettingsInput, ScanSteps, StepJob } from '../src/index.ts';
import { findingsOf } from '../../platform/test/scan-findings.ts';

const postgres = await findPostgres();
const skip = 'skipped' in postgres ? postgres.skipped : undefined;
const work = mkdtempSync(join(tmpdir(), 'palisade-queue-'));
const FIXTURE = fileURLToPath(new URL('./worker-fixture.ts', import.meta.url));

/** 5 accounts (the management account and 4 members) × 3 regions: 20 collect jobs, a few seconds on the simulated AWS. */
const estate: EstateShape = {
  seed: 31,
  accounts: 4,
  regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
  perRegion: { instances: 3, securityGroups: 3, volumes: 2, snapshots: 1, vpcs: 1, kmsKeys: 2, logGroups: 1 },
  perAccount: { iamUsers: 3, iamRoles: 2, buckets: 3 },
  misconfiguredShare: 0.3,
};
const transport = { module: SIMULATED_TRANSPORT_MODULE, export: 'simulatedAws', options: { estate, latency: { medianMs: 25, p99Ms: 120 } } };
/** Seconds, not minutes: a killed worker's job is retried within expiry + maintenance interval. */
const FAST: QueueSettingsInput = {
  steps: {
    plan: { retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 60 },
    collect: { retryLimit: 3, retryDelaySeconds: 1, expireInSeconds: 8 },
    evaluate: { retryLimit: 3, retryDelaySeconds: 1, expireInSeconds: 20 },
    finalize: { retryLimit: 3, retryDelaySeconds: 1, expireInSeconds: 60 },
  },
  maintenanceIntervalSeconds: 1,
  pollingIntervalSeconds: 0.5,
};

let databases: TestDatabases | undefined;
let database: TestDatabase;
let store: Store;
let reference: { scan: Scan; findings: string[] };
/** The kill test's worker processes, started while the reference scan runs (starting one through tsx takes seconds). */
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  if ('skipped' in postgres) return;
  databases = await TestDatabases.create(postgres.adminUrl);
  database = await databases.fresh();
  store = createPostgresStore({ connectionString: database.appUrl, adminConnectionString: database.adminUrl, maxConnections: 6 });
  await store.migrate();
  // Installed once by the owner, as a deployment step would; the workers run as the application role.
  const owner = new pg.Pool({ connectionString: database.adminUrl, max: 1 });
  await new PostgresRateLimiter(owner).ensureSchema({ grantTo: databases.appRole });
  await owner.end();
  await (await QueueExecutor.open({ databaseUrl: database.appUrl, databaseAdminUrl: database.adminUrl, supervise: false })).close();
  workers = [0, 1, 2].map(() =>
    WorkerProcess.start({ databaseUrl: database.appUrl, parts: { directory: join(work, 'parts') }, dataDir: join(work, 'data'), concurrency: 3, productVersion: 'test', settings: FAST, transport }),
  );
  // The scan in one piece, by the job runner in this process.
  const { tenant, providerId } = await tenantWith('in process');
  const queued = await tenant.createScan({ providerId, trigger: 'manual' });
  const runner = new ScanJobRunner({ store, worker: 'in-process', productVersion: 'test', reportsDir: join(work, 'reports-in-process'), pollIntervalMs: 50, transport });
  await runner.start();
  await runner.idle();
  await runner.stop();
  const scan = (await tenant.getScan(queued.id))!;
  reference = { scan, findings: await findingsOf(tenant, scan.id) };
}, 120_000);

/** The worker processes are the kill test's alone: stopped before another test uses the queue (when that test ran alone, say). */
async function retireWorkers(): Promise<void> {
  for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
  await Promise.all(workers.map((worker) => worker.exited));
}

afterAll(async () => {
  await retireWorkers();
  await store?.close();
  await databases?.dispose();
  if (!('skipped' in postgres)) await postgres.stop();
});

async function tenantWith(name: string): Promise<{ tenant: TenantStore; providerId: string }> {
  const created = await store.system.createTenant({ name });
  const tenant = store.forTenant(created.id);
  const { id } = await tenant.createProvider({ type: 'aws', alias: name, config: { organization: {} } });
  return { tenant, providerId: id };
}


async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const finished = (tenant: TenantStore, scanId: string, timeoutMs: number) =>
  until(`scan ${scanId} to end`, async () => {
    const scan = await tenant.getScan(scanId);
    return scan && ['completed', 'failed', 'cancelled'].includes(scan.state) ? scan : undefined;
  }, timeoutMs);

/** What two runs of one scan must agree on: summary (accounts in any order), compliance and errors. */
function outcomeOf(scan: Scan): unknown {
  const { compliance, ...summary } = scan.summary as Record<string, unknown>;
  return { summary: { ...summary, accountsScanned: [...(summary['accountsScanned'] as string[])].sort() }, compliance, state: scan.state, error: scan.error };
}

interface JobLine {
  readonly event: string;
  readonly pid: number;
  readonly phase?: 'started' | 'ended';
  readonly id?: string;
  readonly step?: string;
  readonly queue?: string;
  readonly retryCount?: number;
  readonly outcome?: string;
}

/** A worker process and the lines it wrote. */
class WorkerProcess {
  readonly lines: JobLine[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly listeners = new Set<(line: JobLine) => void>();

  constructor(readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as JobLine;
      this.lines.push(line);
      for (const listener of this.listeners) listener(line);
    });
    createInterface({ input: child.stderr! }).on('line', (text) => this.stderr.push(text));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static start(options: Record<string, unknown>): WorkerProcess {
    return new WorkerProcess(spawn(process.execPath, ['--import', 'tsx', FIXTURE, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  next(predicate: (line: JobLine) => boolean): Promise<JobLine> {
    const seen = this.lines.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const listener = (line: JobLine) => {
        if (!predicate(line)) return;
        this.listeners.delete(listener);
        resolve(line);
      };
      this.listeners.add(listener);
    });
  }

  /** Jobs started and not ended. */
  active(): JobLine[] {
    const ended = new Set(this.lines.filter((line) => line.phase === 'ended').map((line) => line.id));
    return this.lines.filter((line) => line.phase === 'started' && !ended.has(line.id));
  }
}

describe('scans on the job queue', () => {
  if (skip) it.skip(`PostgreSQL: ${skip}`, () => undefined);

  it.skipIf(Boolean(skip))('completes a live scan with the same findings after a worker holding an active job is killed', async () => {
    await Promise.all(workers.map((worker) => Promise.race([worker.next((line) => line.event === 'ready'), worker.exited.then(() => Promise.reject(new Error(`a worker exited at start: ${worker.stderr.join('\n')}`)))])));
    // The server's side, as `palisade serve --executor queue` runs it: claimed scans are dispatched, not run.
    const queue = await QueueExecutor.open({ databaseUrl: database.appUrl, settings: FAST, supervise: false });
    const runner = new ScanJobRunner({ store, worker: 'server', productVersion: 'test', reportsDir: join(work, 'unused'), pollIntervalMs: 50, dispatch: (scan) => queue.dispatch(scan, store) });
    const { tenant, providerId } = await tenantWith('queue workers');
    const queued = await tenant.createScan({ providerId, trigger: 'manual' });
    await runner.start();

    // The first worker seen starting a collect or evaluate job is killed while it holds it.
    const victim = await Promise.race(workers.map((worker) => worker.next((line) => line.phase === 'started' && (line.step === 'collect' || line.step === 'evaluate')).then((line) => ({ worker, line }))));
    victim.worker.child.kill('SIGKILL');
    const killed = await victim.worker.exited;
    expect(killed.signal).toBe('SIGKILL');
    const lost = victim.worker.active().filter((line) => line.step === 'collect' || line.step === 'evaluate');
    expect(lost.map((line) => line.id)).toContain(victim.line.id);

    const scan = await finished(tenant, queued.id, 45_000);
    await runner.stop();
    await queue.close();
    expect(scan.state).toBe('completed');
    expect(scan.summary!['errors']).toEqual([]);
    expect(outcomeOf(scan)).toEqual(outcomeOf(reference.scan));
    // Nothing missing, nothing twice.
    const findings = await findingsOf(tenant, scan.id);
    expect(findings).toEqual(reference.findings);
    expect(new Set(findings).size).toBe(findings.length);
    // Each job the killed worker held ran again on a surviving worker (its second attempt, or a later one on a machine slow enough to let a retry expire too).
    const survivors = workers.filter((worker) => worker !== victim.worker);
    for (const job of lost) {
      const rerun = survivors.flatMap((worker) => worker.lines).find((line) => line.id === job.id && line.phase === 'ended' && line.outcome === 'completed');
      expect(rerun?.retryCount).toBeGreaterThanOrEqual(1);
    }
    // Nothing went to the dead-letter queue.
    expect(survivors.flatMap((worker) => worker.lines).filter((line) => line.queue === 'failed')).toEqual([]);
    // The survivors stop gracefully on SIGTERM.
    for (const worker of survivors) worker.child.kill('SIGTERM');
    expect(await Promise.all(survivors.map((worker) => worker.exited))).toEqual([{ code: 0, signal: null }, { code: 0, signal: null }]);
  }, 90_000);

  it.skipIf(Boolean(skip))('changes nothing when every step is delivered twice', async () => {
    await retireWorkers();
    const queue = await QueueExecutor.open({ databaseUrl: database.appUrl, settings: FAST, supervise: false });
    const scans = new DistributedScans({ store, parts: new DirectoryPartStore(join(work, 'parts-twice')), productVersion: 'test', reportsDir: join(work, 'reports-twice'), transport });
    const { tenant, providerId } = await tenantWith('twice');
    const scan = await tenant.createScan({ providerId, trigger: 'manual' });
    try {
      const plan: StepJob = { step: 'plan', tenantId: tenant.tenantId, scanId: scan.id };
      await queue.dispatch({ tenantId: tenant.tenantId, id: scan.id });
      await queue.dispatch({ tenantId: tenant.tenantId, id: scan.id });
      // Delivered twice, each step queues its follow-ups once; then its job is completed.
      const deliver = async (job: QueueJob) => {
        const outputs = [await runStep(scans, queue, job.data), await runStep(scans, queue, job.data)];
        await queue.complete(job, outputs[0]!);
        return outputs;
      };
      const take = async (name: QueueName) => {
        const taken = await queue.fetch(name, 1000);
        for (const job of taken) expect(job.data.scanId).toBe(scan.id);
        return taken;
      };
      const plans = await take('plan');
      expect(plans.map((job) => job.data)).toEqual([plan]);
      const [planned] = await deliver(plans[0]!);
      const collects = await take('collect');
      expect(collects).toHaveLength(planned!['collectTasks'] as number);
      expect(new Set(collects.map((job) => job.id)).size).toBe(collects.length);
      await Promise.all(collects.map(deliver));
      const evaluates = await take('evaluate');
      expect(evaluates).toHaveLength(planned!['accounts'] as number);
      await Promise.all(evaluates.map(deliver));
      // A collect delivered again once its account is evaluated (its parts deleted): nothing to do, nothing queued.
      expect(await runStep(scans, queue, collects[0]!.data)).toEqual({ skipped: 'the account is already evaluated' });
      expect(await take('evaluate')).toEqual([]);
      const finalizes = await take('finalize');
      expect(finalizes.map((job) => job.id)).toEqual([jobId({ step: 'finalize', tenantId: tenant.tenantId, scanId: scan.id })]);
      const [first, second] = await deliver(finalizes[0]!);
      expect(first).toEqual({});
      expect(second).toEqual({ skipped: 'the scan is completed' });

      const done = (await tenant.getScan(scan.id))!;
      expect(done.state).toBe('completed');
      expect(outcomeOf(done)).toEqual(outcomeOf(reference.scan));
      expect(await findingsOf(tenant, scan.id)).toEqual(reference.findings);
      // Every job of this scan and the one before is completed: none waits, none is left active.
      for (const states of Object.values(await queue.counts())) expect(Object.keys(states).filter((state) => state !== 'completed')).toEqual([]);
    } finally {
      scans.close();
      await queue.close();
    }
  }, 60_000);

  it.skipIf(Boolean(skip))('reports a collect that always throws and an evaluate that never ends as scan errors after their retries, and completes the scan', async () => {
    await retireWorkers();
    const settings: QueueSettingsInput = {
      ...FAST,
      steps: { ...FAST.steps, collect: { retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 20 }, evaluate: { retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 6 } },
    };
    const queue = await QueueExecutor.open({ databaseUrl: database.appUrl, settings });
    const scans = new DistributedScans({ store, parts: new DirectoryPartStore(join(work, 'parts-failing')), productVersion: 'test', reportsDir: join(work, 'reports-failing'), transport });
    const { tenant, providerId } = await tenantWith('failing');
    const scan = await tenant.createScan({ providerId, trigger: 'manual' });
    const members = [...new Set(reference.findings.map((key) => JSON.parse(key)[5] as string))].sort();
    const [broken, stuck] = [members[1]!, members[2]!];
    let attempts = 0;
    const failing: ScanSteps = {
      plan: (ref) => scans.plan(ref),
      collect: async (ref) => {
        if (ref.scanId !== scan.id || ref.accountId !== broken || ref.group !== 'eu-west-1') return scans.collect(ref);
        attempts += 1;
        throw Object.assign(new Error('the collector crashed'), { code: 'CollectorCrashed' });
      },
      evaluate: (ref) => (ref.scanId === scan.id && ref.accountId === stuck ? new Promise(() => undefined) : scans.evaluate(ref)),
      finalize: (ref) => scans.finalize(ref),
      recordFailure: (ref) => scans.recordFailure(ref),
    };
    const workers = [new QueueWorker({ queue, scans: failing, concurrency: 3, store }), new QueueWorker({ queue, scans: failing, concurrency: 3, store })];
    try {
      for (const worker of workers) worker.start();
      await queue.dispatch({ tenantId: tenant.tenantId, id: scan.id });
      const done = await finished(tenant, scan.id, 50_000);
      expect(done.state).toBe('completed');
      expect(attempts).toBe(3);
      const errors = done.summary!['errors'] as { accountId?: string; region?: string; service?: string; error: { code: string; api?: string; message: string } }[];
      const crashed = errors.filter((error) => error.error.code === 'CollectorCrashed');
      expect(crashed.length).toBeGreaterThan(0);
      for (const error of crashed) expect(error).toMatchObject({ accountId: broken, region: 'eu-west-1', service: expect.any(String), error: { message: expect.stringContaining('the collector crashed') } });
      expect(errors).toContainEqual(expect.objectContaining({ accountId: stuck, error: expect.objectContaining({ api: 'palisade:EvaluateScope', code: 'Expired' }) }));
      expect(done.summary!['accountsScanned']).not.toContain(stuck);
      // The broken region's checks are ERROR, never PASS; the stuck account has no findings; the others are as in one piece.
      const findings = await findingsOf(tenant, scan.id);
      const parsed = findings.map((key) => JSON.parse(key) as unknown[]);
      expect(parsed.filter((finding) => finding[5] === stuck)).toEqual([]);
      const brokenRegion = parsed.filter((finding) => finding[5] === broken && finding[4] === 'eu-west-1' && finding[6] !== undefined && String(finding[6]).startsWith('aws/ec2'));
      expect(brokenRegion.length).toBeGreaterThan(0);
      for (const finding of brokenRegion) expect(finding[1]).toBe('ERROR');
      const untouched = (key: string) => ![broken, stuck].includes(JSON.parse(key)[5] as string);
      expect(findings.filter(untouched)).toEqual(reference.findings.filter(untouched));
      const counts = await queue.counts();
      expect(counts.failed).toEqual({ completed: 2 });
    } finally {
      await Promise.all(workers.map((worker) => worker.stop(1000)));
      scans.close();
      await queue.close();
    }
  }, 80_000);

  it.skipIf(Boolean(skip))('gives a running job back to the queue when stopping, without counting the attempt', async () => {
    await retireWorkers();
    const queue = await QueueExecutor.open({ databaseUrl: database.appUrl, settings: FAST, supervise: false });
    const ref = { tenantId: randomUUID(), scanId: randomUUID() };
    let planning: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (planning = resolve));
    const blocked: ScanSteps = {
      plan: () => {
        planning();
        return new Promise(() => undefined);
      },
      collect: () => Promise.reject(new Error('unused')),
      evaluate: () => Promise.reject(new Error('unused')),
      finalize: () => Promise.reject(new Error('unused')),
      recordFailure: () => Promise.reject(new Error('unused')),
    };
    const ended: string[] = [];
    const worker = new QueueWorker({ queue, scans: blocked, concurrency: 1, onJob: (event) => event.phase === 'ended' && ended.push(event.outcome!) });
    try {
      await queue.dispatch({ tenantId: ref.tenantId, id: ref.scanId });
      worker.start();
      await started;
      await worker.stop(100);
      expect(ended).toEqual(['given back']);
      // Available at once to any worker, as a first attempt.
      const [again, ...more] = await queue.fetch('plan', 10);
      expect(more).toEqual([]);
      expect(again).toMatchObject({ id: jobId({ step: 'plan', ...ref }), retryCount: 0, data: { step: 'plan', ...ref } });
      await queue.complete(again!, {});
    } finally {
      await queue.close();
    }
  });

  it.skipIf(Boolean(skip))('refuses to start on a database whose queue is not installed, naming the owner\'s connection', async () => {
    const bare = await databases!.fresh();
    await expect(QueueExecutor.open({ databaseUrl: bare.adminUrl })).rejects.toMatchObject({ code: 'QueueNotInstalled', message: expect.stringContaining('--database-admin-url') });
    await bare.drop();
  });

  it.skipIf(Boolean(skip))('runs pg-boss as the application role, which cannot change the queue\'s schema', async () => {
    const app = new PgBoss({ connectionString: database.appUrl, schema: QUEUE_SCHEMA, migrate: false, supervise: false, schedule: false });
    app.on('error', () => undefined);
    await app.start();
    try {
      await expect(app.createQueue('not-allowed')).rejects.toThrow(/permission denied|must be owner/);
    } finally {
      await app.stop({ graceful: false });
    }
  });
});
