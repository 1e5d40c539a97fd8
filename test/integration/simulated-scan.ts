/**
 * What the live-scan integration tests share: the checks the simulated AWS can serve, and a scan run
 * to its end with every finding, progress event and compliance report kept for comparison.
 */
import { fileURLToPath } from 'node:url';
import type { Finding } from '@palisade/core';
import { ALL_CHECKS } from '@palisade/checks';
import { ComplianceAccumulator, FRAMEWORKS } from '@palisade/compliance';
import { runScan } from '@palisade/engine';
import type { ScanProgress, ScanRequest, ScanResult, ScanSink } from '@palisade/engine';
import { SIMULATED_SERVICES } from '../../bench/sim/build.ts';

/** The checks whose services the simulated AWS serves. */
export const SIMULATED_CHECKS = ALL_CHECKS.filter((check) => check.requires.every((service) => SIMULATED_SERVICES.has(service))).map((check) => check.id);

/** The simulated AWS as a request's transport module. */
export const SIMULATED_TRANSPORT_MODULE = fileURLToPath(new URL('../../bench/sim/transport.ts', import.meta.url));

export async function scanCollecting(request: ScanRequest) {
  const findings: Finding[] = [];
  const progress: ScanProgress[] = [];
  const accumulators = FRAMEWORKS.map((framework) => new ComplianceAccumulator(framework));
  const sink: ScanSink = {
    receives: 'all',
    write: async (batch) => {
      findings.push(...batch);
      for (const accumulator of accumulators) accumulator.addAll(batch);
    },
  };
  const result = await runScan(request, [sink], { productVersion: 'test', onProgress: (event) => progress.push(event) });
  return { result, findings, progress, compliance: accumulators.map((accumulator) => accumulator.report()) };
}

/** Calls per service: what was asked of AWS, whichever thread or task asked it. */
export const callsByService = (result: ScanResult) => Object.fromEntries(Object.entries(result.apiCounters).map(([service, counters]) => [service, counters.calls - counters.retries]));
