/**
 * `npm run bench`: runs the scenarios (each in its own process, so peak memory is per run) against
 * the simulated AWS and prints wall time, the physical floor set by the rate limits, their ratio,
 * resources/s, API calls per resource, peak RSS and findings. `--record` appends the table to
 * bench/RESULTS.md with the machine and date. Scenarios can be named (`npm run bench -- big` or
 * `--scenario big`); a compared pair (see COMPARED_SCENARIOS) always runs together. `startup`
 * (bench/startup.ts, part of every full run) measures the CLI's start-up, bundle against sources.
 * The queue-workers scenarios (bench/queue.ts) run one platform scan on PostgreSQL in process and
 * on queue worker processes, side by side, from the sources; without PostgreSQL they are skipped
 * with the reason.
 *
 * The scenarios run as plain JavaScript, bundled first the way the CLI is (scripts/build-cli.ts),
 * because that is how the scanner ships: worker threads started from the TypeScript sources each
 * load tsx and its source maps, which would add some 150 MB per thread to the measured memory.
 * `BENCH_FROM_SOURCE=1` runs the sources through tsx instead. The scenarios' output files are
 * removed at the end unless `BENCH_KEEP_OUTPUTS=1`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKER_MODULES, bundleNodeProgram } from '../scripts/build-cli.ts';
import { csvRows } from './csv-stream.ts';
import { QUEUE_SCENARIOS } from './queue.ts';
import type { QueueMeasurement } from './queue.ts';
import type { ScenarioMeasurement } from './run-scenario.ts';
import { COMPARED_SCENARIOS, SCENARIOS } from './scenarios.ts';
import { STARTUP, startupReport } from './startup.ts';

const args = process.argv.slice(2);
const record = args.includes('--record');
const requested: string[] = [];
for (let index = 0; index < args.length; index += 1) {
  const arg = args[index]!;
  if (arg === '--scenario') requested.push(args[(index += 1)] ?? '');
  else if (arg.startsWith('--scenario=')) requested.push(arg.slice('--scenario='.length));
  else if (!arg.startsWith('--')) requested.push(arg);
}
const measureStartup = requested.length === 0 || requested.includes(STARTUP);
const names = requested.length ? requested.filter((name) => name !== STARTUP) : ['rate-bound', 'big', 'big-2w', 'faults', 'permanent-failure-uniform', 'permanent-failure', 'queue-workers'];
for (const name of names) if (!SCENARIOS[name] && !QUEUE_SCENARIOS[name]) throw new Error(`unknown scenario ${name}; valid: ${[...Object.keys(SCENARIOS), ...Object.keys(QUEUE_SCENARIOS)].join(', ')}`);
if (names.includes('faults') && !names.includes('big')) names.unshift('big');
// A comparison needs both runs: the baseline runs just before the measured scenario.
for (const [baseline, measured] of COMPARED_SCENARIOS) {
  if (names.includes(baseline) !== names.includes(measured)) {
    const present = names.includes(baseline) ? baseline : measured;
    names.splice(names.indexOf(present), 1, baseline, measured);
  }
}

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'palisade-bench-'));
const fromSource = process.env['BENCH_FROM_SOURCE'] === '1';
const bundleDir = join(outDir, 'bundle');
if (!fromSource && names.some((name) => SCENARIOS[name])) {
  // run-scenario.ts names transport.js as the simulated AWS's module when it runs bundled.
  await bundleNodeProgram({ 'run-scenario': 'bench/run-scenario.ts', transport: 'bench/sim/transport.ts', ...WORKER_MODULES }, bundleDir);
}
const scenarioCommand = (name: string) =>
  fromSource ? ['--import', 'tsx', join(here, 'run-scenario.ts'), name, outDir] : [join(bundleDir, 'run-scenario.js'), name, outDir];
const results: QueueMeasurement[] = [];
/** Queue scenarios skipped, and why (no PostgreSQL). */
const skipped: string[] = [];
/** The machine's 1-minute load average when each scenario started and ended: other work on the cores skews the figures. */
const load = new Map<string, { readonly before: number; readonly after: number }>();
for (const name of names) {
  const queue = QUEUE_SCENARIOS[name];
  process.stderr.write(`running ${name}: ${(queue ?? SCENARIOS[name]!).description}\n`);
  const loadBefore = loadavg()[0]!;
  const command = queue ? ['--import', 'tsx', join(here, 'queue.ts'), name, outDir] : scenarioCommand(name);
  const child = spawnSync(process.execPath, command, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) {
    process.stderr.write(child.stderr);
    throw new Error(`scenario ${name} failed with exit code ${child.status}`);
  }
  // A queue scenario prints two measurements (in process, then on queue workers), or why it was skipped.
  const lines = child.stdout.trim().split('\n').filter((line) => line.startsWith('{'));
  for (const line of queue ? lines : lines.slice(-1)) {
    const parsed = JSON.parse(line) as QueueMeasurement | { skipped: string };
    if ('skipped' in parsed) {
      skipped.push(`- ${name}: skipped, ${parsed.skipped}`);
      process.stderr.write(`${name} skipped: ${parsed.skipped}\n`);
      continue;
    }
    results.push(parsed);
    load.set(parsed.scenario, { before: loadBefore, after: loadavg()[0]! });
  }
}

