/**
 * `npm run bench:serverless`: the serverless deployment's wall time and cost for an organization
 * scan, predicted from measured steps. The scan runs step by step through `DistributedScans` (the
 * code the Lambda functions run) against the benchmark's simulated AWS (`--scenario`, default `big`:
 * 100 member accounts × 4 regions), with the store in SQLite in memory and parts in memory:
 *
 * 1. `plan` of the whole organization, measured (it discovers every account and waits for their OU
 *    paths and tags, which the Organizations rate limit paces).
 * 2. For a sample of accounts (`--sample`, default 10, spread over the plan's list), each collect
 *    step one at a time, then the account's evaluate step: wall time, CPU time, peak heap, simulated
 *    AWS calls, findings and part-store requests of each. The other accounts' steps are not run.
 *    The sampled steps belong to a second scan whose provider lists only the sampled accounts
 *    (`config.organization.accounts`), so that its `finalize` is measured on a whole scan.
 * 3. The state machine's schedule simulated from those durations (bench/serverless-model.ts):
 *    `--account-concurrency` (default 40) accounts at once, `--group-concurrency` (default 4) groups
 *    per account, a cold start (`--cold-start-ms`, default 1,000, plus the measured runtime build)
 *    for the first use of each concurrent slot, `--transition-ms` (default 50) per state. Accounts
 *    not sampled take the sampled accounts' durations in turn.
 * 4. The same at the scale of `--accounts` (default 100) × `--resources-per-account` (default
 *    10,000): step durations, AWS calls and findings grow linearly with resources per account.
 * 5. Cost per scan and per month (`--scans-per-month`, default 30) from the price table in
 *    bench/serverless-model.ts, against an always-on deployment.
 *
 * What is modelled rather than measured — Lambda CPU shares, DynamoDB latency and request units,
 * cold starts, the state machine's latency — is printed with the figures. `--record` appends the
 * figures to bench/RESULTS.md.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { ALL_CHECKS } from '@palisade/checks';
import { MemoryPartStore, TaskRuntime } from '@palisade/engine';
import type { PartStore, ScanRequest, ScanStart } from '@palisade/engine';
import { localFileDestination } from '@palisade/outputs';
import type { FileDestination } from '@palisade/outputs';
import { DistributedScans } from '@palisade/platform';
import { DEFAULT_PARTS_IN_FLIGHT, DEFAULT_PART_BYTES, S3_MAX_PARTS } from '@palisade/serverless/s3-file-destination';
import { createSqliteStore } from '@palisade/store';
import type { FindingInput, Store, TenantStore } from '@palisade/store';
import { SCENARIOS } from './scenarios.ts';
import { SIMULATED_SERVICES } from './sim/build.ts';
import { countResources } from './sim/estate.ts';
import { simulatorOf } from './sim/transport.ts';
import {
  FUNCTIONS,
  PRICES,
  PRICES_READ_ON,
  alwaysOnMonthlyCost,
  completeWaitMs,
  findingItemSizes,
  findingUnits,
  insertWaitMs,
  lambdaDurationMs,
  scanCost,
  simulateExecution,
  slowestBucket,
  standingCost,
  stateTransitions,
  total,
} from './serverless-model.ts';
import type { AccountSteps, BucketLoad, CostLine, DynamoLatency, ExecutionTimeline, FunctionName } from './serverless-model.ts';

// ---- options ----

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} takes a number, not ${String(args[index + 1])}`);
  return value;
};
const scenarioName = (() => {
  const index = args.indexOf('--scenario');
  return index >= 0 ? (args[index + 1] ?? 'big') : 'big';
})();
const scenario = SCENARIOS[scenarioName];
if (!scenario) throw new Error(`unknown scenario ${scenarioName}: ${Object.keys(SCENARIOS).join(', ')}`);
const settings = {
  sample: Math.max(1, Math.floor(option('sample', 10))),
  accountConcurrency: Math.max(1, Math.floor(option('account-concurrency', 40))),
  groupConcurrency: Math.max(1, Math.floor(option('group-concurrency', 4))),
  coldStartMs: option('cold-start-ms', 1000),
  transitionMs: option('transition-ms', 50),
  accounts: Math.max(1, Math.floor(option('accounts', 100))),
  resourcesPerAccount: option('resources-per-account', 10_000),
  memoryMb: {
    plan: option('memory-plan', 1024),
    collect: option('memory-collect', 1769),
    evaluate: option('memory-evaluate', 3008),
    finalize: option('memory-finalize', 3008),
  } satisfies Record<FunctionName, number>,
  dynamo: { roundTripMs: option('dynamodb-round-trip-ms', 10), completeWriteConcurrency: Math.max(1, Math.floor(option('dynamodb-write-concurrency', 16))) } satisfies DynamoLatency,
  s3RoundTripMs: option('s3-round-trip-ms', 20),
  retentionDays: option('retention-days', 30),
  scansPerMonth: option('scans-per-month', 30),
  /** Overrides the write request units per finding derived from the sample's items. */
  writeUnitsPerFinding: args.includes('--wru-per-finding') ? option('wru-per-finding', 0) : undefined,
  record: args.includes('--record'),
};

