/**
 * One queue worker process (`palisade worker`): the platform's PostgreSQL store, a part store the
 * workers share (a directory on a shared volume, or an S3 bucket), the master key that opens stored
 * cloud credentials, rate-limit budgets shared through PostgreSQL, the job queue, and a
 * `QueueWorker` running `DistributedScans` steps.
 *
 * Every worker of an installation needs the same master key as the servers (PALISADE_MASTER_KEY,
 * PALISADE_MASTER_KEY_FILE, or the same data directory), and the report files it writes when it
 * finalizes a scan go to `<dataDir>/reports/<scan id>/`, where the API serves them: the workers and
 * the servers share the data directory (one machine, or a shared volume).
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { createSecretSealer, loadOrCreateMasterKey } from '@palisade/auth';
import type { SecretSealer } from '@palisade/auth';
import { DirectoryPartStore, S3PartStore, createRateLimitBudgets } from '@palisade/engine';
import type { PartStore, ScanRequest, StoredCredentials } from '@palisade/engine';
import { DistributedScans } from '@palisade/platform';
import { createPostgresStore } from '@palisade/store';
import type { Store } from '@palisade/store';
import { QueueExecutor } from './executor.ts';
import type { QueueLog, QueueSettingsInput } from './executor.ts';
import { PostgresRateLimiter } from './rate-limits.ts';
import { DEFAULT_WORKER_CONCURRENCY, QueueWorker } from './worker.ts';
import type { QueueWorkerOptions } from './worker.ts';

export type PartsLocation = { readonly directory: string } | { readonly bucket: string; readonly prefix?: string; readonly kmsKeyId?: string };

export interface QueueWorkerProcessOptions {
  /** The store's application role. */
  readonly databaseUrl: string;
  /** The owner's connection: migrates the store, installs the queue and the rate-limit table (once per installation is enough). */
  readonly databaseAdminUrl?: string;
  readonly parts: PartsLocation;
  /** Reports (`<dataDir>/reports`) and the master key file; default `./palisade-data`. */
  readonly dataDir?: string;
  /** Jobs run at once (default 16). */
  readonly concurrency?: number;
  readonly productVersion: string;
  readonly settings?: QueueSettingsInput;
  /** Opens a provider's stored credentials with the master key's sealer; without it, providers with stored credentials fail to scan. */
  readonly credentials?: (store: Store, sealer: SecretSealer) => (tenantId: string, secretId: string) => Promise<StoredCredentials>;
  /** Test and benchmark hook: the SDK transport of live scans (the simulated AWS). */
  readonly transport?: ScanRequest['transport'];
  /** How long a step extends its scan's lease (default 900 s). */
  readonly leaseSeconds?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: QueueLog;
  readonly onJob?: QueueWorkerOptions['onJob'];
}

export interface RunningQueueWorker {
  readonly worker: QueueWorker;
  readonly queue: QueueExecutor;
  readonly store: Store;
  /** What the master key setup said (a key file generated). */
  readonly notices: readonly string[];
  /** Stops taking jobs, lets the running ones end for up to `graceMs` (default 30 s, cut short by `hurry`), gives back the rest, and closes everything. */
  stop(graceMs?: number, hurry?: AbortSignal): Promise<void>;
}

export async function runQueueWorker(options: QueueWorkerProcessOptions): Promise<RunningQueueWorker> {
  const env = options.env ?? process.env;
  const dataDir = resolve(options.dataDir ?? './palisade-data');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const concurrency = options.concurrency ?? DEFAULT_WORKER_CONCURRENCY;
  // Each running step may hold a store connection; a few more for leases and progress.
  const store = createPostgresStore({ connectionString: options.databaseUrl, ...(options.databaseAdminUrl ? { adminConnectionString: options.databaseAdminUrl } : {}), maxConnections: Math.min(10, concurrency + 2) });
  const closers: (() => Promise<unknown>)[] = [() => store.close()];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  try {
    await store.migrate();
    const master = await loadOrCreateMasterKey(dataDir, { env });
    const sealer = createSecretSealer({ masterKey: master.key });
    const limiterPool = new pg.Pool({ connectionString: options.databaseUrl, max: 4, application_name: 'palisade-rate-limits' });
    limiterPool.on('error', () => undefined);
    closers.push(() => limiterPool.end());
    const limiter = new PostgresRateLimiter(limiterPool);
    if (options.databaseAdminUrl) {
      const ownerPool = new pg.Pool({ connectionString: options.databaseAdminUrl, max: 1 });
      try {
        const { rows } = await limiterPool.query<{ name: string }>('SELECT current_user AS name');
        await limiter.ensureSchema({ owner: ownerPool, grantTo: rows[0]!.name });
      } finally {
        await ownerPool.end();
      }
    }
    const queue = await QueueExecutor.open({
      databaseUrl: options.databaseUrl,
      ...(options.databaseAdminUrl ? { databaseAdminUrl: options.databaseAdminUrl } : {}),
      ...(options.settings ? { settings: options.settings } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    closers.push(() => queue.close());
    const scans = new DistributedScans({
      store,
      parts: await partStore(options.parts),
      productVersion: options.productVersion,
      reportsDir: join(dataDir, 'reports'),
      rateLimitBudgets: createRateLimitBudgets({ shared: limiter }),
      ...(options.credentials ? { openSecret: options.credentials(store, sealer) } : {}),
      ...(options.transport ? { transport: options.transport } : {}),
      ...(options.leaseSeconds ? { leaseSeconds: options.leaseSeconds } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    closers.push(async () => scans.close());
    const worker = new QueueWorker({
      queue,
      scans,
      concurrency,
      store,
      ...(options.leaseSeconds ? { leaseSeconds: options.leaseSeconds } : {}),
      ...(options.log ? { log: options.log } : {}),
      ...(options.onJob ? { onJob: options.onJob } : {}),
    });
    worker.start();
    return {
      worker,
      queue,
      store,
      notices: [master.message, ...master.warnings].filter((line): line is string => Boolean(line)),
      async stop(graceMs, hurry) {
        await worker.stop(graceMs, hurry);
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function partStore(location: PartsLocation): Promise<PartStore> {
  if ('directory' in location) {
    await mkdir(location.directory, { recursive: true });
    return new DirectoryPartStore(resolve(location.directory));
  }
  // The client takes its region and credentials from the environment, as the AWS CLI does.
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3PartStore({ client: new S3Client({}), bucket: location.bucket, ...(location.prefix ? { prefix: location.prefix } : {}), ...(location.kmsKeyId ? { kmsKeyId: location.kmsKeyId } : {}) });
}
