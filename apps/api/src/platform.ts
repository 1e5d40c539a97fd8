/**
 * One process of the platform: the store (SQLite in a data directory, or PostgreSQL), the master
 * key and what derives from it, the sign-in service, the scan job runner, the scheduler, the alert
 * dispatcher and the HTTP server. `palisade serve` starts one; the `palisade admin` commands open the same store.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createAuthService, createPasswordHasher, createSecretSealer, loadOrCreateMasterKey } from '@palisade/auth';
import type { AuthService, PasswordHasher, SecretSealer } from '@palisade/auth';
import { InputError } from '@palisade/core';
import { checkSnapshotReadable } from '@palisade/engine';
import type { StoredCredentials } from '@palisade/engine';
import type { AzureCloud } from '@palisade/core/azure';
import type { AzureServicePrincipal, HttpTransport, IdentityClasses } from '@palisade/providers/azure';
import { AlertDispatcher, EventScans, INTEGRATION_SECRET_PURPOSE, ScanJobRunner, ScheduleRunner } from '@palisade/platform';
import type { AlertDispatcherOptions, ScanJobRunnerOptions } from '@palisade/platform';
import { createPostgresStore, createSqliteStore } from '@palisade/store';
import type { Store } from '@palisade/store';
import { CREDENTIALS_PURPOSE } from './routes/providers.ts';
import { buildServer } from './server.ts';
import type { ApiDeps, ServerOptions } from './server.ts';

export interface PlatformOptions {
  /** SQLite data directory (default `./palisade-data`); also holds the master key file and reports. */
  readonly dataDir?: string;
  /** PostgreSQL instead of SQLite: the application role's URL (no BYPASSRLS, owns no table). */
  readonly databaseUrl?: string;
  /** The owner role's URL, for migrations (default `PALISADE_DATABASE_ADMIN_URL`). */
  readonly databaseAdminUrl?: string;
  readonly productVersion: string;
  /** Scans run at once by this process. */
  readonly concurrency?: number;
  /**
   * How long a running scan's lease holds without renewal (default 60 s, or
   * `PALISADE_SCAN_LEASE_SECONDS`): after a crash, the scans it ran are recovered once it expires.
   */
  readonly scanLeaseSeconds?: number;
  /** How alerts are delivered: retries, what destinations are given, where the dispatcher logs (tests set the backoff), where report files are read. */
  readonly alerts?: Pick<AlertDispatcherOptions, 'delivery' | 'destinationDeps' | 'concurrency' | 'log' | 'reportFiles'>;
  readonly env?: NodeJS.ProcessEnv;
  /** Operational events of the scan runner and the alert dispatcher (never secrets): scans started, ended, recovered; deliveries failed. */
  readonly log?: ScanJobRunnerOptions['log'];
  /** Benchmark hook: the SDK transport of every live scan (the benchmark's simulated AWS). */
  readonly transport?: ScanJobRunnerOptions['transport'];
  /** A store opened by the caller (the serverless deployment's DynamoDB store) instead of SQLite or PostgreSQL; closed with the platform. */
  readonly store?: Store;
  /**
   * Hands claimed scans to workers elsewhere (queue workers, a Step Functions execution) instead of
   * running them in this process (see `ScanJobRunnerOptions.dispatch`).
   */
  readonly dispatch?: ScanJobRunnerOptions['dispatch'];
}

export interface Platform {
  readonly store: Store;
  readonly auth: AuthService;
  readonly sealer: SecretSealer;
  readonly passwords: PasswordHasher;
  readonly runner: ScanJobRunner;
  readonly schedules: ScheduleRunner;
  readonly events: EventScans;
  /** Alert rules evaluated after each completed scan, and their deliveries. */
  readonly alerts: AlertDispatcher;
  readonly dataDir: string;
  /** What the master key setup said (generated a key file, where from). */
  readonly notices: readonly string[];
  /** Where the master key came from (`file`/`created`: `path`). */
  readonly masterKey: { readonly source: 'env' | 'file' | 'created'; readonly path?: string; readonly kekId: string };
  close(): Promise<void>;
}

