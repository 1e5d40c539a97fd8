/**
 * A share's result as plain data (`WorkerOutcome`), whether the share ran in a worker thread or, when
 * a split leaves one share, in the main thread: what the worker-thread executor merges.
 */
import type { ScanResult } from './scan.ts';
import type { SummaryState } from './summary.ts';
import type { SerializedError, WorkerOutcome } from './worker-executor.ts';

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code, location } = error as { code?: unknown; location?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(location && typeof location === 'object' ? { location: location as SerializedError['location'] } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
  };
}

export function outcomeOf(result: ScanResult, summary: SummaryState): WorkerOutcome {
  return {
    summary,
    errors: [...result.errors],
    apiCounters: result.apiCounters,
    interrupted: result.interrupted,
    accountsScanned: [...result.accountsScanned],
    notScanned: [...result.notScanned],
    expiredMuteRules: [...result.expiredMuteRules],
    regionsNotInSnapshot: [...result.regionsNotInSnapshot],
    ...(result.snapshotError ? { snapshotError: serializeError(result.snapshotError) } : {}),
  };
}