/** What a function does not have: the Lambda limits the prediction is checked against. */
const LAMBDA_TIMEOUT_MS = 900_000;
/** A report file is one multipart upload of at most 10,000 parts of the finalize function's part size (apps/serverless/src/s3-file-destination.ts). */
const REPORT_FILE_MAX_BYTES = S3_MAX_PARTS * DEFAULT_PART_BYTES;
/** What finalize holds of each report file while it writes: the part being filled and the parts uploading. */
const REPORT_FILE_BUFFER_BYTES = (1 + DEFAULT_PARTS_IN_FLIGHT) * DEFAULT_PART_BYTES;
/** What completing the findings on DynamoDB holds: a page of current items being settled and the next one read (a Query page is at most 1 MB). */
const COMPLETION_HELD_BYTES = 2 * 2 ** 20;
const ALWAYS_ON_TASK = { vcpu: 2, memoryGb: 4 };

// ---- measuring ----

// A collection before each step, so that its peak heap is its own.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** What the store and the part store saw, counted as the steps run. */
class Meter {
  storeMs = 0;
  /** Store calls other than storing and completing findings (scan reads, lease and progress updates): one round trip each. */
  storeCalls = 0;
  findings = 0;
  rowBytes = 0;
  indexBytes = 0;
  currentBytes = 0;
  writeUnits = 0;
  readUnits = 0;
  rowStorageBytes = 0;
  currentStorageBytes = 0;
  completeMs = 0;
  partWrites = 0;
  partReads = 0;
  partWrittenBytes = 0;
  reportFiles: { readonly name: string; readonly bytes: number }[] = [];
  ids: { tenantId: string; scanId: string; providerId: string } | undefined;

  snapshot() {
    return { storeMs: this.storeMs, storeCalls: this.storeCalls, findings: this.findings, completeMs: this.completeMs, partWrites: this.partWrites, partReads: this.partReads };
  }
}

const meter = new Meter();

/** The store, with `insertFindings` and `completeScanFindings` timed and each finding's DynamoDB items sized. */
function measuredStore(store: Store): Store {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'forTenant') return (tenantId: string) => measuredTenant(target.forTenant(tenantId));
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...parameters: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function measuredTenant(tenant: TenantStore): TenantStore {
  return new Proxy(tenant, {
    get(target, property) {
      if (property === 'insertFindings') {
        return async (scanId: string, findings: readonly FindingInput[]) => {
          const started = performance.now();
          try {
            return await target.insertFindings(scanId, findings);
          } finally {
            meter.storeMs += performance.now() - started;
            meter.findings += findings.length;
            for (const finding of meter.ids ? findings : []) {
              const sizes = findingItemSizes(finding, meter.ids!);
              const units = findingUnits(sizes, { retention: settings.retentionDays > 0 });
              meter.rowBytes += sizes.row;
              meter.indexBytes += sizes.index;
              meter.currentBytes += sizes.current;
              meter.writeUnits += units.writeUnits;
              meter.readUnits += units.readUnits;
              meter.rowStorageBytes += units.rowStorageBytes;
              meter.currentStorageBytes += units.currentStorageBytes;
            }
          }
        };
      }
      if (property === 'completeScanFindings') {
        return async (...parameters: Parameters<TenantStore['completeScanFindings']>) => {
          const started = performance.now();
          try {
            return await target.completeScanFindings(...parameters);
          } finally {
            meter.completeMs += performance.now() - started;
          }
        };
      }
      const value = Reflect.get(target, property) as unknown;
      if (typeof value !== 'function') return value;
      return (...parameters: unknown[]) => {
        meter.storeCalls += 1;
        return (value as (...parameters: unknown[]) => unknown).apply(target, parameters);
      };
    },
  });
}

/** A part store counted as S3 would bill it: a put is a PUT, a get a GET, a list a LIST, a delete a LIST (DeleteObjects is free). */
class CountingPartStore implements PartStore {
  private readonly inner = new MemoryPartStore();

  async put(key: string, value: unknown): Promise<void> {
    meter.partWrites += 1;
    meter.partWrittenBytes += JSON.stringify(value).length;
    await this.inner.put(key, value);
  }

  get(key: string): Promise<unknown> {
    meter.partReads += 1;
    return this.inner.get(key);
  }

  list(prefix: string): Promise<string[]> {
    meter.partWrites += 1;
    return this.inner.list(prefix);
  }

  delete(prefix: string): Promise<void> {
    meter.partWrites += 1;
    return this.inner.delete(prefix);
  }
}

interface StepMeasurement {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly heapBeforeMb: number;
  readonly peakHeapMb: number;
  /** Requests the simulated AWS received, and those it served (the calls the buckets count). */
  readonly calls: number;
  readonly served: number;
  readonly findings: number;
  readonly storeMs: number;
  readonly storeCalls: number;
  readonly completeMs: number;
  readonly partWrites: number;
  readonly partReads: number;
}

