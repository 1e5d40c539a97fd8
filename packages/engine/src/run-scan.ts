/**
 * The engine's entry point: `runScan(request, sinks, options)`. The request is plain data (see
 * request.ts); the sinks receive the findings and the scan's lifecycle; the options carry what
 * cannot be data (an abort signal, a progress callback). The CLI, an API server and a queue worker
 * call it the same way. With `execution.workers` above 1 the scan runs on worker threads,
 * otherwise in this process (`runScanInProcess`), which compiles the request into the checks,
 * matchers and filters `executeScan` applies.
 */
import { randomUUID } from 'node:crypto';
import { InputError } from '@palisade/core';
import type { Finding } from '@palisade/core';
import { frameworksForCheck } from '@palisade/compliance';
import { resourceScopeFilter } from './filters.ts';
import { compileMutelist } from './mutelist.ts';
import { checksOfRequest, parseScanRequest } from './request.ts';
import type { ScanRequest } from './request.ts';
import { executeScan } from './scan.ts';
import type { AwsConnectOptions, ScanOptions, ScanProgress, ScanResult, ScanSource } from './scan.ts';
import type { AzureServicePrincipal, HttpTransport, TokenSource } from '@palisade/providers/azure';

/** What sinks are told before the first finding. */
export interface ScanStart {
  readonly scanId: string;
  /** ISO time. */
  readonly startedAt: string;
  readonly productVersion: string;
  /** The validated request. */
  readonly request: ScanRequest;
}

/**
 * Receives a scan's findings in batches, and its lifecycle: `begin` before the first batch,
 * `end(result)` after the last, or `fail(error)` when the scan throws (the error is then rethrown
 * to the caller). A scan stopped by its signal or its time limit ends normally, with
 * `result.interrupted`.
 */
export interface ScanSink {
  /**
   * `output` (default): the findings of the statuses `request.output.statuses` selects. `all`:
   * every in-scope finding whatever its status (compliance status, progress counters).
   */
  readonly receives?: 'output' | 'all';
  begin?(scan: ScanStart): Promise<void> | void;
  write(batch: readonly Finding[]): Promise<void>;
  end?(result: ScanResult): Promise<void> | void;
  fail?(error: unknown): Promise<void> | void;
}

export interface RunScanOptions {
  /** Stops the scan (Ctrl-C): the sinks' files stay valid and the result says what was not scanned. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ScanProgress) => void;
  /** Written into outputs and saved snapshots. */
  readonly productVersion?: string;
  /**
   * For executors that split a scan: the OU path and tags of each member account listed in
   * `targets.resolved`, read by the thread that discovered them; findings wait for them.
   */
  readonly accountMetadata?: (accountId: string) => Promise<{ readonly ouPath?: string; readonly tags?: Readonly<Record<string, string>> }>;
  /**
   * Opens the stored secret a request's credentials name (`source.credentials.secretRef`): the
   * request carries only the reference; the process that runs the scan holds the key to open it.
   * AWS access keys for a `live` source, a service principal for an `azure` one.
   */
  readonly resolveSecret?: (reference: string) => Promise<StoredCredentials>;
  /** Rate-limit budgets shared by every scan of this process (`createRateLimitBudgets`); default: each scan its own. */
  readonly rateLimitBudgets?: ScanOptions['rateLimitBudgets'];
}

/** Access keys opened from a stored secret. */
export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What a stored secret opens to: AWS access keys or an Azure service principal. */
export type StoredCredentials = StaticCredentials | AzureServicePrincipal;

/**
 * What a request's `transport` module export may return (test and benchmark hook): the SDK request
 * handler to send every call through, with the credentials and home region that go with it. An
 * export that returns anything but such a plain object returns the request handler itself.
 * Typed loosely on purpose: no SDK type appears in the engine's API.
 */
export interface TransportSettings {
  readonly requestHandler?: unknown;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  readonly region?: string;
  /** Azure: the bearer tokens to send (a `TokenSource`) instead of signing in; `requestHandler` is then the HTTP transport. */
  readonly tokens?: unknown;
}

/** The worker-thread executor's entry; it drives the sinks' lifecycle itself (see `runWithSinks`). */
type WorkerExecutor = (request: ScanRequest, sinks: readonly ScanSink[], options: RunScanOptions) => Promise<ScanResult>;

const UNKNOWN_VERSION = 'unknown';

