/**
 * A queue worker process for the tests and the benchmark: `runQueueWorker` with the options given
 * as JSON in the first argument (the simulated AWS as transport, short expirations), run with tsx.
 * It writes JSON lines on standard output — `ready`, each job as it starts and ends, `stopped`
 * with what its simulated AWS served (counters, and calls per rate-limit bucket, which the
 * benchmark adds up across workers) — and its log on standard error. SIGTERM stops it gracefully.
 */
import { runQueueWorker } from '../src/index.ts';
import type { QueueWorkerProcessOptions } from '../src/index.ts';
import { simulatorOf, simulatorReport } from '../../../bench/sim/transport.ts';
import type { SimulatedTransportOptions } from '../../../bench/sim/transport.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as Omit<QueueWorkerProcessOptions, 'log' | 'onJob'>;
const line = (value: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ pid: process.pid, at: Date.now(), ...value })}\n`);

const running = await runQueueWorker({
  ...options,
  log: (event) => process.stderr.write(`${JSON.stringify({ pid: process.pid, ...event })}\n`),
  onJob: ({ phase, job, outcome }) => line({ event: 'job', phase, id: job.id, queue: job.queue, step: job.data.step, retryCount: job.retryCount, ...('accountId' in job.data ? { accountId: job.data.accountId } : {}), ...('group' in job.data ? { group: job.data.group } : {}), ...(outcome ? { outcome } : {}) }),
});
line({ event: 'ready' });

process.once('SIGTERM', () => {
  void (async () => {
    await running.stop(10_000);
    const report = simulatorReport();
    // Only when this process built a simulator (it ran a live scan's step); simulatorOf would build one.
    const buckets = report && options.transport ? simulatorOf(options.transport.options as SimulatedTransportOptions).bucketLoads() : [];
    line({ event: 'stopped', simulator: report ?? null, buckets, maxRssMb: process.resourceUsage().maxRSS / 1024 });
    process.exit(0);
  })();
});