const rows = results.map((r) => ({
  scenario: r.scenario,
  threads: String(r.workers),
  wall: `${r.wallSeconds.toFixed(1)} s`,
  floor: `${r.floorSeconds.toFixed(1)} s`,
  ratio: (r.wallSeconds / r.floorSeconds).toFixed(2),
  resources: r.resources.toLocaleString('en-US'),
  'resources/s': Math.round(r.resources / r.wallSeconds).toLocaleString('en-US'),
  'calls/resource': (r.apiCalls / Math.max(1, r.resources)).toFixed(2),
  'API calls': r.apiCalls.toLocaleString('en-US'),
  throttled: r.throttled.toLocaleString('en-US'),
  'faults (5xx/timeout/denied)': `${r.serverErrors}/${r.timeouts}/${r.denied}`,
  'retries (throttling/transient/permanent)': `${r.retriesByClass.throttling}/${r.retriesByClass.transient}/${r.retriesByClass.permanent}`,
  'peak RSS': `${Math.round(r.peakRssMb)} MB`,
  findings: r.findings.toLocaleString('en-US'),
}));
const header = Object.keys(rows[0] ?? {});
const table = rows.length ? [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${Object.values(row).join(' | ')} |`)].join('\n') : '';

const notes: string[] = [];
for (const r of results) {
  const loadAverage = load.get(r.scenario);
  const threads = r.comparison !== undefined ? `${r.workers} queue worker processes` : r.workers > 1 ? `${r.workers} worker threads` : 'one thread';
  notes.push(
    `- ${r.scenario}: ${threads}, ${r.accountsScanned} accounts scanned, ${r.checks} checks, slowest bucket ${r.floorBucket}, ${r.errorFindings} ERROR findings, ${r.scanErrors} scan errors; ` +
      `load average ${loadAverage ? `${loadAverage.before.toFixed(2)} → ${loadAverage.after.toFixed(2)}` : 'unknown'} on ${cpus().length} cores.`,
  );
  if (Object.keys(r.unknownOperations).length) notes.push(`  operations the simulator does not implement: ${JSON.stringify(r.unknownOperations)}`);
}
for (const r of results) if (r.comparison !== undefined) notes.push(`- ${r.scenario} vs in process: wall ${r.wallSeconds.toFixed(1)} s against ${results.find((other) => other.scenario === r.scenario.replace(/: .*$/, ': in process'))?.wallSeconds.toFixed(1) ?? '?'} s; ${r.comparison}.`);
notes.push(...skipped);
const big = results.find((r) => r.scenario === 'big');
const faults = results.find((r) => r.scenario === 'faults');
if (big && faults) notes.push(`- faults vs big: ${await compareFaultRun(big.csv, faults.csv)}`);
for (const [baselineName, measuredName] of COMPARED_SCENARIOS) {
  const baseline = results.find((r) => r.scenario === baselineName);
  const measured = results.find((r) => r.scenario === measuredName);
  if (!baseline || !measured) continue;
  if (measured.workers !== baseline.workers) {
    const rate = (r: ScenarioMeasurement) => r.resources / r.wallSeconds;
    notes.push(
      `- ${measuredName} vs ${baselineName}: ${measured.workers} worker threads against ${baseline.workers}: ` +
        `${Math.round(rate(measured)).toLocaleString('en-US')} resources/s against ${Math.round(rate(baseline)).toLocaleString('en-US')} (${(rate(measured) / rate(baseline)).toFixed(2)}×), ` +
        `wall ${measured.wallSeconds.toFixed(1)} s against ${baseline.wallSeconds.toFixed(1)} s (floor ${measured.floorSeconds.toFixed(1)} s), ` +
        `peak RSS of the whole process ${Math.round(measured.peakRssMb)} MB against ${Math.round(baseline.peakRssMb)} MB; ${await compareFindings(baseline.csv, measured.csv)}.`,
    );
    continue;
  }
  const retries = (r: ScenarioMeasurement) => `${r.retriesByClass.permanent} permanent-failure retries`;
  notes.push(
    `- ${measuredName} vs ${baselineName}: wall ${baseline.wallSeconds.toFixed(1)} s with ${baseline.retryPolicy} retries (${retries(baseline)}, ${baseline.apiCalls} API calls) → ` +
      `${measured.wallSeconds.toFixed(1)} s with ${measured.retryPolicy} retries (${retries(measured)}, ${measured.apiCalls} API calls): ` +
      `${(baseline.wallSeconds / measured.wallSeconds).toFixed(1)}× faster, ${(baseline.wallSeconds - measured.wallSeconds).toFixed(1)} s saved; ` +
      `${await compareFindings(baseline.csv, measured.csv)}, ${measured.errorFindings} ERROR findings.`,
  );
}

const output = `${[table, notes.join('\n'), measureStartup ? await startupReport() : ''].filter(Boolean).join('\n\n')}\n`;
// The scenarios' output files (gigabytes for big) are only needed for the comparisons above.
if (process.env['BENCH_KEEP_OUTPUTS'] === '1') process.stderr.write(`outputs kept in ${outDir}\n`);
else rmSync(outDir, { recursive: true, force: true });
process.stdout.write(output);
if (record) {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const machine = `${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  appendFileSync(join(here, 'RESULTS.md'), `\n## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — commit ${commit}\n\nMachine: ${machine}.\n\n${output}`);
  process.stderr.write('recorded in bench/RESULTS.md\n');
}

/** Uid → status of every finding a run wrote. */
async function findingStatuses(csv: string): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  let columns: Record<string, number> = {};
  for await (const row of csvRows(csv)) {
    if (!Object.keys(columns).length) {
      columns = Object.fromEntries(row.map((name, index) => [name, index]));
      continue;
    }
    statuses.set(row[columns['finding_uid']!]!, row[columns['status']!]!);
  }
  return statuses;
}