const transportOptions = { scenario: scenario.name };
const simulator = simulatorOf(transportOptions);

async function measure<T>(run: () => Promise<T>): Promise<{ result: T; step: StepMeasurement }> {
  collectGarbage();
  const heap = () => v8.getHeapStatistics().used_heap_size / 2 ** 20;
  const heapBeforeMb = heap();
  let peakHeapMb = heapBeforeMb;
  const sampler = setInterval(() => (peakHeapMb = Math.max(peakHeapMb, heap())), 10);
  const before = meter.snapshot();
  const requests = simulator.stats.requests;
  const served = simulator.stats.served;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let result: T;
  try {
    result = await run();
  } finally {
    clearInterval(sampler);
  }
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  peakHeapMb = Math.max(peakHeapMb, heap());
  const after = meter.snapshot();
  return {
    result,
    step: {
      wallMs,
      cpuMs: (used.user + used.system) / 1000,
      heapBeforeMb,
      peakHeapMb,
      calls: simulator.stats.requests - requests,
      served: simulator.stats.served - served,
      findings: after.findings - before.findings,
      storeMs: after.storeMs - before.storeMs,
      storeCalls: after.storeCalls - before.storeCalls,
      completeMs: after.completeMs - before.completeMs,
      partWrites: after.partWrites - before.partWrites,
      partReads: after.partReads - before.partReads,
    },
  };
}

const loadsNow = (): Map<string, BucketLoad> => new Map(simulator.bucketLoads().map((load) => [load.bucket, load]));

/** Calls each bucket served between two snapshots. */
function loadsBetween(before: Map<string, BucketLoad>, after: Map<string, BucketLoad>): BucketLoad[] {
  return [...after.values()].map((load) => ({ ...load, calls: load.calls - (before.get(load.bucket)?.calls ?? 0) })).filter((load) => load.calls > 0);
}

// ---- the run ----

const loadBefore = loadavg()[0]!;
const startedAt = new Date();
const reportsDir = mkdtempSync(join(tmpdir(), 'palisade-bench-serverless-'));
const sqlite = createSqliteStore({ dataDir: ':memory:' });
await sqlite.migrate();
const store = measuredStore(sqlite);
const parts = new CountingPartStore();
const transport: ScanRequest['transport'] = { module: transportModule(), export: 'simulatedAws', options: transportOptions };
const checks = ALL_CHECKS.filter((check) => check.requires.every((service) => SIMULATED_SERVICES.has(service))).map((check) => check.id);
const estate = simulator.estate;
const created = await sqlite.system.createTenant({ name: 'bench' });
const tenant = sqlite.forTenant(created.id);
const organization = (accounts?: readonly string[]) => ({ type: 'aws', alias: accounts ? 'sample' : 'organization', config: { organization: { roleName: estate.memberRoleName, ...(accounts ? { accounts } : {}) } } });
/** The scan's report directory, each file's bytes counted as finalize writes them (the deployment writes them to S3 the same way). */
function measuredReports(scanId: string): FileDestination {
  const files = localFileDestination(join(reportsDir, scanId));
  const counted = (name: string, bytes: number) => void meter.reportFiles.push({ name, bytes });
  return {
    locate: (name) => files.locate(name),
    remove: (name) => files.remove(name),
    async put(name, content) {
      await files.put(name, content);
      counted(name, Buffer.byteLength(content));
    },
    async open(name) {
      const file = await files.open(name);
      let bytes = 0;
      return {
        async append(chunks) {
          await file.append(chunks);
          for (const chunk of chunks) bytes += chunk.length;
        },
        async close() {
          await file.close();
          counted(name, bytes);
        },
        abort: () => file.abort(),
      };
    },
  };
}
const scansOf = () => new DistributedScans({ store, parts, productVersion: 'bench', reportsDir, transport, reportDestination: (_tenantId, scanId) => measuredReports(scanId) });

// 1. The whole organization's plan.
console.error(`planning the ${scenario.name} organization …`);
const whole = await tenant.createProvider(organization());
const wholeScan = await tenant.createScan({ providerId: whole.id, trigger: 'manual', scope: { checks } });
const loads0 = loadsNow();
const planner = scansOf();
const planned = await measure(() => planner.plan({ tenantId: tenant.tenantId, scanId: wholeScan.id }));
const loads1 = loadsNow();
const planLoads = loadsBetween(loads0, loads1);
const plannedAccounts = planned.result.accounts;
if (plannedAccounts.length === 0) throw new Error(`the plan found no account: ${planned.result.skipped ?? 'nothing to scan'}`);
// Its other steps are not run: the scan ends here.
await tenant.updateScan(wholeScan.id, { state: 'cancelled', finishedAt: new Date().toISOString() }, ['running']);
planner.close();
await parts.delete(wholeScan.id);

