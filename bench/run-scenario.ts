/**
 * Runs one benchmark scenario in this process and prints its measurements as one JSON line:
 * the simulated organization behind the real SDK clients, the real engine, checks and writers.
 * The outputs are the CLI's (`createFileSinks`): OCSF JSON, CSV and HTML, and per framework the
 * findings behind each requirement (CSV, JSON lines) and the status report.
 *
 * A scenario runs as a scan request through `runScan`, the engine's entry point, in this process or
 * on worker threads (`workers`): the request names the simulated AWS as its transport module
 * (bench/sim/transport.ts), so every thread that collects builds its own simulator of the scenario,
 * and each worker reports what its simulator served. A scenario with its own retry policy (not part
 * of a request) runs through the options-based `executeScan` instead.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_CHECKS } from '@palisade/checks';
import { FRAMEWORKS, frameworksForCheck } from '@palisade/compliance';
import { DEFAULT_SCAN_CONFIG, executeScan, runScan } from '@palisade/engine';
import type { ScanRequest, ScanResult, WorkerScanOptions } from '@palisade/engine';
import { createFileSinks } from '@palisade/outputs';
import type { CountsByClass, RetryPolicy } from '@palisade/providers';
import { SCENARIOS } from './scenarios.ts';
import { countResources } from './sim/estate.ts';
import { SIMULATED_SERVICES } from './sim/build.ts';
import { combineSimulatorReports, simulatedAws, simulatorOf, simulatorReport } from './sim/transport.ts';
import type { SimulatorReport } from './sim/transport.ts';

export interface ScenarioMeasurement {
  readonly scenario: string;
  readonly retryPolicy: RetryPolicy;
  /** Worker threads the scan ran on (1: in this process). */
  readonly workers: number;
  readonly wallSeconds: number;
  readonly floorSeconds: number;
  readonly floorBucket: string;
  readonly resources: number;
  readonly accountsScanned: number;
  readonly apiCalls: number;
  readonly served: number;
  readonly throttled: number;
  readonly serverErrors: number;
  readonly timeouts: number;
  readonly denied: number;
  /** The gateway's retries and final failures, summed over services, by failure class. */
  readonly retriesByClass: CountsByClass;
  readonly errorsByClass: CountsByClass;
  readonly findings: number;
  readonly errorFindings: number;
  readonly scanErrors: number;
  readonly peakRssMb: number;
  readonly checks: number;
  readonly csv: string;
  readonly unknownOperations: Record<string, number>;
}

