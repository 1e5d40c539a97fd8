/**
 * Runs one benchmark scenario in this process and prints its measurements as one JSON line:
 * the simulated organization behind the real SDK clients, the real engine, checks and writers.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_CHECKS } from '@palisade/checks';
import { ComplianceAccumulator, FRAMEWORKS, frameworksForCheck } from '@palisade/compliance';
import { DEFAULT_SCAN_CONFIG, runScan } from '@palisade/engine';
import { createCsvWriter, createHtmlWriter, createOcsfWriter } from '@palisade/outputs';
import type { CountsByClass, RetryPolicy } from '@palisade/providers';
import { SCENARIOS } from './scenarios.ts';
import { countResources } from './sim/estate.ts';
import { SIMULATED_SERVICES, buildSimulator } from './sim/build.ts';
import { accessKeyFor } from './sim/handler.ts';


export interface ScenarioMeasurement {
  readonly scenario: string;
  readonly retryPolicy: RetryPolicy;
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

const sim = buildSimulator(scenario.name);
const estate = sim.estate;
const checks = ALL_CHECKS.filter((check) => check.requires.every((service) => SIMULATED_SERVICES.has(service)));
const scan = { scanId: `bench-${scenario.name}`, startedAt: new Date().toISOString(), productVersion: 'bench' };
const csv = join(outDir, `${scenario.name}.csv`);
const writers = [await createOcsfWriter(join(outDir, `${scenario.name}.ocsf.json`), scan), await createCsvWriter(csv, scan), await createHtmlWriter(join(outDir, `${scenario.name}.html`), scan)];
const compliance = FRAMEWORKS.map((framework) => new ComplianceAccumulator(framework));

const started = performance.now();
const result = await runScan({
  source: {
    kind: 'aws',
    connect: { credentials: { accessKeyId: accessKeyFor(estate.managementAccountId), secretAccessKey: 'bench' }, region: 'us-east-1', clientSettings: { requestHandler: sim } },
    targets: { organization: {}, roleName: estate.memberRoleName },
  },
  checks,
  config: { ...DEFAULT_SCAN_CONFIG, gateway: { attemptTimeoutMs: 2000 } },
  ...(process.env['BENCH_MAX_CONCURRENCY'] ? { maxConcurrency: Number(process.env['BENCH_MAX_CONCURRENCY']) } : {}),
  ...(scenario.retryPolicy ? { retryPolicy: scenario.retryPolicy } : {}),
  sinks: writers,
  observers: compliance.map((accumulator) => (finding) => accumulator.add(finding)),
  complianceRefs: frameworksForCheck,
  productVersion: 'bench',
  scanId: scan.scanId,
});
for (const writer of writers) await writer.close();
for (const accumulator of compliance) accumulator.report();
const wallSeconds = (performance.now() - started) / 1000;
// Measured before the resources are counted (which regenerates evicted accounts of the estate).
const peakRssMb = process.resourceUsage().maxRSS / 1024;

const scanned = new Set(result.accountsScanned);
let resources = 0;
for (const account of estate.accounts) if (scanned.has(account.accountId)) resources += countResources(account.snapshot);
const { stats } = sim;
const floor = sim.floor();
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