// 2. The sample, as a scan of its own.
// Member accounts only: the management account (fewer resources, the Organizations calls) is one of many.
const members = plannedAccounts.filter((account) => account.accountId !== simulator.estate.managementAccountId);
const candidates = members.length > 0 ? members : plannedAccounts;
const sampleSize = Math.min(settings.sample, candidates.length);
const sampleIds = Array.from({ length: sampleSize }, (_, index) => candidates[Math.floor((index * candidates.length) / sampleSize)]!.accountId);
console.error(`sampling ${sampleSize} of ${plannedAccounts.length} accounts: ${sampleIds.join(', ')}`);
const sampleProvider = await tenant.createProvider(organization(sampleIds));
const sampleScan = await tenant.createScan({ providerId: sampleProvider.id, trigger: 'manual', scope: { checks } });
meter.ids = { tenantId: tenant.tenantId, scanId: sampleScan.id, providerId: sampleProvider.id };
const scans = scansOf();
const ref = { tenantId: tenant.tenantId, scanId: sampleScan.id };
const samplePlan = await scans.plan(ref);

interface AccountMeasurement {
  readonly accountId: string;
  readonly resources: number;
  readonly collect: readonly (StepMeasurement & { readonly group: string })[];
  readonly evaluate: StepMeasurement;
}
const measured: AccountMeasurement[] = [];
const stepLoads = new Map<string, BucketLoad[]>();
for (const { accountId, groups } of samplePlan.accounts) {
  const before = loadsNow();
  const collect: (StepMeasurement & { group: string })[] = [];
  for (const group of groups) collect.push({ group, ...(await measure(() => scans.collect({ ...ref, accountId, group }))).step });
  const evaluate = (await measure(() => scans.evaluate({ ...ref, accountId }))).step;
  stepLoads.set(accountId, loadsBetween(before, loadsNow()));
  const account = estate.accounts.find((candidate) => candidate.accountId === accountId);
  measured.push({ accountId, resources: account ? countResources(account.snapshot) : 0, collect, evaluate });
  console.error(`  ${accountId}: ${collect.map((step) => `${step.group} ${(step.wallMs / 1000).toFixed(2)} s`).join(', ')}; evaluate ${(evaluate.wallMs / 1000).toFixed(2)} s, ${evaluate.findings} findings`);
}
const finalized = await measure(() => scans.finalize(ref));
const sampleFindings = measured.reduce((sum, account) => sum + account.evaluate.findings, 0);
if (finalized.result.skipped) throw new Error(`the sample scan was not finalized: ${finalized.result.skipped}`);
const finalState = await tenant.getScan(sampleScan.id);
scans.close();

// What a new function instance does before its first step: build the scan's runtime (compiled checks, sessions).
const request = finalState?.request as unknown as ScanRequest;
const start: ScanStart = { scanId: sampleScan.id, startedAt: finalState?.startedAt ?? startedAt.toISOString(), productVersion: 'bench', request };
const builds: StepMeasurement[] = [];
for (let run = 0; run < 3; run++) builds.push((await measure(async () => (await TaskRuntime.create(request, start, { productVersion: 'bench' })).close())).step);
const runtimeBuild = { wallMs: median(builds.map((build) => build.wallMs)), cpuMs: median(builds.map((build) => build.cpuMs)) };
const loadAfter = loadavg()[0]!;
await sqlite.close();
rmSync(reportsDir, { recursive: true, force: true });

// ---- the model ----

const meanResources = measured.reduce((sum, account) => sum + account.resources, 0) / measured.length;
const findingsPerResource = sampleFindings / measured.reduce((sum, account) => sum + account.resources, 0);
const perFinding = {
  row: meter.rowBytes / meter.findings,
  index: meter.indexBytes / meter.findings,
  current: meter.currentBytes / meter.findings,
  writeUnits: settings.writeUnitsPerFinding ?? meter.writeUnits / meter.findings,
  readUnits: meter.readUnits / meter.findings,
  rowStorageBytes: meter.rowStorageBytes / meter.findings,
  currentStorageBytes: meter.currentStorageBytes / meter.findings,
};
const reportBytes = meter.reportFiles.reduce((sum, file) => sum + file.bytes, 0);
const largestReport = meter.reportFiles.reduce((largest, file) => (file.bytes > largest.bytes ? file : largest), { name: 'none', bytes: 0 });
const managementAccount = estate.managementAccountId;

interface Prediction {
  readonly label: string;
  readonly accounts: number;
  readonly resourcesPerAccount: number;
  readonly findings: number;
  readonly apiCalls: number;
  readonly timeline: ExecutionTimeline;
  readonly steps: { readonly planMs: number; readonly collectMeanMs: number; readonly collectMaxMs: number; readonly evaluateMeanMs: number; readonly finalizeMs: number; readonly coldStartMs: Record<FunctionName, number> };
  readonly floor: { readonly bucket: string; readonly calls: number; readonly seconds: number };
  readonly perScan: CostLine[];
  readonly standing: CostLine[];
  readonly dynamoGb: number;
  readonly reportsGb: number;
  readonly warnings: string[];
}

/**
 * The scan of `accounts` accounts, each with `resourcesPerAccount` resources (each sampled account's
 * steps scaled to it), or as sampled (undefined).
 */