/** Opens the store and the keys; starts nothing. */
export async function openPlatform(options: PlatformOptions): Promise<Platform> {
  const env = options.env ?? process.env;
  const leaseSeconds = options.scanLeaseSeconds ?? leaseFromEnv(env['PALISADE_SCAN_LEASE_SECONDS']);
  const dataDir = resolve(options.dataDir ?? './palisade-data');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const store = options.store
    ? options.store
    : options.databaseUrl
    ? createPostgresStore({ connectionString: options.databaseUrl, ...((options.databaseAdminUrl ?? env['PALISADE_DATABASE_ADMIN_URL']) ? { adminConnectionString: options.databaseAdminUrl ?? env['PALISADE_DATABASE_ADMIN_URL']! } : {}) })
    : createSqliteStore({ dataDir });
  try {
    await store.migrate();
    const master = await loadOrCreateMasterKey(dataDir, { env });
    const sealer = createSecretSealer({ masterKey: master.key });
    // Access tokens are signed with a key derived from the master key, so every process of one
    // installation verifies the others' tokens; PALISADE_JWT_SECRET overrides it.
    const jwtSecret = env['PALISADE_JWT_SECRET'] ?? createHmac('sha256', master.key).update('palisade access tokens v1').digest('base64');
    const passwords = createPasswordHasher();
    const auth = createAuthService({ store, jwtSecret, passwords });
    const worker = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    const alerts = new AlertDispatcher({
      store,
      productVersion: options.productVersion,
      reportsDir: join(dataDir, 'reports'),
      ...(options.log ? { log: options.log } : {}),
      ...options.alerts,
      openSecret: async (tenantId, secretId) => {
        const secret = await store.forTenant(tenantId).getSecret(secretId);
        if (!secret) throw new Error("the integration's stored secret is gone");
        return sealer.open(secret, { tenantId, purpose: INTEGRATION_SECRET_PURPOSE });
      },
    });
    const runner = new ScanJobRunner({
      store,
      worker,
      productVersion: options.productVersion,
      reportsDir: join(dataDir, 'reports'),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(leaseSeconds ? { leaseSeconds } : {}),
      ...(options.transport ? { transport: options.transport } : {}),
      ...(options.dispatch ? { dispatch: options.dispatch } : {}),
      onCompleted: (tenantId, scanId) => alerts.onScanCompleted(tenantId, scanId),
      ...(options.log ? { log: options.log } : {}),
      openSecret: providerCredentialsOpener(store, sealer),
    });
    const schedules = new ScheduleRunner({ store, worker, onQueued: () => runner.wake() });
    const events = new EventScans({ wake: () => runner.wake() });
    const notices = [master.message, ...master.warnings].filter((line): line is string => Boolean(line));
    return {
      store,
      auth,
      sealer,
      passwords,
      runner,
      schedules,
      events,
      alerts,
      dataDir,
      notices,
      masterKey: { source: master.source, ...(master.path ? { path: master.path } : {}), kekId: master.kekId },
      async close() {
        await schedules.stop();
        await runner.stop();
        await alerts.stop();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * Opens a provider's stored credentials (sealed for its tenant and the credentials purpose), in
 * whichever process runs its scan: AWS access keys, or an Azure service principal.
 */
export function providerCredentialsOpener(store: Store, sealer: SecretSealer): (tenantId: string, secretId: string) => Promise<StoredCredentials> {
  return async (tenantId, secretId) => {
    const secret = await store.forTenant(tenantId).getSecret(secretId);
    if (!secret) throw Object.assign(new Error("the provider's stored credentials are gone; set them again"), { code: 'CredentialsMissing' });
    const value = sealer.open(secret, { tenantId, purpose: CREDENTIALS_PURPOSE }) as Record<string, unknown>;
    if (typeof value['clientId'] === 'string') return servicePrincipalOf(value);
    return { accessKeyId: String(value['accessKeyId']), secretAccessKey: String(value['secretAccessKey']), ...(value['sessionToken'] ? { sessionToken: String(value['sessionToken']) } : {}) };
  };
}

/** A stored Azure service principal (validated when it was stored): client secret or certificate. */
function servicePrincipalOf(value: Readonly<Record<string, unknown>>): AzureServicePrincipal {
  const clientId = String(value['clientId']);
  if (typeof value['certificate'] === 'string') return { clientId, certificate: value['certificate'], ...(value['certificatePassword'] ? { certificatePassword: String(value['certificatePassword']) } : {}) };
  return { clientId, clientSecret: String(value['clientSecret']) };
}

function leaseFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 2) throw new InputError('USAGE', `PALISADE_SCAN_LEASE_SECONDS must be a whole number of seconds, 2 or more (it is "${value}")`);
  return seconds;
}

/** Test hooks of the connection test, never set by `palisade serve`. */
export interface ConnectionTestOptions {
  /** Where an Azure test's ARM requests go, and stand-ins for `@azure/identity`'s credential classes. */
  readonly azure?: { readonly http?: HttpTransport; readonly identity?: IdentityClasses };
}

/**
 * Checks that a provider connects: a snapshot file is readable (as a snapshot of its cloud); AWS
 * credentials (and role) sign in; an Azure service principal signs in and lists its subscriptions.
 */
export async function testConnection(
  provider: { readonly type: string; readonly config: Readonly<Record<string, unknown>> },
  credentials: Readonly<Record<string, unknown>> | undefined,
  options: ConnectionTestOptions = {},
): ReturnType<ApiDeps['testConnection']> {
  try {
    if (provider.type === 'snapshot') {
      const path = String(provider.config['path']);
      if (provider.config['provider'] === 'azure') {
        const { AZURE_SNAPSHOT_FORMAT, readScopeSnapshots } = await import('@palisade/engine');
        await checkSnapshotReadable(path, (file) => readScopeSnapshots(file, AZURE_SNAPSHOT_FORMAT));
      } else await checkSnapshotReadable(path);
      return { ok: true };
    }
    if (provider.type === 'azure') return await testAzureConnection(provider.config, credentials, options.azure);
    const { connectAws } = await import('@palisade/providers');
    const config = provider.config;
    const session = await connectAws({
      ...(credentials ? { credentials: { accessKeyId: String(credentials['accessKeyId']), secretAccessKey: String(credentials['secretAccessKey']), ...(credentials['sessionToken'] ? { sessionToken: String(credentials['sessionToken']) } : {}) } } : {}),
      ...(typeof config['endpointUrl'] === 'string' ? { endpointUrl: config['endpointUrl'] } : {}),
      ...(typeof config['roleArn'] === 'string' ? { assumeRole: { roleArn: config['roleArn'], ...(typeof config['externalId'] === 'string' ? { externalId: config['externalId'] } : {}) } } : {}),
      ...(Array.isArray(config['regions']) ? { regions: config['regions'] as string[] } : {}),
    });
    session.close();
    return { ok: true };
  } catch (error) {
    const { providerErrorOf } = await import('@palisade/providers');
    const answered = providerErrorOf(error);
    const code = answered?.code ?? (error as { code?: string }).code ?? 'ConnectionFailed';
    return { ok: false, error: { code: String(code), message: (error as Error).message } };
  }
}

/** Signs in to the provider's tenant (as its stored service principal) and lists the subscriptions it sees there. */
async function testAzureConnection(
  config: Readonly<Record<string, unknown>>,
  credentials: Readonly<Record<string, unknown>> | undefined,
  hooks: ConnectionTestOptions['azure'],
): ReturnType<ApiDeps['testConnection']> {
  const { LIST_SUBSCRIPTIONS_API, SUBSCRIPTIONS_API_VERSION, createAzureClients, signInToAzure } = await import('@palisade/providers/azure');
  const cloud = (typeof config['cloud'] === 'string' ? config['cloud'] : 'AzureCloud') as AzureCloud;
  const tenantId = String(config['tenantId']).toLowerCase();
  const signIn = await signInToAzure({
    cloud,
    tenantId,
    ...(credentials ? { servicePrincipal: servicePrincipalOf(credentials) } : {}),
    ...(hooks?.identity ? { identity: hooks.identity } : {}),
    signal: AbortSignal.timeout(60_000),
  });
  const clients = createAzureClients({ cloud, tokens: signIn.tokens, maxAttempts: 2, ...(hooks?.http ? { transport: hooks.http } : {}) });
  const listed = await clients.arm.list<{ readonly subscriptionId?: string; readonly tenantId?: string }>(LIST_SUBSCRIPTIONS_API, '/subscriptions', SUBSCRIPTIONS_API_VERSION);
  if (listed.error) return { ok: false, error: { code: listed.error.code, message: `${listed.error.api}: ${listed.error.message}` } };
  const wanted = Array.isArray(config['subscriptionIds']) ? new Set((config['subscriptionIds'] as string[]).map((id) => id.toLowerCase())) : undefined;
  const subscriptions = listed.value.filter(
    (subscription) => (!subscription.tenantId || subscription.tenantId.toLowerCase() === tenantId) && (!wanted || wanted.has(subscription.subscriptionId?.toLowerCase() ?? '')),
  );
  return { ok: true, tenantId, subscriptions: subscriptions.length };
}

/** The HTTP server of a platform. */
export function platformServer(platform: Platform, options: ServerOptions & Pick<ApiDeps, 'reportLink'> & { readonly connectionTest?: ConnectionTestOptions } = {}): Promise<FastifyInstance> {
  const { reportLink, connectionTest, ...server } = options;
  return buildServer(
    {
      store: platform.store,
      auth: platform.auth,
      sealer: platform.sealer,
      runner: platform.runner,
      events: platform.events,
      alerts: platform.alerts,
      reportsDir: join(platform.dataDir, 'reports'),
      ...(reportLink ? { reportLink } : {}),
      passwords: platform.passwords,
      testConnection: connectionTest ? (provider, credentials) => testConnection(provider, credentials, connectionTest) : testConnection,
    },
    server,
  );
}
