/**
 * The progress counter's half that runs in the worker threads of a split scan (loaded by URL: the
 * progress sink names it in `workerEncoder()`): instead of every finding, the main thread receives
 * per batch how many findings it held and how many resources each account had not shown before.
 */
import type { Finding } from '@palisade/core';
import type { WorkerSinkEncoder } from '@palisade/engine';

/** What the progress sink receives from a worker for one batch. */
export interface ProgressCounts {
  readonly findings: number;
  /** Account id → resources first seen in this batch. */
  readonly resources: readonly (readonly [accountId: string, count: number])[];
}

export function progressEncoder(): WorkerSinkEncoder {
  // An account is scanned by one worker only: what this worker has seen of it is all there is.
  const seen = new Map<string, Set<string>>();
  return {
    encode(batch: readonly Finding[]) {
      const fresh = new Map<string, number>();
      for (const finding of batch) {
        let resources = seen.get(finding.accountId);
        if (!resources) {
          resources = new Set();
          seen.set(finding.accountId, resources);
        }
        if (resources.has(finding.resource.uid)) continue;
        resources.add(finding.resource.uid);
        fresh.set(finding.accountId, (fresh.get(finding.accountId) ?? 0) + 1);
      }
      const counts: ProgressCounts = { findings: batch.length, resources: [...fresh] };
      return { data: counts };
    },
    scopeDone: (accountId) => void seen.delete(accountId),
  };
}