function predict(label: string, accounts: number, resourcesPerAccount: number | undefined, dynamo: DynamoLatency = settings.dynamo): Prediction {
  const factorOf = (account: AccountMeasurement) => (resourcesPerAccount === undefined ? 1 : resourcesPerAccount / account.resources);
  const accountFactor = accounts / plannedAccounts.length;
  const memory = settings.memoryMb;
  const onLambda = (step: { wallMs: number; cpuMs: number }, scale: number, name: FunctionName) => lambdaDurationMs(step.wallMs * scale, step.cpuMs * scale, memory[name]);
  // The round trips a step makes to S3 (parts: reads, and writes scaled by `writeScale`) and to the table (scan and progress updates), one after another.
  const waits = (step: StepMeasurement, readScale: number, writeScale: number) => (step.partReads * readScale + step.partWrites * writeScale) * settings.s3RoundTripMs + step.storeCalls * dynamo.roundTripMs;
  const sampled: (AccountSteps & { findings: number; calls: number; partWrites: number; partReads: number })[] = measured.map((account) => {
    const factor = factorOf(account);
    return {
      collectMs: account.collect.map((step) => onLambda(step, factor, 'collect') + waits(step, 1, 1)),
      evaluateMs: onLambda(account.evaluate, factor, 'evaluate') + waits(account.evaluate, 1, factor) + insertWaitMs(account.evaluate.findings * factor, dynamo),
      findings: account.evaluate.findings * factor,
      calls: (account.collect.reduce((sum, step) => sum + step.calls, 0) + account.evaluate.calls) * factor,
      partWrites: account.collect.reduce((sum, step) => sum + step.partWrites, 0) + account.evaluate.partWrites * factor,
      partReads: account.collect.reduce((sum, step) => sum + step.partReads, 0) + account.evaluate.partReads * factor,
    };
  });
  const all = Array.from({ length: accounts }, (_, index) => sampled[index % sampled.length]!);
  const findings = all.reduce((sum, account) => sum + account.findings, 0);
  const finalizeFactor = findings / sampleFindings;
  const planMs = onLambda(planned.step, accountFactor, 'plan');
  const finalizeMs = onLambda(finalized.step, finalizeFactor, 'finalize') + waits(finalized.step, finalizeFactor, 1) + completeWaitMs(findings, perFinding, dynamo);
  const build = (name: FunctionName) => lambdaDurationMs(runtimeBuild.wallMs, runtimeBuild.cpuMs, memory[name]);
  const coldStartMs = { plan: settings.coldStartMs, collect: settings.coldStartMs + build('collect'), evaluate: settings.coldStartMs + build('evaluate'), finalize: settings.coldStartMs + build('finalize') };
  const timeline = simulateExecution({ planMs, accounts: all, finalizeMs, accountConcurrency: settings.accountConcurrency, groupConcurrency: settings.groupConcurrency, coldStartMs, transitionMs: settings.transitionMs });

  // Per-account buckets are independent across accounts; the management account's (Organizations, AssumeRole) are shared.
  const loads: BucketLoad[] = planLoads.filter((load) => load.bucket.startsWith(`${managementAccount}|`)).map((load) => ({ ...load, calls: load.calls * accountFactor }));
  for (const account of measured) {
    const merged = new Map<string, BucketLoad>();
    for (const load of planLoads) if (load.bucket.startsWith(`${account.accountId}|`)) merged.set(load.bucket, load);
    for (const load of stepLoads.get(account.accountId) ?? []) {
      const earlier = merged.get(load.bucket);
      merged.set(load.bucket, { ...load, calls: (earlier?.calls ?? 0) + load.calls * factorOf(account) });
    }
    loads.push(...merged.values());
  }
  const floor = slowestBucket(loads, scenario!.latency.medianMs / 1000);
  const apiCalls = planned.step.calls * accountFactor + all.reduce((sum, account) => sum + account.calls, 0);

  const functions = timeline.functions;
  const coldStarts = FUNCTIONS.reduce((sum, name) => sum + functions[name].coldStarts, 0);
  const perScan = scanCost({
    lambda: FUNCTIONS.map((name) => ({ name, invocations: functions[name].invocations, billedMs: functions[name].billedMs, memoryMb: memory[name] })),
    stateTransitions: stateTransitions(all.map((account) => account.collectMs.length)),
    dynamoWriteUnits: findings * perFinding.writeUnits,
    dynamoReadUnits: findings * perFinding.readUnits,
    s3WriteRequests:
      planned.step.partWrites * accountFactor +
      all.reduce((sum, account) => sum + account.partWrites, 0) +
      finalized.step.partWrites +
      meter.reportFiles.reduce((sum, file) => sum + reportWriteRequests(file.bytes * finalizeFactor), 0),
    s3ReadRequests: planned.step.partReads * accountFactor + all.reduce((sum, account) => sum + account.partReads, 0) + finalized.step.partReads * finalizeFactor,
    secretCalls: coldStarts,
  });
  // Scans whose rows and reports are held at once: those within the retention period (without one, a month's, growing each month).
  const scansKept = settings.retentionDays > 0 ? (settings.retentionDays * settings.scansPerMonth) / 30 : settings.scansPerMonth;
  const dynamoGb = (findings * (perFinding.rowStorageBytes * scansKept + perFinding.currentStorageBytes)) / 2 ** 30;
  const reportsGb = (reportBytes * finalizeFactor * scansKept) / 2 ** 30;

  const warnings: string[] = [];
  for (const name of FUNCTIONS) {
    if (functions[name].longestMs > LAMBDA_TIMEOUT_MS) warnings.push(`${name}: its longest invocation (${seconds(functions[name].longestMs)}) exceeds Lambda's 900 s limit`);
  }
  // An account's collected data and findings grow with its resources; the peak includes garbage, so this is an upper bound.
  for (const name of ['collect', 'evaluate'] as const) {
    const heap = Math.max(...measured.flatMap((account) => (name === 'collect' ? account.collect : [account.evaluate]).map((step) => (step.peakHeapMb - step.heapBeforeMb) * factorOf(account))));
    if (heap > memory[name] * 0.8) warnings.push(`${name}: peak heap growth of one step, scaled, ≈ ${Math.round(heap)} MB (garbage included: an upper bound) against its ${memory[name]} MB`);
  }
  // The report files go straight to S3 as multipart uploads (nothing in /tmp): each is bounded by the parts an upload takes.
  if (largestReport.bytes * finalizeFactor > REPORT_FILE_MAX_BYTES) warnings.push(`finalize: ${largestReport.name} (≈ ${gigabytes(largestReport.bytes * finalizeFactor)}) is over the ${gigabytes(REPORT_FILE_MAX_BYTES)} of 10,000 parts of ${megabytes(DEFAULT_PART_BYTES)}`);
  // What finalize holds does not grow with the findings: each report file's parts in memory, and a page of current items while completing.
  const finalizeHeld = meter.reportFiles.length * REPORT_FILE_BUFFER_BYTES + COMPLETION_HELD_BYTES;
  if (finalizeHeld > memory.finalize * 2 ** 20 * 0.5) warnings.push(`finalize: the report files' parts in memory and a page of completion (≈ ${megabytes(finalizeHeld)}) are over half of its ${memory.finalize} MB`);
  if (settings.accountConcurrency > 40) warnings.push('an inline Map runs at most 40 iterations at once: account concurrency above 40 needs a Distributed Map');
  return {
    label,
    accounts,
    resourcesPerAccount: resourcesPerAccount ?? meanResources,
    findings,
    apiCalls,
    timeline,
    steps: {
      planMs,
      collectMeanMs: mean(sampled.flatMap((account) => account.collectMs)),
      collectMaxMs: Math.max(...sampled.flatMap((account) => account.collectMs)),
      evaluateMeanMs: mean(sampled.map((account) => account.evaluateMs)),
      finalizeMs,
      coldStartMs,
    },
    floor,
    perScan,
    standing: standingCost({ dynamoGb, reportsGb }),
    dynamoGb,
    reportsGb,
    warnings,
  };
}

