/**
 * `palisade serve`: the platform in one process — REST API, scan job runner and scheduler — on
 * SQLite in a data directory (default `./palisade-data`) or on PostgreSQL (`--database-url`).
 * `palisade admin …`: create the first tenant, rotate the master key.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { InputError } from '@palisade/core';
import { PRODUCT_VERSION } from './version.ts';

export interface StoreFlags {
  dataDir?: string;
  databaseUrl?: string;
}

export interface ServeFlags extends StoreFlags {
  host: string;
  port: number;
  tlsCert?: string;
  tlsKey?: string;
  concurrency?: number;
  /** `in-process` (default): scans run in this process; `queue`: handed to `palisade worker` processes through the job queue. */
  executor?: 'in-process' | 'queue';
}

export interface ServeIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin?: NodeJS.ReadableStream;
  /** Resolves when the process is asked to stop (SIGINT, SIGTERM); tests resolve it themselves. */
  readonly stopSignal?: Promise<void>;
  /** The CLI's own stop signal (first Ctrl-C, SIGTERM): the server stops when it fires. */
  readonly signal?: AbortSignal;
}

function storeOptions(flags: StoreFlags) {
  if (flags.dataDir && flags.databaseUrl) throw new InputError('USAGE', '--data-dir and --database-url cannot be combined');
  return { ...(flags.dataDir ? { dataDir: flags.dataDir } : {}), ...(flags.databaseUrl ? { databaseUrl: flags.databaseUrl } : {}), productVersion: PRODUCT_VERSION };
}