export async function runScan(request: ScanRequest, sinks: readonly ScanSink[], options: RunScanOptions = {}): Promise<ScanResult> {
  let validated: ScanRequest;
  try {
    const parsed = parseScanRequest(request);
    // One id for the whole scan, however many executors share it.
    validated = parsed.scanId === undefined ? { ...parsed, scanId: randomUUID() } : parsed;
  } catch (error) {
    await failSinks(sinks, error);
    throw error;
  }
  if (validated.execution?.tasks) {
    const { runScanAsTasks } = await import('./task-executor.ts');
    return runScanAsTasks(validated, sinks, options);
  }
  if ((validated.execution?.workers ?? 1) > 1) {
    let runOnWorkers: WorkerExecutor;
    try {
      runOnWorkers = await loadWorkerExecutor();
    } catch (error) {
      await failSinks(sinks, error);
      throw error;
    }
    return runOnWorkers(validated, sinks, options);
  }
  return runValidatedInProcess(validated, sinks, options);
}

/** The scan in this process, whatever `execution.workers` says; what each worker thread runs on its part. */
export async function runScanInProcess(request: ScanRequest, sinks: readonly ScanSink[], options: RunScanOptions = {}): Promise<ScanResult> {
  let validated: ScanRequest;
  try {
    validated = parseScanRequest(request);
  } catch (error) {
    await failSinks(sinks, error);
    throw error;
  }
  return runValidatedInProcess(validated, sinks, options);
}

async function runValidatedInProcess(validated: ScanRequest, sinks: readonly ScanSink[], options: RunScanOptions): Promise<ScanResult> {
  const start: ScanStart = {
    scanId: validated.scanId ?? randomUUID(),
    startedAt: new Date().toISOString(),
    productVersion: options.productVersion ?? UNKNOWN_VERSION,
    request: validated,
  };
  const { signal, timedOut } = scanSignal(validated, options.signal);
  return runWithSinks(sinks, start, async () => {
    const result = await executeScan({ ...(await compileRequest(validated, start, options, signal)), sinks });
    return { ...result, timedOut: timedOut() };
  });
}

/**
 * The sinks' lifecycle around a scan: `begin` on each, the scan, then `end(result)` on each; on an
 * error, `fail(error)` on each and the error rethrown. Shared by every executor.
 */
export async function runWithSinks(sinks: readonly ScanSink[], start: ScanStart, scan: () => Promise<ScanResult>): Promise<ScanResult> {
  let result: ScanResult;
  try {
    for (const sink of sinks) await sink.begin?.(start);
    result = await scan();
  } catch (error) {
    await failSinks(sinks, error);
    throw error;
  }
  for (const sink of sinks) await sink.end?.(result);
  return result;
}

/**
 * The scan's abort signal: the caller's (Ctrl-C) combined with the request's time limit, and
 * whether the time limit is what fired (the CLI exits 4 for a timeout, 130 for Ctrl-C).
 */
export function scanSignal(request: Pick<ScanRequest, 'limits'>, signal: AbortSignal | undefined): { readonly signal: AbortSignal | undefined; timedOut(): boolean } {
  const timeout = request.limits.timeoutSeconds ? AbortSignal.timeout(request.limits.timeoutSeconds * 1000) : undefined;
  const signals = [signal, timeout].filter((candidate): candidate is AbortSignal => candidate !== undefined);
  return { signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0], timedOut: () => timeout?.aborted ?? false };
}

async function failSinks(sinks: readonly ScanSink[], error: unknown): Promise<void> {
  for (const sink of sinks) {
    try {
      await sink.fail?.(error);
    } catch {
      // The scan's own error is the one the caller must see; a sink that cannot clean up after it
      // must not replace it, nor keep the other sinks from cleaning up.
    }
  }
}

/**
 * The request as the options `executeScan` applies: checks from the registry, compiled mutelist and
 * filters; `source` replaces the request's own (a task evaluating scopes already collected).
 */