const atSample = predict('the scenario as sampled', plannedAccounts.length, undefined);
const atTarget = predict('the issue\'s model', settings.accounts, settings.resourcesPerAccount);
/** The same with the completion's BatchWriteItem requests as many at a time as the DynamoDB store sends (packages/store/src/dynamodb/requests.ts). */
const COMPLETION_CONCURRENCY = 16;
const atTargetConcurrent = predict('the issue\'s model', settings.accounts, settings.resourcesPerAccount, { ...settings.dynamo, completeWriteConcurrency: COMPLETION_CONCURRENCY });
const alwaysOn = alwaysOnMonthlyCost(ALWAYS_ON_TASK, Math.ceil(atTarget.dynamoGb));

// ---- the report ----

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const dirty = execFileSync('git', ['status', '--porcelain', '--', 'bench', 'packages', 'apps'], { encoding: 'utf8' }).trim() ? ' (working tree with uncommitted changes)' : '';
const lines: string[] = [];
const out = (line = '') => lines.push(line);
const stepRow = (name: string, steps: readonly StepMeasurement[]) =>
  `| ${name} | ${steps.length} | ${seconds(mean(steps.map((step) => step.wallMs)))} | ${seconds(Math.max(...steps.map((step) => step.wallMs)))} | ${seconds(mean(steps.map((step) => step.cpuMs)))} | ${Math.round(Math.max(...steps.map((step) => step.peakHeapMb - step.heapBeforeMb)))} MB | ${Math.round(mean(steps.map((step) => step.calls)))} | ${Math.round(mean(steps.map((step) => step.findings)))} |`;

