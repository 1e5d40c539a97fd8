/**
 * Scans as jobs: a scan is queued in the store, claimed by one server process, run through the
 * engine's `runScan` with the store and the report files as sinks, and ended `completed`, `failed`
 * (with the engine's or the provider's error code) or `cancelled`. The job logic lives here, not in
 * the API's routes; the same runner is what a queue worker or a Step Functions task would drive.
 *
 * Guarantees:
 * - one process claims a queued scan (the store's guarded state change `queued → running`), and two
 *   scans of one provider never run at once: the older one runs first, the other waits;
 * - a running scan holds a lease it renews; a scan whose process died (lease expired) is marked
 *   `failed` (`ServerStopped`) when a runner starts or polls, and, with `resume`, queued again as a
 *   new scan of the same provider and scope;
 * - cancelling a queued scan ends it at once; a running one stops at the engine's next check point
 *   and ends `cancelled`, its stored findings kept;
 * - findings are acknowledged batch by batch as the store writes them (see store-sink.ts).
 *
 * Concurrent scans in one process share its rate-limit budgets per account × region × API: two
 * scans reaching one account never exceed what one scan may ask of it.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRateLimitBudgets, runScan } from '@palisade/engine';
import type { ScanProgress, ScanRequest, ScanResult, ScanSink, StoredCredentials } from '@palisade/engine';
import type { ComplianceReport } from '@palisade/compliance';
import { createFileSinks } from '@palisade/outputs';
import type { Scan, ScanProgressRecord, Store, TenantStore } from '@palisade/store';
import { allMuteRules } from './mute-transfer.ts';
import { coverageOf, scanRequestFor } from './scan-request.ts';
import type { ScanScopeInput } from './scan-request.ts';
import { createStoreSink } from './store-sink.ts';

export interface ScanJobRunnerOptions {
  readonly store: Store;
  /** This process, as leases name it (e.g. `host:pid:random`). */
  readonly worker: string;
  readonly productVersion: string;
  /** Reports are written under `<reportsDir>/<scanId>/`. */
  readonly reportsDir: string;
  /** Scans run at once by this process (default 2). */
  readonly concurrency?: number;
  /** Opens a provider's stored credentials; absent: providers with stored credentials fail to scan. */
  readonly openSecret?: (tenantId: string, secretId: string) => Promise<StoredCredentials>;
  /** Queue a new scan for each scan found orphaned (default true). */
  readonly resume?: boolean;
  readonly leaseSeconds?: number;
  readonly pollIntervalMs?: number;
  readonly now?: () => Date;
  /**
   * Benchmark and test hook, never set by `palisade serve`: the SDK transport every live scan uses
   * (`ScanRequest.transport`), e.g. the benchmark's simulated AWS.
   */
  readonly transport?: ScanRequest['transport'];
  /**
   * Called once a scan is stored as `completed` (alerts); it must not wait or throw: whatever it
   * does runs in the background and cannot change the scan.
   */
  readonly onCompleted?: (tenantId: string, scanId: string) => void;
  /**
   * Hands each claimed scan to workers elsewhere (queue workers, a Step Functions execution)
   * instead of running it here; they renew its lease as they run its tasks and end it. A scan
   * whose hand-over throws ends `failed` with the error's code.
   */
  readonly dispatch?: (scan: Scan) => Promise<void>;
  /** Operational events (never secrets): scan started, ended, recovered. */
  readonly log?: (event: { readonly level: 'info' | 'warn' | 'error'; readonly message: string; readonly tenantId?: string; readonly scanId?: string }) => void;
}

/** Report files of a scan, by the name the API serves them under. */
export const REPORT_FORMATS = ['json-ocsf', 'csv', 'html'] as const;

interface RunningScan {
  readonly abort: AbortController;
  cancelled: boolean;
  readonly done: Promise<void>;
}

export class ScanJobRunner {
  private readonly running = new Map<string, RunningScan>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopped = true;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly now: () => Date;
  /** One budget per account × region × API for every scan this process runs at once. */
  private readonly budgets = createRateLimitBudgets();

  constructor(private readonly options: ScanJobRunnerOptions) {
    this.concurrency = options.concurrency ?? 2;
    this.leaseMs = (options.leaseSeconds ?? 60) * 1000;
    this.now = options.now ?? (() => new Date());
  }

