/**
 * The queue-workers scenarios (`npm run bench -- queue-workers`): one platform scan of a live
 * organization of the simulated AWS, stored in PostgreSQL, run twice in this one process's run —
 *
 * 1. in process: the job runner (`ScanJobRunner`) runs it whole, as `palisade serve` does;
 * 2. on queue workers: the job runner hands it to the queue (`palisade serve --executor queue`) and
 *    N worker processes (packages/queue/test/worker-fixture.ts, `runQueueWorker`) run its steps,
 *    drawing on rate-limit budgets shared through PostgreSQL.
 *
 * Each run prints one JSON line (`ScenarioMeasurement`, as run-scenario.ts does) for bench/run.ts's
 * table. Wall time runs from queueing the scan to its completion; the workers are started and
 * ready before (starting one from the TypeScript sources takes seconds). The floor is the slowest
 * rate-limit bucket with the calls of every process added up (a bucket an account × region × API;
 * the workers share them). Peak RSS of the queue run is the sum of the workers' peaks. Retries
 * are not counted: a platform scan does not keep the gateway's counters.
 *
 * PostgreSQL: `PALISADE_TEST_DATABASE_URL` (an administrator's URL, as the tests use), or a
 * throwaway cluster started with scripts/postgres.sh; when neither works the scenario prints
 * `{"skipped": reason}` and run.ts says why. Both runs execute from the TypeScript sources (tsx),
 * so they compare with each other, not with the bundled scenarios of run-scenario.ts.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { ALL_CHECKS } from '@palisade/checks';
import { ScanJobRunner } from '@palisade/platform';
import { DEFAULT_WORKER_CONCURRENCY, PostgresRateLimiter, QueueExecutor } from '@palisade/queue';
import type { QueueSettingsInput } from '@palisade/queue';
import { createPostgresStore } from '@palisade/store';
import type { Scan, Store, StoredFinding, TenantStore } from '@palisade/store';
import { TestDatabases, findPostgres } from '../packages/store/test/postgres-server.ts';
import type { ScenarioMeasurement } from './run-scenario.ts';
import { countResources, generateEstate } from './sim/estate.ts';
import type { EstateShape } from './sim/estate.ts';
import { SIMULATED_SERVICES } from './sim/build.ts';
import { simulatorOf, simulatorReport } from './sim/transport.ts';
import type { SimulatorReport } from './sim/transport.ts';
import type { LatencyModel } from './sim/handler.ts';

export interface QueueScenario {
  readonly name: string;
  readonly description: string;
  readonly estate: EstateShape;
  readonly latency: LatencyModel;
  /** Worker processes. */
  readonly workers: number;
  /** Jobs each worker runs at once. */
  readonly concurrency: number;
}

/** A run's measurement, with how its findings compare with the in-process run's. */
export interface QueueMeasurement extends ScenarioMeasurement {
  readonly comparison?: string;
}

const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];

export const QUEUE_SCENARIOS: Readonly<Record<string, QueueScenario>> = {
  'queue-workers': {
    name: 'queue-workers',
    description: 'the rate-bound estate (5 accounts × 4 regions, many per-resource calls) as a platform scan on PostgreSQL: in process, then on 3 queue workers sharing rate limits',
    // The rate-bound scenario's estate (bench/scenarios.ts), generated from its own shape here.
    estate: {
      seed: 7,
      accounts: 5,
      regions: REGIONS,
      perRegion: { instances: 40, securityGroups: 20, volumes: 40, snapshots: 10, vpcs: 2, kmsKeys: 250, logGroups: 5 },
      perAccount: { iamUsers: 60, iamRoles: 20, buckets: 40 },
      misconfiguredShare: 0.2,
    },
    latency: { medianMs: 40, p99Ms: 300 },
    workers: 3,
    concurrency: DEFAULT_WORKER_CONCURRENCY,
  },
  'queue-workers-small': {
    name: 'queue-workers-small',
    description: 'a small organization (4 accounts × 2 regions) as a platform scan on PostgreSQL: in process, then on 3 queue workers sharing rate limits (a quick check)',
    estate: {
      seed: 13,
      accounts: 3,
      regions: ['us-east-1', 'eu-west-1'],
      perRegion: { instances: 10, securityGroups: 5, volumes: 5, snapshots: 2, vpcs: 1, kmsKeys: 10, logGroups: 2 },
      perAccount: { iamUsers: 10, iamRoles: 5, buckets: 5 },
      misconfiguredShare: 0.2,
    },
    latency: { medianMs: 40, p99Ms: 300 },
    workers: 3,
    concurrency: 4,
  },
};