export async function serveCommand(flags: ServeFlags, io: ServeIo): Promise<number> {
  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) throw new InputError('USAGE', '--tls-cert and --tls-key go together');
  const toQueue = flags.executor === 'queue';
  if (toQueue && !flags.databaseUrl) {
    throw new InputError('USAGE', '--executor queue needs PostgreSQL (--database-url): the workers share the store and the job queue with the server, and SQLite is one process\'s file');
  }
  const { openPlatform, platformServer } = await import('@palisade/api');
  // Scan and delivery events as JSON lines beside the server's request log (both on stderr).
  const levels = { info: 30, warn: 40, error: 50 } as const;
  const log = (event: { readonly level: 'info' | 'warn' | 'error'; readonly message: string; readonly tenantId?: string; readonly scanId?: string }) => {
    const { level, message, ...context } = event;
    io.stderr.write(`${JSON.stringify({ level: levels[level], time: Date.now(), msg: message, ...context })}\n`);
  };
  // With the queue executor, claimed scans are queued for the workers (`palisade worker`) instead of run here.
  const queue = toQueue ? await (await import('@palisade/queue')).QueueExecutor.open({ databaseUrl: flags.databaseUrl!, ...(process.env['PALISADE_DATABASE_ADMIN_URL'] ? { databaseAdminUrl: process.env['PALISADE_DATABASE_ADMIN_URL'] } : {}), log }) : undefined;
  // The runner dispatches only once started, after the platform (and its store) is open.
  const opened: { store?: Awaited<ReturnType<typeof openPlatform>>['store'] } = {};
  const platform = await openPlatform({
    ...storeOptions(flags),
    ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
    ...(queue ? { dispatch: (scan) => queue.dispatch(scan, opened.store) } : {}),
    log,
  }).catch(async (error: unknown) => {
    await queue?.close();
    throw error;
  });
  opened.store = platform.store;
  for (const notice of platform.notices) io.stderr.write(`${notice}\n`);
  const https = flags.tlsCert && flags.tlsKey ? { cert: await readFile(flags.tlsCert), key: await readFile(flags.tlsKey) } : undefined;
  const app = await platformServer(platform, { ...(https ? { https } : {}) });
  try {
    await platform.runner.start();
    await platform.schedules.start();
    await app.listen({ host: flags.host, port: flags.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : flags.port;
    const url = `${https ? 'https' : 'http'}://${flags.host.includes(':') ? `[${flags.host}]` : flags.host}:${port}`;
    io.stderr.write(`Palisade ${PRODUCT_VERSION} serving ${url}/api/v1 (docs: ${url}/api/docs) on ${flags.databaseUrl ? 'PostgreSQL' : `SQLite in ${platform.dataDir}`}${queue ? '; scans run on queue workers (palisade worker)' : ''}\n`);
    const tenants = await platform.store.system.listTenants({ limit: 1 });
    if (!tenants.items.length) {
      const where = flags.databaseUrl ? ' --database-url <url>' : flags.dataDir ? ` --data-dir ${flags.dataDir}` : '';
      io.stderr.write(`No tenant yet. Create the first one (the password is read from standard input):\n  echo '<password>' | npx palisade admin create-tenant --name <name> --owner-email <email> --password-stdin${where}\n`);
    }
    await (io.stopSignal ?? (io.signal ? aborted(io.signal) : stopSignal()));
    io.stderr.write(queue ? 'stopping: scans handed to the queue carry on with the workers\n' : 'stopping: running scans are stopped and queued again at the next start\n');
    return 0;
  } finally {
    await app.close();
    await platform.close();
    await queue?.close();
  }
}

export function aborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

export function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  // One trailing newline (echo, a here-string) is not part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function createTenantCommand(flags: StoreFlags & { name: string; ownerEmail: string; passwordStdin?: boolean }, io: ServeIo): Promise<number> {
  if (!flags.passwordStdin) throw new InputError('USAGE', '--password-stdin is required: give the owner\'s password on standard input (never as an argument)');
  const password = await readStdin(io.stdin ?? process.stdin);
  const { createTenant, openPlatform } = await import('@palisade/api');
  const platform = await openPlatform(storeOptions(flags));
  try {
    for (const notice of platform.notices) io.stderr.write(`${notice}\n`);
    let created;
    try {
      created = await createTenant(platform, { name: flags.name, ownerEmail: flags.ownerEmail, password });
    } catch (error) {
      // A password that breaks the policy, an email that is not one: the user's to fix.
      const code = (error as { code?: string }).code;
      if (code === 'PasswordPolicy' || code === 'USAGE') throw new InputError('USAGE', (error as Error).message);
      throw error;
    }
    io.stderr.write(`tenant "${flags.name}" created; owner ${flags.ownerEmail.toLowerCase()} ${created.userCreated ? 'can sign in with the password given' : 'already had an account and keeps its password'}\n`);
    io.stdout.write(`${created.tenantId}\n`);
    return 0;
  } finally {
    await platform.close();
  }
}

export async function rotateMasterKeyCommand(flags: StoreFlags & { newKeyFile: string }, io: ServeIo): Promise<number> {
  const { openPlatform, rotateMasterKey } = await import('@palisade/api');
  const newKey = (await readFile(flags.newKeyFile, 'utf8')).trim();
  const platform = await openPlatform(storeOptions(flags));
  try {
    const report = await rotateMasterKey(platform, newKey);
    io.stderr.write(`${report.rewrapped} secret(s) re-wrapped, ${report.alreadyCurrent} already under the new key, ${report.failed.length} failed\n`);
    for (const failure of report.failed) io.stderr.write(`  tenant ${failure.tenantId} secret ${failure.id}: ${failure.code} ${failure.message}\n`);
    if (report.failed.length) return 1;
    if (platform.masterKey.source !== 'env' && platform.masterKey.path) {
      // The key file in use now holds the new key; the old one is kept beside it until removed by hand.
      await rename(platform.masterKey.path, `${platform.masterKey.path}.previous`);
      await writeFile(platform.masterKey.path, `${newKey}\n`, { mode: 0o600 });
      io.stderr.write(`${platform.masterKey.path} now holds the new key; the previous key is in ${platform.masterKey.path}.previous (delete it once the servers run on the new key)\n`);
    } else {
      io.stderr.write('set PALISADE_MASTER_KEY to the new key before restarting the servers\n');
    }
    return 0;
  } finally {
    await platform.close();
  }
}