  /** Recovers scans orphaned by a stopped process, then polls for queued scans. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.options.pollIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** Stops claiming scans and stops the running ones: they end `failed` (`ServerStopped`) and are queued again on the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.polling;
    for (const scan of this.running.values()) scan.abort.abort();
    await Promise.all([...this.running.values()].map((scan) => scan.done));
  }

  /** Looks for work now (a scan was just queued). */
  wake(): void {
    void this.poll();
  }

  /** Cancels a queued or running scan; false when it is already over (or unknown). */
  async cancel(tenantId: string, scanId: string): Promise<boolean> {
    const tenant = this.options.store.forTenant(tenantId);
    const finishedAt = this.now().toISOString();
    if (await tenant.updateScan(scanId, { state: 'cancelled', finishedAt }, ['queued'])) return true;
    const running = this.running.get(scanId);
    if (running) {
      running.cancelled = true;
      running.abort.abort();
      return true;
    }
    // Running in another process: it sees the state when it renews its lease and stops.
    return tenant.updateScan(scanId, { state: 'cancelled', finishedAt }, ['running']);
  }

  /**
   * One pass over the unfinished scans without starting to poll: recovers orphaned scans and claims
   * (and, with `dispatch`, hands over) the queued ones that may start. For a caller that runs only
   * now and then (a function invoked on a schedule or after a request).
   */
  async claimOnce(): Promise<void> {
    const stopped = this.stopped;
    this.stopped = false;
    try {
      await this.claim();
    } finally {
      this.stopped = stopped;
    }
  }

  /** Resolves once no scan is running or queued for this process to take (tests, graceful shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      await this.poll();
      if (!this.running.size) {
        const pending = await this.options.store.system.unfinishedScans(this.now().toISOString());
        if (!pending.length) return;
      }
      await Promise.all([...this.running.values()].map((scan) => scan.done));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private poll(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.polling ??= this.claim().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async claim(): Promise<void> {
    const { store } = this.options;
    const now = this.now();
    for (const scan of await store.system.unfinishedScans(now.toISOString())) {
      if (this.stopped || this.running.size >= this.concurrency) return;
      if (this.running.has(scan.id)) continue;
      const tenant = store.forTenant(scan.tenantId);
      if (scan.state === 'running') {
        await this.recover(tenant, scan);
        continue;
      }
      // The provider's running scan, or its oldest queued one: only that one may start.
      const active = await tenant.activeScan(scan.providerId);
      if (active && active.id !== scan.id) continue;
      const claimed = await tenant.updateScan(
        scan.id,
        { state: 'running', startedAt: now.toISOString(), worker: this.options.worker, leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString() },
        ['queued'],
      );
      if (!claimed) continue;
      if (this.options.dispatch) await this.handOver(tenant, scan);
      else this.launch(tenant, scan);
    }
  }

  private async handOver(tenant: TenantStore, scan: Scan): Promise<void> {
    try {
      await this.options.dispatch!(scan);
      this.options.log?.({ level: 'info', message: 'scan handed to workers', tenantId: scan.tenantId, scanId: scan.id });
    } catch (error) {
      const failure = errorOf(error);
      this.options.log?.({ level: 'warn', message: `scan could not be handed to workers: ${failure.code}`, tenantId: scan.tenantId, scanId: scan.id });
      await tenant.updateScan(scan.id, { state: 'failed', finishedAt: this.now().toISOString(), error: failure }, ['running']);
    }
  }

  /** A running scan whose lease expired: its process is gone. */
  private async recover(tenant: TenantStore, scan: Scan): Promise<void> {
    const at = this.now().toISOString();
    const failed = await tenant.updateScan(
      scan.id,
      { state: 'failed', finishedAt: at, error: { code: 'ServerStopped', message: `the server process running this scan (${scan.worker ?? 'unknown'}) stopped before it finished; findings stored until then are kept` } },
      ['running'],
    );
    if (!failed) return;
    this.options.log?.({ level: 'warn', message: 'scan orphaned by a stopped server marked failed', tenantId: scan.tenantId, scanId: scan.id });
    if (this.options.resume ?? true) {
      const again = await tenant.createScan({ providerId: scan.providerId, trigger: scan.trigger, ...(scan.scheduleId ? { scheduleId: scan.scheduleId } : {}), ...(scan.scope ? { scope: scan.scope } : {}), ...(scan.createdBy ? { createdBy: scan.createdBy } : {}) });
      this.options.log?.({ level: 'info', message: `queued again as scan ${again.id}`, tenantId: scan.tenantId, scanId: scan.id });
    }
  }

