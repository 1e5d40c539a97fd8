/**
 * The simulated AWS as a scan's transport hook (`ScanRequest.transport`): the module and export a
 * request names so that every thread that collects builds its own simulator of the scenario. The
 * estate is generated lazily from the scenario's seed, so each thread serves the same organization,
 * and rate-limit buckets are kept per account × region × API, so threads that scan different
 * accounts together reproduce one simulator's throttling exactly.
 *
 * Each thread's simulator counts the requests it served; `simulatorReport` returns those counts as
 * plain data, which the worker-thread executor sends back from every worker at its end.
 */
import { SERVICE_SIMULATORS, buildSimulator } from './build.ts';
import { generateEstate } from './estate.ts';
import type { EstateShape } from './estate.ts';
import { SimulatedAws, accessKeyFor } from './handler.ts';
import type { LatencyModel, SimulatorStats } from './handler.ts';

/** A scenario of bench/scenarios.ts, or an estate of its own (tests). */
export type SimulatedTransportOptions =
  | { readonly scenario: string }
  | { readonly estate: EstateShape; readonly latency?: LatencyModel };

/** What one thread's simulator served: its counters and the slowest rate-limit bucket's floor. */
export interface SimulatorReport {
  readonly stats: SimulatorStats;
  readonly floor: { readonly seconds: number; readonly bucket: string; readonly calls: number };
}

/** One simulator per estate and thread: every scan in the thread shares its rate-limit buckets. */
const simulators = new Map<string, SimulatedAws>();

export function simulatorOf(options: SimulatedTransportOptions): SimulatedAws {
  const key = JSON.stringify(options);
  let simulator = simulators.get(key);
  if (!simulator) {
    simulator =
      'scenario' in options
        ? buildSimulator(options.scenario)
        : new SimulatedAws({ estate: generateEstate(options.estate), services: SERVICE_SIMULATORS, seed: options.estate.seed, ...(options.latency ? { latency: options.latency } : {}) });
    simulators.set(key, simulator);
  }
  return simulator;
}

/**
 * The transport settings (see `TransportSettings` in the engine's run-scan.ts): the simulator as the
 * SDK's request handler, with the organization's management credentials.
 */
export function simulatedAws(options: SimulatedTransportOptions) {
  const simulator = simulatorOf(options);
  return {
    requestHandler: simulator,
    credentials: { accessKeyId: accessKeyFor(simulator.estate.managementAccountId), secretAccessKey: 'bench' },
    region: 'us-east-1',
  };
}

/** The simulators of this thread, as plain data (undefined when none was built here). */
export function simulatorReport(): SimulatorReport | undefined {
  const built = [...simulators.values()];
  if (built.length === 0) return undefined;
  return combineSimulatorReports(built.map((simulator) => ({ stats: structuredClone(simulator.stats), floor: simulator.floor() })));
}

/**
 * Several threads' reports as one: counters add up and the floor is the slowest bucket of any
 * thread (each account × region bucket lives in the one thread that scans the account).
 */
export function combineSimulatorReports(reports: readonly SimulatorReport[]): SimulatorReport {
  const stats: SimulatorStats = { requests: 0, served: 0, throttled: 0, serverErrors: 0, timeouts: 0, denied: 0, unknownOperations: {} };
  let floor: SimulatorReport['floor'] = { seconds: 0, bucket: 'none', calls: 0 };
  for (const report of reports) {
    stats.requests += report.stats.requests;
    stats.served += report.stats.served;
    stats.throttled += report.stats.throttled;
    stats.serverErrors += report.stats.serverErrors;
    stats.timeouts += report.stats.timeouts;
    stats.denied += report.stats.denied;
    for (const [operation, count] of Object.entries(report.stats.unknownOperations)) stats.unknownOperations[operation] = (stats.unknownOperations[operation] ?? 0) + count;
    if (report.floor.seconds > floor.seconds) floor = report.floor;
  }
  return { stats, floor };
}
