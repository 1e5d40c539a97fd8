/**
 * A worker thread of the worker-thread executor: runs the in-process engine over the share of the
 * scan its request names and sends everything back to the main thread as plain data — findings in
 * batches (waiting for the main thread's acknowledgement once a few are in flight, so a slow
 * writer holds the worker back instead of filling memory), progress events, and at the end its
 * summary state and result. Nothing here writes a file: the sinks live in the main thread. For an
 * encoding sink (the output files) the worker sends, instead of the findings, what the sink's own
 * encoder makes of them here (the files' bytes, moved rather than copied), so that the main thread
 * only appends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Finding } from '@palisade/core';
import { runScanInProcess } from './run-scan.ts';
import type { ScanSink } from './run-scan.ts';
import { SummaryBuilder } from './summary.ts';
import { outcomeOf, serializeError } from './worker-outcome.ts';
import type { AccountMetadata, FromWorker, ToWorker, WorkerAssignment, WorkerEncoderSpec, WorkerOutcome, WorkerSinkEncoder } from './worker-executor.ts';

const port = parentPort;
if (!port) throw new Error('worker-entry.ts runs as a worker thread of the worker-thread executor');
const assignment = workerData as WorkerAssignment;
const send = (message: FromWorker, transfer?: readonly ArrayBuffer[]) => port.postMessage(message, transfer as ArrayBuffer[] | undefined);

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
    message.memory?.forEach((buffers, index) => {
      if (buffers?.length) encoders[index]?.reuse?.(buffers);
    });
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
const statuses = assignment.request.output.statuses;
const outputStatuses = statuses ? new Set<string>(statuses) : undefined;
let encoders: readonly (WorkerSinkEncoder | undefined)[] = [];
const forward: ScanSink = {
  receives: 'all',
  async write(batch: readonly Finding[]) {
    for (const finding of batch) summary.add(finding);
    // Each encoding sink's findings, encoded here: the main thread only appends what comes out.
    const output = outputStatuses ? batch.filter((finding) => outputStatuses.has(finding.status)) : batch;
    const encoded: unknown[] = new Array<unknown>(encoders.length).fill(undefined);
    // Each encoder's memory handed over, listed apart so that the acknowledgement can give it back to it.
    const memory: (readonly ArrayBuffer[] | undefined)[] = new Array<readonly ArrayBuffer[] | undefined>(encoders.length).fill(undefined);
    encoders.forEach((encoder, index) => {
      const findings = assignment.sinks[index]!.receives === 'all' ? batch : output;
      if (!encoder || !findings.length) return;
      const made = encoder.encode(findings);
      if (!made) return;
      encoded[index] = made.data;
      if (made.transfer?.length) memory[index] = made.transfer;
    });
    send({ type: 'findings', ...(assignment.sendFindings ? { batch: batch as Finding[] } : {}), encoded, memory }, memory.flatMap((buffers) => buffers ?? []));
    unacknowledged += 1;
    while (unacknowledged >= assignment.batchesInFlight) await new Promise<void>((resolve) => (acknowledged = resolve));
  },
};

// Loaded: from here on, a worker that stops without a result crashed while scanning its share.
send({ type: 'started' });
try {
  encoders = await Promise.all(assignment.sinks.map((plan) => (plan.encoder ? loadEncoder(plan.encoder) : undefined)));
  const result = await runScanInProcess(assignment.request, [forward], {
    signal: abort.signal,
    productVersion: assignment.productVersion,
    onProgress: (event) => {
      // After the account's last batch: encoders may drop what they kept for it.
      if (event.phase === 'evaluate') for (const encoder of encoders) encoder?.scopeDone?.(event.accountId);
      // Evaluation events order the output and account for crashes; the others only inform a caller who follows them.
      if (event.phase === 'evaluate' || assignment.collectProgress) send({ type: 'progress', event });
    },
    ...(assignment.awaitsMetadata ? { accountMetadata: (accountId: string) => metadataEntry(accountId).promise } : {}),
  });
  const outcome: WorkerOutcome = { ...outcomeOf(result, summary.state()), ...(await transportReport()) };
  send({ type: 'done', outcome });
} catch (error) {
  send({ type: 'failed', error: serializeError(error) });
}
port.close();

/** A sink's encoder, built by the module export its spec names. */
async function loadEncoder(spec: WorkerEncoderSpec): Promise<WorkerSinkEncoder> {
  const loaded = (await import(spec.module)) as Record<string, unknown>;
  const build = loaded[spec.export];
  if (typeof build !== 'function') throw new Error(`${spec.module} has no function export "${spec.export}" (a sink's worker encoder)`);
  return await (build as (options: unknown) => WorkerSinkEncoder | Promise<WorkerSinkEncoder>)(spec.options);
}

/** The transport module's report of what it did in this thread (the benchmark's simulator counters), when the request names one. */
async function transportReport(): Promise<{ transportReport?: unknown }> {
  const transport = assignment.request.transport;
  if (!transport?.report) return {};
  const loaded = (await import(transport.module)) as Record<string, unknown>;
  const report = loaded[transport.report];
  return typeof report === 'function' ? { transportReport: await (report as () => unknown)() } : {};
}