  private launch(tenant: TenantStore, scan: Scan): void {
    const abort = new AbortController();
    const entry: RunningScan = { abort, cancelled: false, done: Promise.resolve() };
    this.running.set(scan.id, entry);
    (entry as { done: Promise<void> }).done = this.run(tenant, scan, entry)
      .catch((error: unknown) => this.options.log?.({ level: 'error', message: `scan bookkeeping failed: ${(error as Error).message}`, tenantId: scan.tenantId, scanId: scan.id }))
      .finally(() => {
        this.running.delete(scan.id);
        this.wake();
      });
  }

  /** Hands a completed scan to the `onCompleted` hook; nothing it throws reaches the scan. */
  private completed(scan: Scan): void {
    try {
      this.options.onCompleted?.(scan.tenantId, scan.id);
    } catch (error) {
      this.options.log?.({ level: 'error', message: `after-completion hook failed: ${(error as Error).message}`, tenantId: scan.tenantId, scanId: scan.id });
    }
  }

  private async run(tenant: TenantStore, scan: Scan, entry: RunningScan): Promise<void> {
    const { options } = this;
    options.log?.({ level: 'info', message: 'scan started', tenantId: scan.tenantId, scanId: scan.id });
    const progress = new ProgressTracker(tenant, scan.id, this.now);
    const lease = setInterval(() => {
      void (async () => {
        const renewed = await tenant.updateScan(scan.id, { leaseUntil: new Date(this.now().getTime() + this.leaseMs).toISOString() }, ['running']);
        // Cancelled by another process (or ended elsewhere): stop.
        if (!renewed) {
          entry.cancelled = true;
          entry.abort.abort();
        }
      })().catch(() => undefined);
    }, Math.max(1000, this.leaseMs / 3));
    lease.unref();
    let result: ScanResult | undefined;
    try {
      const request = await buildScanRequest(tenant, scan, options.transport);
      const outputDir = join(options.reportsDir, scan.id);
      await mkdir(outputDir, { recursive: true });
      const files = await createFileSinks({
        outputDir,
        baseName: 'palisade',
        formats: REPORT_FORMATS,
        frameworks: request.scope.frameworks,
        scan: { scanId: scan.id, startedAt: this.now().toISOString(), productVersion: options.productVersion },
      });
      const storeSink = createStoreSink(tenant, scan.id, { onStored: (stored) => progress.stored(stored) });
      const sinks: ScanSink[] = [storeSink, ...(files.sinks as readonly ScanSink[])];
      const openSecret = options.openSecret;
      result = await runScan(request, sinks, {
        signal: entry.abort.signal,
        productVersion: options.productVersion,
        onProgress: (event) => progress.event(event),
        rateLimitBudgets: this.budgets,
        ...(openSecret ? { resolveSecret: (reference: string) => openSecret(scan.tenantId, reference) } : {}),
      });
      if (result.interrupted) {
        const finishedAt = this.now().toISOString();
        if (entry.cancelled) await tenant.updateScan(scan.id, { state: 'cancelled', finishedAt, summary: summaryOf(result) }, ['running']);
        else if (result.timedOut) await tenant.updateScan(scan.id, { state: 'failed', finishedAt, summary: summaryOf(result), error: { code: 'TimedOut', message: 'the scan reached its time limit' } }, ['running']);
        else await tenant.updateScan(scan.id, { state: 'failed', finishedAt, summary: summaryOf(result), error: { code: 'ServerStopped', message: 'the server stopped while this scan ran; findings stored until then are kept' } }, ['running']);
        return;
      }
      await tenant.completeScanFindings(scan.id, coverageOf(request, result.accountsScanned));
      await progress.flush(true);
      const compliance = complianceOf(files.complianceReports());
      const completed = await tenant.updateScan(scan.id, { state: 'completed', finishedAt: this.now().toISOString(), summary: { ...summaryOf(result), compliance }, progress: { ...progress.current, percent: 100, resources: result.summary.resources } }, ['running']);
      options.log?.({ level: 'info', message: `scan completed: ${storeSink.stored()} findings`, tenantId: scan.tenantId, scanId: scan.id });
      if (completed) this.completed(scan);
    } catch (error) {
      const failure = errorOf(error);
      options.log?.({ level: 'warn', message: `scan failed: ${failure.code}`, tenantId: scan.tenantId, scanId: scan.id });
      await tenant.updateScan(scan.id, { state: entry.cancelled ? 'cancelled' : 'failed', finishedAt: this.now().toISOString(), ...(entry.cancelled ? {} : { error: failure }) }, ['running']);
    } finally {
      clearInterval(lease);
    }
  }
}