export async function compileRequest(request: ScanRequest, start: ScanStart, options: RunScanOptions, signal: AbortSignal | undefined, source?: ScanSource): Promise<Omit<ScanOptions, 'sinks'>> {
  const { scope, limits, output } = request;
  const regions = scope.regions?.length ? scope.regions : undefined;
  const resourceScope = resourceScopeFilter({ ...(scope.resources?.tags ? { tags: scope.resources.tags } : {}), ...(scope.resources?.arns ? { arns: scope.resources.arns } : {}) });
  return {
    provider: request.provider,
    source: source ?? (await compileSource(request, regions, options.resolveSecret)),
    checks: checksOfRequest(request),
    config: request.config,
    // Compiled at the start of the scan: whether a rule has expired is judged now.
    ...(request.mutelist ? { mutelist: compileMutelist(request.mutelist) } : {}),
    ...(resourceScope ? { resourceScope } : {}),
    ...(scope.resources?.collectOnly && scope.resources.arns ? { collectTargets: scope.resources.arns } : {}),
    ...(output.statuses ? { outputStatuses: new Set(output.statuses) } : {}),
    ...(output.snapshotOut ? { snapshotOut: output.snapshotOut } : {}),
    complianceRefs: frameworksForCheck,
    ...(signal ? { signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    productVersion: start.productVersion,
    scanId: start.scanId,
    startedAt: start.startedAt,
    ...(request.tenantId ? { tenantId: request.tenantId } : {}),
    ...(scope.accounts ? { accounts: scope.accounts } : {}),
    ...(scope.partition ? { partition: scope.partition } : {}),
    ...(options.accountMetadata ? { accountMetadata: options.accountMetadata } : {}),
    ...(limits.maxConcurrency ? { maxConcurrency: limits.maxConcurrency } : {}),
    ...(limits.maxAccountsInFlight ? { maxAccountsInFlight: limits.maxAccountsInFlight } : {}),
    ...(limits.retryPolicy ? { retryPolicy: limits.retryPolicy } : {}),
    ...(options.rateLimitBudgets ? { rateLimitBudgets: options.rateLimitBudgets } : {}),
  };
}

/** The request's source as `executeScan` reads it (also how the worker-thread executor connects to discover an organization). */
export async function compileSource(request: ScanRequest, regions: readonly string[] | undefined, resolveSecret?: RunScanOptions['resolveSecret']): Promise<ScanSource> {
  const { source } = request;
  if (source.kind === 'snapshot') return { kind: 'snapshot', path: source.path, ...(regions ? { regions } : {}) };
  const transport = request.transport ? await loadTransport(request.transport) : undefined;
  if (source.kind === 'azure') {
    let servicePrincipal: AzureServicePrincipal | undefined;
    if (source.credentials) {
      if (!resolveSecret) throw new InputError('REQUEST_INVALID', 'names a stored secret, but this process has no way to open stored secrets', { field: 'source.credentials.secretRef' });
      const stored = await resolveSecret(source.credentials.secretRef);
      if (!('clientId' in stored)) throw new InputError('REQUEST_INVALID', 'the stored secret holds no Azure service principal', { field: 'source.credentials.secretRef' });
      servicePrincipal = stored;
    }
    return {
      kind: 'azure',
      connect: {
        cloud: source.cloud,
        ...(servicePrincipal ? { servicePrincipal } : {}),
        ...(source.tenantId ? { tenantId: source.tenantId } : {}),
        ...(source.subscriptionIds ? { subscriptionIds: source.subscriptionIds } : {}),
        ...(regions ? { regions } : {}),
        ...(transport?.requestHandler
          ? { transport: { http: transport.requestHandler as HttpTransport, ...(transport.tokens ? { tokens: transport.tokens as TokenSource } : {}) } }
          : {}),
      },
    };
  }
  const { credentials, targets } = source;
  let stored: StaticCredentials | undefined;
  if (credentials.secretRef !== undefined) {
    if (!resolveSecret) throw new InputError('REQUEST_INVALID', 'names a stored secret, but this process has no way to open stored secrets', { field: 'source.credentials.secretRef' });
    const opened = await resolveSecret(credentials.secretRef);
    if (!('accessKeyId' in opened)) throw new InputError('REQUEST_INVALID', 'the stored secret holds no AWS access keys', { field: 'source.credentials.secretRef' });
    stored = opened;
  }
  const connect: AwsConnectOptions = {
    ...(credentials.profile ? { profile: credentials.profile } : {}),
    ...(regions ? { regions } : {}),
    ...(credentials.endpointUrl ? { endpointUrl: credentials.endpointUrl } : {}),
    ...(credentials.assumeRole ? { assumeRole: credentials.assumeRole } : {}),
    ...(stored ? { credentials: stored } : transport?.credentials ? { credentials: transport.credentials } : {}),
    ...(transport?.region ? { region: transport.region } : {}),
    ...(transport?.requestHandler ? { transport: { handler: transport.requestHandler } } : {}),
  };
  return { kind: 'aws', connect, ...(targets ? { targets } : {}) };
}

async function loadTransport(transport: NonNullable<ScanRequest['transport']>): Promise<TransportSettings> {
  // A module path is resolved from this file: give an absolute path, a file URL or a package name.
  const loaded = (await import(transport.module)) as Record<string, unknown>;
  const build = loaded[transport.export];
  if (typeof build !== 'function') throw new InputError('REQUEST_INVALID', `${transport.module} has no function export "${transport.export}"`, { field: 'transport.export' });
  const built: unknown = await build(transport.options);
  // The export returns the request handler itself, or plain settings that also say who calls and
  // from where (the simulated AWS knows accounts by their access keys).
  return isTransportSettings(built) ? built : { requestHandler: built };
}

function isTransportSettings(value: unknown): value is TransportSettings {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.keys(value).every((key) => key === 'requestHandler' || key === 'credentials' || key === 'region' || key === 'tokens');
}

async function loadWorkerExecutor(): Promise<WorkerExecutor> {
  // The executor lives in its own module (a chunk of its own in the CLI bundle), loaded only by
  // scans that use worker threads.
  const { runScanOnWorkers } = await import('./worker-executor.ts');
  return runScanOnWorkers;
}