out(`## ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC — serverless scale and cost model (\`npm run bench:serverless\`), commit ${commit}${dirty}`);
out();
out(`Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}. Scenario \`${scenario.name}\` (${scenario.description}; latency median ${scenario.latency.medianMs} ms, p99 ${scenario.latency.p99Ms} ms), ${checks.length} checks, SQLite store in memory, parts in memory.`);
out();
out(`Inputs: sample ${sampleSize} of ${plannedAccounts.length} accounts; account concurrency ${settings.accountConcurrency}, group concurrency ${settings.groupConcurrency}; cold start ${settings.coldStartMs} ms + runtime build (measured ${Math.round(runtimeBuild.wallMs)} ms) on the first use of each slot; ${settings.transitionMs} ms per state; memory plan/collect/evaluate/finalize ${FUNCTIONS.map((name) => settings.memoryMb[name]).join('/')} MB; DynamoDB round trip ${settings.dynamo.roundTripMs} ms, completion writes ${settings.dynamo.completeWriteConcurrency} at a time; S3 round trip ${settings.s3RoundTripMs} ms; retention ${settings.retentionDays} days; ${settings.scansPerMonth} scans a month.`);
out();
out('Measured (one step at a time, wall on this machine):');
out();
out('| step | runs | mean wall | max wall | mean CPU | max peak heap growth (garbage included) | mean AWS calls | mean findings |');
out('|---|---|---|---|---|---|---|---|');
out(stepRow(`plan, whole organization (${plannedAccounts.length} accounts)`, [planned.step]));
out(stepRow('collect, global group', measured.flatMap((account) => account.collect.filter((step) => step.group === 'global'))));
out(stepRow('collect, one region', measured.flatMap((account) => account.collect.filter((step) => step.group !== 'global'))));
out(stepRow('evaluate', measured.map((account) => account.evaluate)));
out(stepRow(`finalize, sample scan (${sampleSize} accounts)`, [finalized.step]));
out(stepRow('runtime build (new instance)', builds));
out();
out(`- Sampled accounts: ${measured.map((account) => `${account.accountId} (${account.resources} resources, ${account.collect.length} groups, ${seconds(account.collect.reduce((sum, step) => sum + step.wallMs, 0) + account.evaluate.wallMs)})`).join('; ')}.`);
out(`- Resources per account ${Math.round(meanResources).toLocaleString('en')} (mean of the sample); findings per resource ${findingsPerResource.toFixed(2)}; the store took ${seconds(meter.storeMs)} of the evaluations (SQLite) and ${seconds(meter.completeMs)} of finalize.`);
out(`- DynamoDB items per finding (sized from the sample's ${meter.findings.toLocaleString('en')} findings as packages/store/src/dynamodb builds them): row ${Math.round(perFinding.row)} B, history index entry ${Math.round(perFinding.index)} B, current item ${Math.round(perFinding.current)} B → ${perFinding.writeUnits.toFixed(2)} WRU${settings.writeUnitsPerFinding !== undefined ? ' (set by --wru-per-finding)' : ''} and ${perFinding.readUnits.toFixed(2)} RRU per finding and scan.`);
out(`- Report files of the sample scan: ${megabytes(reportBytes)}, ${Math.round(reportBytes / sampleFindings)} B per finding (${[...meter.reportFiles].sort((a, b) => b.bytes - a.bytes).map((file) => `${file.name} ${Math.round(file.bytes / sampleFindings)}`).join(', ')}).`);
out();
out('Predicted (modelled from the measured steps):');
out();
out(`| | ${atSample.label}: ${atSample.accounts} × ${Math.round(atSample.resourcesPerAccount).toLocaleString('en')} | ${atTarget.label}: ${atTarget.accounts} × ${atTarget.resourcesPerAccount.toLocaleString('en')} |`);
out('|---|---|---|');
const both = (label: string, value: (prediction: Prediction) => string) => out(`| ${label} | ${value(atSample)} | ${value(atTarget)} |`);
both('resources, findings', (p) => `${Math.round(p.accounts * p.resourcesPerAccount).toLocaleString('en')}, ${Math.round(p.findings).toLocaleString('en')}`);
both('**predicted wall**', (p) => `**${minutes(p.timeline.wallMs)}**`);
both('plan ends / accounts end', (p) => `${seconds(p.timeline.planEndMs)} / ${minutes(p.timeline.accountsEndMs)}`);
both('step on Lambda: plan; collect mean (max); evaluate mean; finalize', (p) => `${seconds(p.steps.planMs)}; ${seconds(p.steps.collectMeanMs)} (${seconds(p.steps.collectMaxMs)}); ${seconds(p.steps.evaluateMeanMs)}; ${seconds(p.steps.finalizeMs)}`);
both('floor (slowest bucket)', (p) => `${seconds(p.floor.seconds * 1000)} — ${p.floor.bucket}, ${Math.round(p.floor.calls).toLocaleString('en')} calls`);
both('wall / floor', (p) => (p.timeline.wallMs / 1000 / p.floor.seconds).toFixed(1));
both('AWS API calls (free; they set the floor)', (p) => Math.round(p.apiCalls).toLocaleString('en'));
both('invocations (cold) plan / collect / evaluate / finalize', (p) => FUNCTIONS.map((name) => `${p.timeline.functions[name].invocations} (${p.timeline.functions[name].coldStarts})`).join(' / '));
both('state transitions', (p) => String(p.perScan.find((line) => line.item.startsWith('Step Functions'))!.quantity));
out();
if (settings.dynamo.completeWriteConcurrency < COMPLETION_CONCURRENCY) {
  out(`With completeScanFindings sending its BatchWriteItem requests ${COMPLETION_CONCURRENCY} at a time instead of ${settings.dynamo.completeWriteConcurrency === 1 ? 'one after another' : `${settings.dynamo.completeWriteConcurrency} at a time`}, the issue's model would take ${minutes(atTargetConcurrent.timeline.wallMs)} (finalize ${seconds(atTargetConcurrent.steps.finalizeMs)}).`);
  out();
}
out(`Cost (us-east-1, prices read ${PRICES_READ_ON}, sources in docs/serverless-cost.md: ${Object.values(PRICES).map((price) => `$${price.value.toPrecision(3)} per ${price.unit.replace(/ \(.*\)$/, '')}`).join('; ')}):`);
out();
out(`| per scan | ${atSample.label} | ${atTarget.label} |`);
out('|---|---|---|');
for (const [index, line] of atTarget.perScan.entries()) {
  const small = atSample.perScan[index]!;
  out(`| ${line.item} | ${quantity(small)} → ${dollars(small.cost)} | ${quantity(line)} → ${dollars(line.cost)} |`);
}
out(`| **per scan** | **${dollars(total(atSample.perScan))}** | **${dollars(total(atTarget.perScan))}** |`);
out(`| per month, ${settings.scansPerMonth} scans | ${dollars(total(atSample.perScan) * settings.scansPerMonth)} | ${dollars(total(atTarget.perScan) * settings.scansPerMonth)} |`);
for (const [index, line] of atTarget.standing.entries()) {
  const small = atSample.standing[index]!;
  out(`| standing: ${line.item} | ${quantity(small)} → ${dollars(small.cost)} | ${quantity(line)} → ${dollars(line.cost)} |`);
}
out(`| **per month** | **${dollars(total(atSample.perScan) * settings.scansPerMonth + total(atSample.standing))}** | **${dollars(total(atTarget.perScan) * settings.scansPerMonth + total(atTarget.standing))}** |`);
out(`| idle month (no scan; storage as it stands) | ${dollars(total(atSample.standing))} | ${dollars(total(atTarget.standing))} |`);
out();
out(`Always-on for comparison, per month: ${alwaysOn.map((line) => `${line.item} ${dollars(line.cost)}`).join(' + ')} = **${dollars(total(alwaysOn))}**, scans or not.`);
out();
const warnings = [...new Set([...atSample.warnings.map((warning) => `${atSample.label}: ${warning}`), ...atTarget.warnings.map((warning) => `${atTarget.label}: ${warning}`)])];
if (warnings.length) {
  out('Limits the prediction runs into:');
  out();
  for (const warning of warnings) out(`- ${warning}`);
  out();
}
out(`Not run: the steps of the ${plannedAccounts.length - sampleSize} accounts outside the sample (they take the sampled durations in turn). Modelled, not measured: Lambda CPU share (1 vCPU at 1,769 MB; the steps ran on a full core of this machine, with the simulated AWS in the same process), cold starts, state latency, S3 and DynamoDB round trips (counted per step, one after another) and request units (sized from the sample's findings), linear growth with resources per account. The plan step's own S3 and table requests are taken to overlap its wait for the Organizations rate limit.`);