/**
 * The engine's request for a claimed scan: its provider and scope, the tenant's mute rules as the
 * mutelist, the test transport when one is set; recorded on the scan (no secret: credentials travel
 * by reference).
 */
export async function buildScanRequest(tenant: TenantStore, scan: Scan, transport?: ScanRequest['transport']): Promise<ScanRequest> {
  const provider = await tenant.getProvider(scan.providerId);
  if (!provider) throw Object.assign(new Error(`provider ${scan.providerId} no longer exists`), { code: 'ProviderNotFound' });
  const tenantRow = await tenant.getTenant();
  const planned = scanRequestFor({
    scanId: scan.id,
    tenantId: scan.tenantId,
    externalId: tenantRow.externalId,
    provider,
    ...(scan.scope ? { scope: scan.scope as ScanScopeInput } : {}),
    mutes: await allMuteRules(tenant),
  });
  const request = transport && planned.source.kind !== 'snapshot' ? { ...planned, transport } : planned;
  await tenant.updateScan(scan.id, { request: request as unknown as Record<string, unknown> }, ['running']);
  return request;
}

/** What the scan record keeps of the engine's result: its summary, errors and coverage (plain JSON). */
export function summaryOf(result: ScanResult): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify({
      ...result.summary,
      errors: result.errors,
      accountsScanned: result.accountsScanned,
      notScanned: result.notScanned,
      expiredMuteRules: result.expiredMuteRules,
      interrupted: result.interrupted,
    }),
  ) as Record<string, unknown>;
}

/** Each framework's requirements with their status and counts: what the compliance overview serves. */
export function complianceOf(reports: readonly ComplianceReport[]): Record<string, unknown> {
  return Object.fromEntries(
    reports.map((report) => [
      report.framework,
      {
        framework: report.framework,
        name: report.name,
        version: report.version,
        requirements: report.requirements.map((requirement) => ({
          id: requirement.id,
          title: requirement.title,
          section: requirement.section,
          status: requirement.status,
          reason: requirement.reason,
          checks: requirement.checks,
          pass: requirement.counts.PASS,
          fail: requirement.counts.FAIL,
          error: requirement.counts.ERROR,
          manual: requirement.counts.MANUAL,
          muted: requirement.counts.muted,
        })),
      },
    ]),
  );
}

/** The error a failed scan records: the engine's or the provider's code, and its message (never a stack). */
export function errorOf(error: unknown): { code: string; message: string } {
  const code = (error as { code?: unknown })?.code;
  const message = (error as Error)?.message ?? String(error);
  return { code: typeof code === 'string' && code ? code : 'ScanFailed', message };
}

/** Progress from the engine's events, written to the store at most once a second. */
class ProgressTracker {
  current: ScanProgressRecord = { percent: 0, resources: 0, findings: 0 };
  private accountsTotal: number | undefined;
  private readonly accountsDone = new Set<string>();
  private lastWrite = 0;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly tenant: TenantStore,
    private readonly scanId: string,
    private readonly now: () => Date,
  ) {}

  event(event: ScanProgress): void {
    if (event.phase === 'connect' && event.accounts !== undefined) this.accountsTotal = event.accounts;
    if (event.phase === 'evaluate') {
      this.accountsDone.add(event.accountId);
      const share = event.snapshot && event.snapshot.fileBytes ? event.snapshot.bytesRead / event.snapshot.fileBytes : this.accountsTotal ? this.accountsDone.size / this.accountsTotal : undefined;
      if (share !== undefined) this.current = { ...this.current, percent: Math.min(99, Math.floor(share * 100)) };
    }
    this.current = { ...this.current, accountsDone: this.accountsDone.size, ...(this.accountsTotal ? { accountsTotal: this.accountsTotal } : {}) };
    void this.flush(false);
  }

  stored(findings: number): void {
    this.current = { ...this.current, findings };
    void this.flush(false);
  }

  flush(force: boolean): Promise<unknown> {
    const at = this.now().getTime();
    if (!force && at - this.lastWrite < 1000) return this.writing;
    this.lastWrite = at;
    const progress = this.current;
    this.writing = this.writing.then(() => this.tenant.updateScan(this.scanId, { progress }, ['running'])).catch(() => undefined);
    return this.writing;
  }
}
