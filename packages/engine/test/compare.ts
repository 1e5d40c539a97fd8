import type { ScanResult } from '../src/scan.ts';

/** The fields of a scan's result that must not depend on how the scan was executed (in process, on workers, as tasks). */
export function executionIndependent(result: ScanResult) {
  return {
    scanId: result.scanId,
    summary: result.summary,
    errors: result.errors,
    apiCounters: result.apiCounters,
    interrupted: result.interrupted,
    timedOut: result.timedOut,
    accountsScanned: result.accountsScanned,
    notScanned: result.notScanned,
    expiredMuteRules: result.expiredMuteRules,
    regionsNotInSnapshot: result.regionsNotInSnapshot,
    snapshotError: result.snapshotError?.message,
  };
}
