/**
 * `palisade worker`: a queue worker of the platform. It takes the steps of scans that
 * `palisade serve --executor queue` hands to the job queue in PostgreSQL (plan, collect, evaluate,
 * finalize), with the store, a shared part store (`--parts-dir` on a shared volume, or
 * `--parts-bucket`) and the data directory's master key and reports, and logs JSON lines on
 * standard error as `serve` does. The first SIGTERM or Ctrl-C stops taking jobs and lets the
 * running ones end (up to 30 s), a second gives them back to the queue at once; either way another
 * worker takes over what is left.
 */
import { InputError } from '@palisade/core';
import { aborted, stopSignal } from './serve-command.ts';
import type { ServeIo } from './serve-command.ts';
import { PRODUCT_VERSION } from './version.ts';

export interface WorkerFlags {
  databaseUrl?: string;
  databaseAdminUrl?: string;
  partsDir?: string;
  partsBucket?: string;
  partsPrefix?: string;
  dataDir?: string;
  concurrency?: number;
}

/** How long running jobs may take to end after the first stop signal. */
const STOP_GRACE_MS = 30_000;

/** The worker's options from its flags, each problem named by its flag. */
export function workerOptionsFromFlags(flags: WorkerFlags, env: NodeJS.ProcessEnv = process.env) {
  if (!flags.databaseUrl) throw new InputError('USAGE', '--database-url is required: the workers take their jobs from the platform\'s PostgreSQL');
  if (!/^postgres(ql)?:\/\//.test(flags.databaseUrl)) throw new InputError('USAGE', '--database-url must be a PostgreSQL URL (postgres://…)');
  if (flags.partsDir && flags.partsBucket) throw new InputError('USAGE', '--parts-dir and --parts-bucket cannot be combined');
  if (!flags.partsDir && !flags.partsBucket) throw new InputError('USAGE', 'give --parts-dir (a directory every worker reaches) or --parts-bucket (an S3 bucket) for the collected parts');
  if (flags.partsPrefix && !flags.partsBucket) throw new InputError('USAGE', '--parts-prefix goes with --parts-bucket');
  const adminUrl = flags.databaseAdminUrl ?? env['PALISADE_DATABASE_ADMIN_URL'];
  return {
    databaseUrl: flags.databaseUrl,
    ...(adminUrl ? { databaseAdminUrl: adminUrl } : {}),
    parts: flags.partsBucket ? { bucket: flags.partsBucket, ...(flags.partsPrefix ? { prefix: flags.partsPrefix } : {}) } : { directory: flags.partsDir! },
    ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
    ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
    productVersion: PRODUCT_VERSION,
    env,
  };
}

export async function workerCommand(flags: WorkerFlags, io: ServeIo & { readonly stopNow?: AbortSignal }): Promise<number> {
  const options = workerOptionsFromFlags(flags);
  const [{ runQueueWorker, DEFAULT_WORKER_CONCURRENCY }, { providerCredentialsOpener }] = await Promise.all([import('@palisade/queue'), import('@palisade/api')]);
  const levels = { info: 30, warn: 40, error: 50 } as const;
  const log = (event: { readonly level: 'info' | 'warn' | 'error'; readonly message: string; readonly tenantId?: string; readonly scanId?: string }) => {
    const { level, message, ...context } = event;
    io.stderr.write(`${JSON.stringify({ level: levels[level], time: Date.now(), pid: process.pid, msg: message, ...context })}\n`);
  };
  const running = await runQueueWorker({ ...options, credentials: providerCredentialsOpener, log });
  for (const notice of running.notices) io.stderr.write(`${notice}\n`);
  const where = 'directory' in options.parts ? `parts in ${options.parts.directory}` : `parts in s3://${options.parts.bucket}/${options.parts.prefix ?? ''}`;
  log({ level: 'info', message: `Palisade ${PRODUCT_VERSION} worker taking jobs: ${options.concurrency ?? DEFAULT_WORKER_CONCURRENCY} at once, ${where}` });
  await (io.stopSignal ?? (io.signal ? aborted(io.signal) : stopSignal()));
  log({ level: 'info', message: `stopping: ${running.worker.active} running job(s) may take up to ${STOP_GRACE_MS / 1000} s to end (stop again to give them back at once)` });
  await running.stop(STOP_GRACE_MS, io.stopNow);
  log({ level: 'info', message: 'stopped' });
  return 0;
}