const FIXTURE = fileURLToPath(new URL('../packages/queue/test/worker-fixture.ts', import.meta.url));
const TRANSPORT = fileURLToPath(new URL('./sim/transport.ts', import.meta.url));
/** Seconds rather than minutes between polls and maintenance: a short scan should not wait on them. */
const SETTINGS: QueueSettingsInput = { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 5 };

interface BucketLoad {
  readonly bucket: string;
  readonly calls: number;
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/** Both runs' measurements, or why the scenario was skipped. */
export async function runQueueScenario(scenario: QueueScenario, outDir: string): Promise<(QueueMeasurement | { skipped: string })[]> {
  const postgres = await findPostgres();
  if ('skipped' in postgres) return [{ skipped: `no PostgreSQL: ${postgres.skipped}` }];
  const databases = await TestDatabases.create(postgres.adminUrl);
  let store: Store | undefined;
  try {
    const database = await databases.fresh();
    store = createPostgresStore({ connectionString: database.appUrl, adminConnectionString: database.adminUrl });
    await store.migrate();
    const owner = new pg.Pool({ connectionString: database.adminUrl, max: 1 });
    await new PostgresRateLimiter(owner).ensureSchema({ grantTo: databases.appRole });
    await owner.end();
    await (await QueueExecutor.open({ databaseUrl: database.appUrl, databaseAdminUrl: database.adminUrl, settings: SETTINGS, supervise: false })).close();

    const transportOptions = { estate: scenario.estate, latency: scenario.latency };
    const transport = { module: TRANSPORT, export: 'simulatedAws', options: transportOptions };
    const estate = generateEstate(scenario.estate);
    const checks = ALL_CHECKS.filter((check) => check.requires.every((service) => SIMULATED_SERVICES.has(service))).length;

    // 1. In process.
    const inProcess = await tenantWith(store, 'in process');
    const runner = new ScanJobRunner({ store, worker: 'bench', productVersion: 'bench', reportsDir: join(outDir, 'reports'), pollIntervalMs: 50, transport });
    const startedInProcess = performance.now();
    const first = await inProcess.tenant.createScan({ providerId: inProcess.providerId, trigger: 'manual' });
    await runner.start();
    const firstScan = await finished(inProcess.tenant, first.id);
    const inProcessSeconds = (performance.now() - startedInProcess) / 1000;
    await runner.stop();
    const inProcessReport = simulatorReport();
    const inProcessBuckets = inProcessReport ? simulatorOf(transportOptions).bucketLoads() : [];
    const inProcessRss = process.resourceUsage().maxRSS / 1024;

    // 2. On queue workers.
    const workers = Array.from({ length: scenario.workers }, () =>
      WorkerProcess.start({
        databaseUrl: database.appUrl,
        parts: { directory: join(outDir, 'parts') },
        dataDir: join(outDir, 'workers'),
        concurrency: scenario.concurrency,
        productVersion: 'bench',
        settings: SETTINGS,
        transport,
      }),
    );
    let queueSeconds: number;
    let queuedAt = 0;
    let secondScan: Scan;
    const queued = await tenantWith(store, 'queue workers');
    const shared = store;
    try {
      await Promise.all(workers.map((worker) => worker.ready()));
      const queue = await QueueExecutor.open({ databaseUrl: database.appUrl, settings: SETTINGS, supervise: false });
      const dispatcher = new ScanJobRunner({ store, worker: 'bench-server', productVersion: 'bench', reportsDir: join(outDir, 'unused'), pollIntervalMs: 50, dispatch: (scan) => queue.dispatch(scan, shared) });
      const startedQueue = performance.now();
      queuedAt = Date.now();
      const second = await queued.tenant.createScan({ providerId: queued.providerId, trigger: 'manual' });
      await dispatcher.start();
      secondScan = await finished(queued.tenant, second.id);
      queueSeconds = (performance.now() - startedQueue) / 1000;
      await dispatcher.stop();
      await queue.close();
    } finally {
      for (const worker of workers) worker.child.kill('SIGTERM');
    }
    const stopped = await Promise.all(workers.map((worker) => worker.stopped()));

    const comparison = `${await compareFindings(inProcess.tenant, firstScan.id, queued.tenant, secondScan.id)}; steps after queueing: ${timeline(workers.flatMap((worker) => worker.jobs()), queuedAt)}`;
    const measurement = (run: string, scan: Scan, wallSeconds: number, workerCount: number, reports: readonly SimulatorReport[], buckets: readonly BucketLoad[], peakRssMb: number, compared?: string): QueueMeasurement => {
      const summary = scan.summary as { total: { PASS: number; FAIL: number; MANUAL: number; ERROR: number; muted: number }; accountsScanned: string[]; errors: unknown[] };
      const scanned = new Set(summary.accountsScanned);
      let resources = 0;
      for (const account of estate.accounts) if (scanned.has(account.accountId)) resources += countResources(account.snapshot);
      const stats = reports.reduce(
        (sum, report) => ({ requests: sum.requests + report.stats.requests, served: sum.served + report.stats.served, throttled: sum.throttled + report.stats.throttled, serverErrors: sum.serverErrors + report.stats.serverErrors, timeouts: sum.timeouts + report.stats.timeouts, denied: sum.denied + report.stats.denied }),
        { requests: 0, served: 0, throttled: 0, serverErrors: 0, timeouts: 0, denied: 0 },
      );
      const floor = floorOf(buckets, scenario.latency);
      const total = summary.total;
      return {
        scenario: run,
        retryPolicy: 'classified',
        workers: workerCount,
        wallSeconds,
        floorSeconds: floor.seconds,
        floorBucket: floor.bucket,
        resources,
        accountsScanned: scanned.size,
        apiCalls: stats.requests,
        served: stats.served,
        throttled: stats.throttled,
        serverErrors: stats.serverErrors,
        timeouts: stats.timeouts,
        denied: stats.denied,
        retriesByClass: { throttling: 0, transient: 0, permanent: 0 },
        errorsByClass: { throttling: 0, transient: 0, permanent: 0 },
        findings: total.PASS + total.FAIL + total.MANUAL + total.ERROR + total.muted,
        errorFindings: total.ERROR,
        scanErrors: summary.errors.length,
        peakRssMb,
        checks,
        csv: join(outDir, 'reports', scan.id, 'palisade.csv'),
        unknownOperations: {},
        ...(compared ? { comparison: compared } : {}),
      };
    };
    return [
      measurement(`${scenario.name}: in process`, firstScan, inProcessSeconds, 1, inProcessReport ? [inProcessReport] : [], inProcessBuckets, inProcessRss),
      measurement(
        `${scenario.name}: ${scenario.workers} queue workers`,
        secondScan,
        queueSeconds,
        scenario.workers,
        stopped.flatMap((line) => (line.simulator ? [line.simulator] : [])),
        stopped.flatMap((line) => line.buckets),
        stopped.reduce((sum, line) => sum + line.maxRssMb, 0),
        comparison,
      ),
    ];
  } finally {
    await store?.close();
    await databases.dispose();
    await postgres.stop();
  }
}

/** The slowest bucket with every process's calls on it added up, plus one median latency. */
function floorOf(loads: readonly BucketLoad[], latency: LatencyModel): { seconds: number; bucket: string } {
  const calls = new Map<string, BucketLoad>();
  for (const load of loads) {
    const seen = calls.get(load.bucket);
    calls.set(load.bucket, seen ? { ...seen, calls: seen.calls + load.calls } : load);
  }
  let worst = { seconds: 0, bucket: 'none' };
  for (const load of calls.values()) {
    const seconds = Math.max(0, load.calls - load.capacity) / load.refillPerSecond;
    if (seconds > worst.seconds) worst = { seconds, bucket: load.bucket };
  }
  return { seconds: worst.seconds + latency.medianMs / 1000, bucket: worst.bucket };
}

async function tenantWith(store: Store, name: string): Promise<{ tenant: TenantStore; providerId: string }> {
  const created = await store.system.createTenant({ name });
  const tenant = store.forTenant(created.id);
  const { id } = await tenant.createProvider({ type: 'aws', alias: name, config: { organization: {} } });
  return { tenant, providerId: id };
}

async function finished(tenant: TenantStore, scanId: string): Promise<Scan> {
  for (;;) {
    const scan = await tenant.getScan(scanId);
    if (scan && ['completed', 'failed', 'cancelled'].includes(scan.state)) {
      if (scan.state !== 'completed') throw new Error(`scan ${scanId} ended ${scan.state}: ${JSON.stringify(scan.error)}`);
      return scan;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The two runs' findings in the store: same uid, status and message. */
async function compareFindings(first: TenantStore, firstScan: string, second: TenantStore, secondScan: string): Promise<string> {
  const read = async (tenant: TenantStore, scanId: string) => {
    const findings = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await tenant.listFindings({ scanId, limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const finding of page.items as StoredFinding[]) findings.set(finding.uid, `${finding.status} ${finding.message}`);
      cursor = page.nextCursor;
    } while (cursor);
    return findings;
  };
  const [baseline, measured] = [await read(first, firstScan), await read(second, secondScan)];
  let same = 0;
  let differing = 0;
  for (const [uid, value] of measured) {
    if (baseline.get(uid) === value) same += 1;
    else differing += 1;
  }
  const missing = [...baseline.keys()].filter((uid) => !measured.has(uid)).length;
  return `${same.toLocaleString('en-US')} findings identical, ${differing} differing, ${missing} missing`;
}

interface JobLine {
  readonly event: 'job';
  readonly at: number;
  readonly pid: number;
  readonly id: string;
  readonly step: string;
  readonly phase: 'started' | 'ended';
}

/** Per step: jobs, when the first started and the last ended (seconds after queueing), and the longest. */
function timeline(lines: readonly JobLine[], queuedAt: number): string {
  const steps = new Map<string, { jobs: number; first: number; last: number; longest: number }>();
  const started = new Map<string, number>();
  for (const line of [...lines].sort((a, b) => a.at - b.at)) {
    const key = `${line.pid} ${line.id}`;
    if (line.phase === 'started') {
      started.set(key, line.at);
      continue;
    }
    const start = started.get(key) ?? line.at;
    const step = steps.get(line.step) ?? { jobs: 0, first: Infinity, last: 0, longest: 0 };
    steps.set(line.step, { jobs: step.jobs + 1, first: Math.min(step.first, start - queuedAt), last: Math.max(step.last, line.at - queuedAt), longest: Math.max(step.longest, line.at - start) });
  }
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return ['plan', 'collect', 'evaluate', 'finalize']
    .filter((step) => steps.has(step))
    .map((step) => {
      const { jobs, first, last, longest } = steps.get(step)!;
      return `${step} ×${jobs} ${seconds(first)}–${seconds(last)} (longest ${seconds(longest)})`;
    })
    .join(', ');
}

interface StoppedLine {
  readonly simulator: SimulatorReport | null;
  readonly buckets: readonly BucketLoad[];
  readonly maxRssMb: number;
}

/** A worker process of the fixture and the lines it writes. */
class WorkerProcess {
  private readonly lines: Record<string, unknown>[] = [];
  private readonly stderr: string[] = [];
  private readonly waiting = new Set<() => void>();
  private readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (text) => {
      this.lines.push(JSON.parse(text) as Record<string, unknown>);
      for (const wake of this.waiting) wake();
    });
    createInterface({ input: child.stderr! }).on('line', (text) => this.stderr.push(text));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(options: Record<string, unknown>): WorkerProcess {
    return new WorkerProcess(spawn(process.execPath, ['--import', 'tsx', FIXTURE, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  ready(): Promise<void> {
    return this.line('ready').then(() => undefined);
  }

  jobs(): JobLine[] {
    return this.lines.filter((line): line is Record<string, unknown> & JobLine => line['event'] === 'job');
  }

  stopped(): Promise<StoppedLine> {
    return this.line('stopped') as Promise<unknown> as Promise<StoppedLine>;
  }

  private line(event: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.lines.find((line) => line['event'] === event);
        if (!found) return;
        this.waiting.delete(check);
        resolve(found);
      };
      this.waiting.add(check);
      check();
      void this.exited.then((code) => {
        check();
        reject(new Error(`a queue worker exited (${code}) before "${event}":\n${this.stderr.slice(-20).join('\n')}`));
      });
    });
  }
}

// Run as a script (by run.ts) after every declaration above is initialized.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [name, outDir] = process.argv.slice(2);
  const scenario = name ? QUEUE_SCENARIOS[name] : undefined;
  if (!scenario || !outDir) {
    console.error(`usage: queue.ts <${Object.keys(QUEUE_SCENARIOS).join('|')}> <output dir>`);
    process.exit(2);
  }
  mkdirSync(outDir, { recursive: true });
  for (const line of await runQueueScenario(scenario, outDir)) console.log(JSON.stringify(line));
  process.exit(0);
}
