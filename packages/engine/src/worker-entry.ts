/**
 * A worker thread of the worker-thread executor: runs the in-process engine over the share of the
 * scan its request names and sends everything back to the main thread as plain data — findings in
 * batches (waiting for the main thread's acknowledgement once a few are in flight, so a slow
 * writer holds the worker back instead of filling memory), progress events, and at the end its
 * summary state and result. Nothing here writes a file: the sinks live in the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Finding } from '@palisade/core';
import { runScanInProcess } from './run-scan.ts';
import type { ScanSink } from './run-scan.ts';
import { SummaryBuilder } from './summary.ts';
import type { AccountMetadata, FromWorker, SerializedError, ToWorker, WorkerAssignment, WorkerOutcome } from './worker-executor.ts';

const port = parentPort;
if (!port) throw new Error('worker-entry.ts runs as a worker thread of the worker-thread executor');
const assignment = workerData as WorkerAssignment;
const send = (message: FromWorker) => port.postMessage(message);

const abort = new AbortController();
/** Batches sent and not yet written by the main thread. */
let unacknowledged = 0;
let acknowledged: (() => void) | undefined;
/** Organization metadata (OU path, tags) arrives from the main thread, which reads it once for every worker. */
const metadata = new Map<string, { promise: Promise<AccountMetadata>; resolve: (value: AccountMetadata) => void }>();
const metadataEntry = (accountId: string) => {
  let entry = metadata.get(accountId);
  if (!entry) {
    let resolve!: (value: AccountMetadata) => void;
    const promise = new Promise<AccountMetadata>((settle) => (resolve = settle));
    entry = { promise, resolve };
    metadata.set(accountId, entry);
  }
  return entry;
};

port.on('message', (message: ToWorker) => {
  if (message.type === 'ack') {
    unacknowledged -= 1;
    const wake = acknowledged;
    acknowledged = undefined;
    wake?.();
  } else if (message.type === 'abort') {
    abort.abort();
  } else if (message.type === 'metadata') {
    metadataEntry(message.accountId).resolve(message.metadata);
  }
});

// The summary counts every in-scope finding, as the in-process scan's own does: this sink receives them all.
const summary = new SummaryBuilder();
const forward: ScanSink = {
  receives: 'all',
  async write(batch: readonly Finding[]) {
    for (const finding of batch) summary.add(finding);
    send({ type: 'findings', batch: batch as Finding[] });
    unacknowledged += 1;
    while (unacknowledged >= assignment.batchesInFlight) await new Promise<void>((resolve) => (acknowledged = resolve));
  },
};

// Loaded: from here on, a worker that stops without a result crashed while scanning its share.
send({ type: 'started' });
try {
  const result = await runScanInProcess(assignment.request, [forward], {
    signal: abort.signal,
    productVersion: assignment.productVersion,
    onProgress: (event) => send({ type: 'progress', event }),
    ...(assignment.awaitsMetadata ? { accountMetadata: (accountId: string) => metadataEntry(accountId).promise } : {}),
  });
  const outcome: WorkerOutcome = {
    summary: summary.state(),
    errors: [...result.errors],
    apiCounters: result.apiCounters,
    interrupted: result.interrupted,
    accountsScanned: [...result.accountsScanned],
    notScanned: [...result.notScanned],
    expiredMuteRules: [...result.expiredMuteRules],
    regionsNotInSnapshot: [...result.regionsNotInSnapshot],
    ...(result.snapshotError ? { snapshotError: serializeError(result.snapshotError) } : {}),
    ...(await transportReport()),
  };
  send({ type: 'done', outcome });
} catch (error) {
  send({ type: 'failed', error: serializeError(error) });
}
port.close();

/** The transport module's report of what it did in this thread (the benchmark's simulator counters), when the request names one. */
async function transportReport(): Promise<{ transportReport?: unknown }> {
  const transport = assignment.request.transport;
  if (!transport?.report) return {};
  const loaded = (await import(transport.module)) as Record<string, unknown>;
  const report = loaded[transport.report];
  return typeof report === 'function' ? { transportReport: await (report as () => unknown)() } : {};
}

function serializeError(error: unknown): SerializedError {
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
