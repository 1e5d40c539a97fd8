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
import { SCENARIOS } from './scenarios.ts';
import { countResources, generateEstate } from './sim/estate.ts';
import { SimulatedAws, accessKeyFor } from './sim/handler.ts';
import { cloudTrailSimulator } from './sim/services/cloudtrail.ts';
import { ec2Simulator } from './sim/services/ec2.ts';
import { iamSimulator } from './sim/services/iam.ts';
import { kmsSimulator } from './sim/services/kms.ts';
import { logsSimulator } from './sim/services/logs.ts';
import { organizationsSimulator } from './sim/services/organizations.ts';
import { s3Simulator } from './sim/services/s3.ts';
import { stsSimulator } from './sim/services/sts.ts';

/** The services the simulator implements; the scan runs every check that reads only these. */
export const SIMULATED_SERVICES = new Set(['iam', 's3', 'ec2', 'kms', 'cloudtrail', 'logs']);

export interface ScenarioMeasurement {
  readonly scenario: string;
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

const estate = generateEstate(scenario.estate);
const indexOf = new Map(estate.accounts.map((account, index) => [account.accountId, index - 1]));
const deny = scenario.denials
  ? (accountId: string, operation: string) => {
      const index = indexOf.get(accountId) ?? -1;
      return index >= 0 && scenario.denials!.some((rule) => rule.operation === operation && index % rule.accountIndexModulo === rule.remainder);
    }
  : undefined;
const sim = new SimulatedAws({
  estate,
  services: [stsSimulator, organizationsSimulator, iamSimulator, ec2Simulator, s3Simulator, kmsSimulator, cloudTrailSimulator, logsSimulator],
  seed: scenario.estate.seed,
  latency: scenario.latency,
  ...(scenario.faults || deny ? { faults: { serverErrorRate: 0, timeoutRate: 0, ...scenario.faults, ...(deny ? { deny } : {}) } } : {}),
});
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
  sinks: writers,
  observers: compliance.map((accumulator) => (finding) => accumulator.add(finding)),
  complianceRefs: frameworksForCheck,
  productVersion: 'bench',
  scanId: scan.scanId,
});
for (const writer of writers) await writer.close();
for (const accumulator of compliance) accumulator.report();
const wallSeconds = (performance.now() - started) / 1000;

const scanned = new Set(result.accountsScanned);
let resources = 0;
for (const account of estate.accounts) if (scanned.has(account.accountId)) resources += countResources(account.snapshot);
const floor = sim.floor();
const total = result.summary.total;
const measurement: ScenarioMeasurement = {
  scenario: scenario.name,
  wallSeconds,
  floorSeconds: floor.seconds,
  floorBucket: floor.bucket,
  resources,
  accountsScanned: result.accountsScanned.length,
  apiCalls: sim.stats.requests,
  served: sim.stats.served,
  throttled: sim.stats.throttled,
  serverErrors: sim.stats.serverErrors,
  timeouts: sim.stats.timeouts,
  denied: sim.stats.denied,
  findings: total.PASS + total.FAIL + total.MANUAL + total.ERROR + total.muted,
  errorFindings: total.ERROR,
  scanErrors: result.errors.length,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  checks: checks.length,
  csv,
  unknownOperations: sim.stats.unknownOperations,
};
console.log(JSON.stringify(measurement));
