/**
 * The CLI's start-up: `palisade --version` and a scan of the demo snapshot, run the way a user runs
 * them (node_modules/.bin/palisade is apps/cli/bin/palisade.js) from the bundle, and from the
 * TypeScript sources through tsx (PALISADE_FROM_SOURCE=1), which is how every start went before the
 * bundle. Each figure is the median of several runs; the two ways run in turns, so load on the
 * machine hits both alike. Wall time is the whole process as spawned, Node's own start included.
 *
 * `npm run bench` prints it after the scenarios (`npm run bench -- startup` alone); also
 * `npx tsx bench/startup.ts [runs]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { staleBundleReason } from '../apps/cli/bin/bundle.js';
import { buildCli } from '../scripts/build-cli.ts';

/** The name that selects this measurement in `npm run bench`. */
export const STARTUP = 'startup';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'apps/cli/bin/palisade.js');
const demo = 'examples/demo-aws.json.gz';

/**
 * Written by each measured process as it exits: its peak resident set (kB) and CPU time (µs), which
 * load on the machine inflates less than wall time. Child processes are not counted (tsx's esbuild).
 */
const USAGE_FILE_VARIABLE = 'PALISADE_BENCH_USAGE_FILE';
const REPORT_USAGE = `data:text/javascript,${encodeURIComponent(
  `import { writeFileSync } from 'node:fs'; process.on('exit', () => { const usage = process.resourceUsage(); writeFileSync(process.env.${USAGE_FILE_VARIABLE}, JSON.stringify(usage)); });`,
)}`;

interface Command {
  readonly label: string;
  readonly args: (outDir: string) => string[];
  /** Exit codes of a run that did its work (a scan with failing findings exits 3). */
  readonly exitCodes: readonly number[];
  readonly targetMs: number;
}

const COMMANDS: readonly Command[] = [
  { label: 'palisade --version', args: () => ['--version'], exitCodes: [0], targetMs: 150 },
  { label: `palisade scan aws --from-snapshot ${demo}`, args: (outDir) => ['scan', 'aws', '--from-snapshot', demo, '-o', outDir, '-q'], exitCodes: [0, 3], targetMs: 1000 },
];

const WAYS = { bundle: {}, source: { PALISADE_FROM_SOURCE: '1' } } as const satisfies Record<string, NodeJS.ProcessEnv>;
type Way = keyof typeof WAYS;

interface Run {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
}

export interface StartupMeasurement {
  readonly command: string;
  readonly targetMs: number;
  readonly runs: number;
  readonly bundle: Run;
  readonly source: Run;
}

/**
 * One run of the bin that ran the bundle: the bundle is built first unless it is current, and a
 * run during which a source changed is repeated, since the bin may have run the sources instead.
 */
async function runBundle(command: Command, scratch: string): Promise<Run> {
  const staleness = () => staleBundleReason(join(root, 'apps/cli/dist'), root);
  for (;;) {
    const stale = staleness();
    if (stale !== undefined) {
      process.stderr.write(`building the CLI bundle (${stale})\n`);
      await buildCli();
    }
    const run = runOnce(command, 'bundle', scratch);
    if (staleness() === undefined) return run;
  }
}

function runOnce(command: Command, way: Way, scratch: string): Run {
  const outDir = mkdtempSync(join(scratch, 'out-'));
  const usageFile = join(outDir, 'usage.json');
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', REPORT_USAGE, bin, ...command.args(outDir)], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...WAYS[way], [USAGE_FILE_VARIABLE]: usageFile, NO_COLOR: '1' },
  });
  const wallMs = performance.now() - started;
  if (child.status === null || !command.exitCodes.includes(child.status)) {
    throw new Error(`${command.label} (${way}) exited with ${child.status ?? child.signal}: ${child.stderr}`);
  }
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as NodeJS.ResourceUsage;
  rmSync(outDir, { recursive: true, force: true });
  return { wallMs, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, peakRssMb: usage.maxRSS / 1024 };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Measures each command `runs` times each way. */
export async function measureStartup(runs = 5): Promise<StartupMeasurement[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'palisade-startup-'));
  try {
    const measured = COMMANDS.map(() => ({ bundle: [] as Run[], source: [] as Run[] }));
    for (let round = 0; round < runs; round += 1) {
      for (const [index, command] of COMMANDS.entries()) {
        measured[index]!.source.push(runOnce(command, 'source', scratch));
        measured[index]!.bundle.push(await runBundle(command, scratch));
      }
    }
    const summarize = (list: readonly Run[]): Run => ({
      wallMs: median(list.map((run) => run.wallMs)),
      cpuMs: median(list.map((run) => run.cpuMs)),
      peakRssMb: median(list.map((run) => run.peakRssMb)),
    });
    return COMMANDS.map((command, index) => ({
      command: command.label,
      targetMs: command.targetMs,
      runs,
      bundle: summarize(measured[index]!.bundle),
      source: summarize(measured[index]!.source),
    }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function startupTable(measurements: readonly StartupMeasurement[]): string {
  const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
  const mb = (value: number) => `${Math.round(value)} MB`;
  const rows = measurements.map((m) => [
    `\`${m.command}\``,
    ms(m.bundle.wallMs),
    ms(m.bundle.cpuMs),
    mb(m.bundle.peakRssMb),
    ms(m.source.wallMs),
    ms(m.source.cpuMs),
    mb(m.source.peakRssMb),
    `${(m.source.wallMs / m.bundle.wallMs).toFixed(1)}×`,
    `< ${ms(m.targetMs)}: ${m.bundle.wallMs < m.targetMs ? 'met' : 'not met'}`,
  ]);
  const header = ['start-up (median of ' + (measurements[0]?.runs ?? 0) + ' runs)', 'bundle: wall', 'bundle: CPU', 'bundle: peak RSS', 'TypeScript via tsx: wall', 'tsx: CPU', 'tsx: peak RSS', 'bundle faster', 'target (bundle)'];
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** The table, measured now. */
export async function startupReport(runs = 5): Promise<string> {
  return startupTable(await measureStartup(runs));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await startupReport(Number(process.argv[2] ?? 5))}\n`);
}