const text = `${lines.join('\n')}\n`;
process.stdout.write(text);
if (settings.record) appendFileSync(new URL('./RESULTS.md', import.meta.url), `\n${text}`);

// ---- formatting ----

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function seconds(ms: number): string {
  return ms >= 100_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s`;
}

function minutes(ms: number): string {
  return ms >= 120_000 ? `${(ms / 60_000).toFixed(1)} min` : seconds(ms);
}

/** S3 write requests of one report file: a PutObject when it fits one part, else CreateMultipartUpload, its parts and CompleteMultipartUpload. */
function reportWriteRequests(bytes: number): number {
  return bytes < DEFAULT_PART_BYTES ? 1 : Math.ceil(bytes / DEFAULT_PART_BYTES) + 2;
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

function gigabytes(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GB`;
}

function dollars(amount: number): string {
  return amount >= 100 ? `$${amount.toFixed(0)}` : amount >= 1 ? `$${amount.toFixed(2)}` : `$${amount.toFixed(4)}`;
}

function quantity(line: CostLine): string {
  const value = line.quantity >= 100 ? Math.round(line.quantity).toLocaleString('en') : line.quantity.toFixed(line.quantity >= 10 ? 1 : 2);
  return `${value} ${line.unit}`;
}

/** bench/sim/transport.ts, the module each process of the scan builds its simulator from. */
function transportModule(): string {
  return fileURLToPath(new URL('./sim/transport.ts', import.meta.url));
}