/** Two runs of one estate must write the same findings with the same statuses, however they retried. */
async function compareFindings(baselineCsv: string, measuredCsv: string): Promise<string> {
  const baseline = await findingStatuses(baselineCsv);
  const measured = await findingStatuses(measuredCsv);
  let same = 0;
  let differing = 0;
  for (const [uid, status] of measured) {
    if (baseline.get(uid) === status) same += 1;
    else differing += 1;
  }
  const missing = [...baseline.keys()].filter((uid) => !measured.has(uid)).length;
  return `${same.toLocaleString('en-US')} findings identical, ${differing} differing, ${missing} missing`;
}

/**
 * Every finding of the fault run must equal the fault-free run's (same uid and status), except for
 * the account × check pairs touched by an injected denial, which must report it as ERROR.
 */
async function compareFaultRun(cleanCsv: string, faultCsv: string): Promise<string> {
  const clean = new Map<string, string>();
  let columns: Record<string, number> = {};
  for await (const row of csvRows(cleanCsv)) {
    if (!Object.keys(columns).length) {
      columns = Object.fromEntries(row.map((name, index) => [name, index]));
      continue;
    }
    clean.set(row[columns['finding_uid']!]!, `${row[columns['status']!]}\t${row[columns['account_id']!]} ${row[columns['check_id']!]}`);
  }
  const denials = SCENARIOS['faults']!.denials ?? [];
  const deniedApis = new Set(denials.map((rule) => rule.operation));
  let same = 0;
  let differing = 0;
  let deniedErrors = 0;
  const seen = new Set<string>();
  const touched = new Set<string>();
  const named = new Set<string>();
  columns = {};
  for await (const row of csvRows(faultCsv)) {
    if (!Object.keys(columns).length) {
      columns = Object.fromEntries(row.map((name, index) => [name, index]));
      continue;
    }
    const uid = row[columns['finding_uid']!]!;
    const status = row[columns['status']!]!;
    const api = row[columns['error_api']!] ?? '';
    if (status === 'ERROR' && deniedApis.has(api)) {
      deniedErrors += 1;
      touched.add(`${row[columns['account_id']!]} ${row[columns['check_id']!]}`);
      named.add(`${row[columns['account_id']!]} ${api} ${row[columns['region']!]}`);
      continue;
    }
    seen.add(uid);
    if (clean.get(uid)?.split('\t')[0] === status) same += 1;
    else differing += 1;
  }
  let replaced = 0;
  let unexplained = 0;
  for (const [uid, value] of clean) {
    if (seen.has(uid)) continue;
    if (touched.has(value.split('\t')[1] ?? '')) replaced += 1;
    else unexplained += 1;
  }
  // Every injected denial (account × API × region; IAM is global) must be named by an ERROR finding.
  const scenario = SCENARIOS['faults']!;
  const expected: string[] = [];
  for (let index = 0; index < scenario.estate.accounts; index += 1) {
    const accountId = String(910000000000 + index);
    for (const rule of denials) {
      if (index % rule.accountIndexModulo !== rule.remainder) continue;
      const regions = rule.operation.startsWith('iam:') ? ['global'] : scenario.estate.regions;
      for (const region of regions) expected.push(`${accountId} ${rule.operation} ${region}`);
    }
  }
  const unreported = expected.filter((denial) => !named.has(denial));
  return `${unreported.length === 0 ? 'all' : `${expected.length - unreported.length} of`} ${expected.length} injected denials (account × API × region) reported as ERROR findings${unreported.length ? ` — not reported: ${unreported.slice(0, 5).join('; ')}` : ''}; ${same.toLocaleString('en-US')} findings identical, ${differing} differing, ${deniedErrors.toLocaleString('en-US')} ERROR findings name an injected denial (${touched.size} account × check pairs), ${replaced.toLocaleString('en-US')} fault-free findings of those pairs replaced by them, ${unexplained} missing without a denial`;
}