const [name, outDir] = process.argv.slice(2);
const scenario = name ? SCENARIOS[name] : undefined;
if (!scenario || !outDir) {
  console.error(`usage: run-scenario.ts <${Object.keys(SCENARIOS).join('|')}> <output dir>`);
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const workers = scenario.workers ?? 1;
const transportOptions = { scenario: scenario.name };
const estate = simulatorOf(transportOptions).estate;
const checks = ALL_CHECKS.filter((check) => check.requires.every((service) => SIMULATED_SERVICES.has(service)));
const scan = { scanId: `bench-${scenario.name}`, startedAt: new Date().toISOString(), productVersion: 'bench' };
const csv = join(outDir, `${scenario.name}.csv`);
// The CLI's outputs: OCSF JSON, CSV, HTML, and per framework the findings behind each requirement
// and the status report. On worker threads the workers encode them and this thread appends.
const files = await createFileSinks({ outputDir: outDir, baseName: scenario.name, formats: ['json-ocsf', 'csv', 'html'], frameworks: FRAMEWORKS.map((framework) => framework.id), scan });
const config = { ...DEFAULT_SCAN_CONFIG, gateway: { attemptTimeoutMs: 2000 } };
const maxConcurrency = process.env['BENCH_MAX_CONCURRENCY'] ? Number(process.env['BENCH_MAX_CONCURRENCY']) : undefined;
/** What each worker's simulator served; the main thread's own is added after the scan. */
const workerReports: SimulatorReport[] = [];

const runOptions: WorkerScanOptions = { productVersion: 'bench', onTransportReport: (report) => workerReports.push(report as SimulatorReport) };

const started = performance.now();
const result: ScanResult = scenario.retryPolicy
  ? await executeScan({
      source: { kind: 'aws', connect: inProcessConnect(), targets: { organization: {}, roleName: estate.memberRoleName } },
      checks,
      config,
      ...(maxConcurrency ? { maxConcurrency } : {}),
      retryPolicy: scenario.retryPolicy,
      sinks: files.sinks,
      complianceRefs: frameworksForCheck,
      productVersion: 'bench',
      scanId: scan.scanId,
    })
  : await runScan(
      {
        version: 1,
        provider: 'aws',
        scanId: scan.scanId,
        source: { kind: 'live', credentials: {}, targets: { organization: {}, roleName: estate.memberRoleName } },
        scope: { checks: checks.map((check) => check.id), frameworks: FRAMEWORKS.map((framework) => framework.id) },
        config,
        limits: maxConcurrency ? { maxConcurrency } : {},
        output: {},
        execution: { workers },
        transport: { module: transportModule(), export: 'simulatedAws', options: transportOptions, report: 'simulatorReport' },
      } satisfies ScanRequest,
      files.sinks,
      runOptions,
    );
await files.complete();
const wallSeconds = (performance.now() - started) / 1000;
// Of the whole process, worker threads included (they share it). Measured before the resources
// are counted, which regenerates evicted accounts of the estate.
const peakRssMb = process.resourceUsage().maxRSS / 1024;

const scanned = new Set(result.accountsScanned);
let resources = 0;
for (const account of estate.accounts) if (scanned.has(account.accountId)) resources += countResources(account.snapshot);
// The main thread's simulator (discovery; or the whole scan in process) and each worker's.
const { stats, floor } = combineSimulatorReports([...(simulatorReport() ? [simulatorReport()!] : []), ...workerReports]);
const total = result.summary.total;
const retriesByClass: CountsByClass = { throttling: 0, transient: 0, permanent: 0 };
const errorsByClass: CountsByClass = { throttling: 0, transient: 0, permanent: 0 };
for (const counters of Object.values(result.apiCounters)) {
  for (const failureClass of Object.keys(retriesByClass) as (keyof CountsByClass)[]) {
    retriesByClass[failureClass] += counters.retriesByClass[failureClass];
    errorsByClass[failureClass] += counters.errorsByClass[failureClass];
  }
}
const measurement: ScenarioMeasurement = {
  scenario: scenario.name,
  retryPolicy: scenario.retryPolicy ?? 'classified',
  workers,
  wallSeconds,
  floorSeconds: floor.seconds,
  floorBucket: floor.bucket,
  resources,
  accountsScanned: result.accountsScanned.length,
  apiCalls: stats.requests,
  served: stats.served,
  throttled: stats.throttled,
  serverErrors: stats.serverErrors,
  timeouts: stats.timeouts,
  denied: stats.denied,
  retriesByClass,
  errorsByClass,
  findings: total.PASS + total.FAIL + total.MANUAL + total.ERROR + total.muted,
  errorFindings: total.ERROR,
  scanErrors: result.errors.length,
  peakRssMb,
  checks: checks.length,
  csv,
  unknownOperations: stats.unknownOperations,
};
console.log(JSON.stringify(measurement));

/** The simulated AWS handed to the options-based scan as an object (one thread: no module needed). */
function inProcessConnect() {
  const settings = simulatedAws(transportOptions);
  return { credentials: settings.credentials, region: settings.region, transport: { handler: settings.requestHandler } };
}

/** bench/sim/transport.ts, or its entry point beside this file when the benchmark runs bundled (see run.ts). */
function transportModule(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSource ? './sim/transport.ts' : './transport.js', import.meta.url));
}
