/**
 * A scan: scopes (AWS accounts, Azure subscriptions and tenants) come from a snapshot file or from a
 * provider's live collection (for AWS: the current credentials, or an organization with one assumed
 * role per member account; for Azure: the subscriptions the signed-in identity sees, and its tenant).
 * This is the shared path, the same for every provider: each check runs as soon as every service
 * it reads is collected in every location, and a service's data is dropped once no pending check
 * needs it. Findings are muted and streamed to the sinks in batches; only counters are kept, so
 * memory does not grow with the findings. What is provider-specific (snapshot format, the scope as
 * a resource, connecting and collecting) comes from the provider module (provider.ts).
 */
import { randomUUID } from 'node:crypto';
import { InputError, findingUid, toFindingCheck } from '@palisade/core';
import type { Check, CheckResult, Finding, FindingCheck, FindingStatus, ResourceRef, ScanError, ScopeSnapshot } from '@palisade/core';
import type { CollectorLimits, RateLimitBudgets, RetryPolicy, ServiceCounters } from '@palisade/providers';
import type { AwsLiveSource } from './aws-provider.ts';
import type { AzureLiveSource } from './azure-provider.ts';
import type { CollectProgress } from './collect.ts';
import type { ScanConfig } from './config.ts';
import { regionScopeFilter } from './filters.ts';
import { muteRuleRefs, type Mutelist } from './mutelist.ts';
import { getProvider } from './provider.ts';
import type { LiveScan, ProviderModule, ScopeEvaluation, ScopeSnapshotWriter } from './provider.ts';
import type { SnapshotReadPosition } from './snapshot-io.ts';
import { SummaryBuilder } from './summary.ts';
import type { ScanSummary } from './summary.ts';

/** Receives findings in batches; the output writers implement it. */
export interface FindingSink {
  /**
   * `output` (default): the findings `outputStatuses` selects, those meant for outputs. `all`:
   * every in-scope finding whatever its status (compliance status and progress count them all).
   */
  readonly receives?: 'output' | 'all';
  write(batch: readonly Finding[]): Promise<void>;
}

export type { AwsConnectOptions, AwsLiveSource, AwsTransport, OrganizationTargets, StaticAwsCredentials } from './aws-provider.ts';
export type { AzureConnectOptions, AzureLiveSource, AzureTransport } from './azure-provider.ts';

/**
 * Where the scopes come from: a snapshot file of the scan's provider, the provider's live
 * collection, or scopes already in hand (a task-planned scan assembles each from its parts):
 * `origin` says whether they were read from a snapshot file (requested regions are narrowed and
 * reported missing, as for the file) or collected live (only requested regions were collected).
 */
export type ScanSource =
  | { readonly kind: 'snapshot'; readonly path: string; readonly regions?: readonly string[] }
  | { readonly kind: 'scopes'; readonly scopes: AsyncIterable<ScopeSnapshot> | Iterable<ScopeSnapshot>; readonly origin: 'snapshot' | 'live'; readonly regions?: readonly string[] }
  | AwsLiveSource
  | AzureLiveSource;

/** A source a provider collects itself. */
export type LiveSource = Exclude<ScanSource, { kind: 'snapshot' | 'scopes' }>;

export type ScanProgress =
  /** `accounts`: how many accounts the scan will cover, once known (live scans). */
  | { readonly phase: 'connect'; readonly message: string; readonly accounts?: number }
  | ({ readonly phase: 'collect' } & CollectProgress)
  /** `snapshot`: how far the snapshot file has been read (snapshot scans), for a rate and an ETA. */
  | { readonly phase: 'evaluate'; readonly accountId: string; readonly findings: number; readonly snapshot?: SnapshotReadPosition };

export interface ScanOptions {
  /** The provider module whose scopes are scanned (`registerProvider`); default `aws`. */
  readonly provider?: string;
  readonly source: ScanSource;
  readonly checks: readonly Check[];
  readonly config: ScanConfig;
  readonly mutelist?: Mutelist;
  /** In-scope resources (`--resource-tag`, `--resource-arn`); out-of-scope results are dropped. */
  readonly resourceScope?: (resource: ResourceRef) => boolean;
  /** Statuses written to outputs (`--status`); the summary and exit code still see every finding in scope. */
  readonly outputStatuses?: ReadonlySet<FindingStatus>;
  readonly sinks: readonly FindingSink[];
  /** Also called with every in-scope finding (compliance accumulators). */
  readonly observers?: readonly ((finding: Finding) => void)[];
  readonly snapshotOut?: string;
  readonly complianceRefs?: (checkId: string) => readonly string[];
  /** Aborts the scan (Ctrl-C, --scan-timeout): outputs stay valid and the result says what was not scanned. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ScanProgress) => void;
  readonly now?: () => Date;
  readonly batchSize?: number;
  readonly productVersion: string;
  /** Given by the caller when outputs need it before the scan starts. */
  readonly scanId?: string;
  /** Given with `scanId`, when sinks were told the start time before the scan started. */
  readonly startedAt?: string;
  /** Copied onto every finding. */
  readonly tenantId?: string;
  /** Only these accounts of the source (how a scan is split between executors); the others are skipped without a word. */
  readonly accounts?: readonly string[];
  /** One share of a snapshot split between executors: the accounts whose position among the file's accounts in scope (`accounts`), modulo `count`, is `index`. */
  readonly partition?: { readonly index: number; readonly count: number };
  /**
   * Organization metadata (OU path, tags) of member accounts given as `targets.resolved`, read by
   * another thread (the worker-thread executor's main thread); findings wait for it.
   */
  readonly accountMetadata?: (accountId: string) => Promise<{ readonly ouPath?: string; readonly tags?: Readonly<Record<string, string>> }>;
  /** Collection tasks in flight across all accounts (`--max-concurrency`). */
  readonly maxConcurrency?: number;
  /** Accounts collected at the same time; bounds memory for large organizations. */
  readonly maxAccountsInFlight?: number;
  readonly collectorLimits?: CollectorLimits;
  /** A targeted re-scan: the ARNs of the only resources collectors read (`CollectorContext.targets`). */
  readonly collectTargets?: readonly string[];
  /** The gateway's retry policy (default `classified`); the benchmark compares it with `uniform`. */
  readonly retryPolicy?: RetryPolicy;
  /**
   * Rate-limit budgets shared with the other scans of this process (`createRateLimitBudgets`), so
   * that concurrent scans of one account × region × API draw from one budget; default: the scan's own.
   */
  readonly rateLimitBudgets?: RateLimitBudgets;
  /** Counts the scan's findings into this builder instead of a fresh one (a task's share of a scan, merged later). */
  readonly summary?: SummaryBuilder;
}

export interface ScanResult {
  readonly scanId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly summary: ScanSummary;
  /** Errors not tied to one check: accounts that could not be accessed, collector failures, regions not enabled. */
  readonly errors: readonly ScanError[];
  readonly apiCounters: Record<string, ServiceCounters>;
  readonly interrupted: boolean;
  readonly accountsScanned: readonly string[];
  /** What an interruption or an access failure left unscanned, one line per account. */
  readonly notScanned: readonly string[];
  readonly expiredMuteRules: readonly string[];
  /**
   * Requested regions (`--region`) that no account of the snapshot holds. Each account without a
   * requested region also has a `RegionNotInSnapshot` scan error.
   */
  readonly regionsNotInSnapshot: readonly string[];
  /**
   * Set when the snapshot broke off or held a damaged line after its first accounts: those were
   * evaluated and written, the rest of the file could not be read.
   */
  readonly snapshotError?: InputError;
  /** Set by `runScan`: the request's time limit (`limits.timeoutSeconds`) stopped the scan. */
  readonly timedOut?: boolean;
}

export function requiredServices(checks: readonly Check[]): Set<string> {
  return new Set(checks.flatMap((check) => check.requires));
}

/** Runs a scan from compiled options (checks, matchers, filters); `runScan` builds them from a request. */
export async function executeScan(options: ScanOptions): Promise<ScanResult> {
  const scanId = options.scanId ?? randomUUID();
  const now = options.now ?? (() => new Date());
  const startedAt = options.startedAt ?? now().toISOString();
  const summary = options.summary ?? new SummaryBuilder();
  const mutelist = options.mutelist;
  if (mutelist) summary.trackMuteRules(muteRuleRefs(mutelist));
  const errors: ScanError[] = [];
  const accountsScanned: string[] = [];
  const notScanned: string[] = [];
  const emitter = new FindingEmitter(options.sinks, options.batchSize ?? 500, options.outputStatuses);
  const inAccountScope = (accountId: string) => !options.accounts || options.accounts.includes(accountId);
  const outputCount = (findings: readonly Finding[]) => (options.outputStatuses ? findings.filter((finding) => options.outputStatuses!.has(finding.status)).length : findings.length);
  const provider = getProvider(options.provider ?? 'aws');
  let apiCounters: Record<string, ServiceCounters> = {};
  const snapshotWriter = options.snapshotOut ? await provider.openSnapshotWriter(options.snapshotOut, `palisade ${options.productVersion}`) : undefined;

  // A resource in a region that was not asked for is out of scope, wherever it was listed: S3
  // buckets are listed once per account and trails appear in every region they log.
  const source = options.source;
  const inRequestedRegions = regionScopeFilter(source.kind === 'snapshot' || source.kind === 'scopes' ? source.regions : provider.liveRegions?.(source));

  const evaluate = (check: Check, account: ScopeSnapshot): Finding[] => {
    const out: Finding[] = [];
    const time = now();
    // Checks judge the state as it was observed: ages and expiries count to the collection time,
    // so a snapshot scanned later gives the same results as the live scan that produced it.
    const observedAt = new Date(account.collectedAt);
    const evaluationTime = Number.isNaN(observedAt.getTime()) ? time : observedAt;
    for (const result of evaluateCheck(check, account, provider, options, evaluationTime)) {
      if (inRequestedRegions && !inRequestedRegions(result.resource)) continue;
      if (options.resourceScope && !options.resourceScope(result.resource)) continue;
      const finding = toFinding(result, check, account, provider, scanId, time, options);
      summary.add(finding);
      for (const observe of options.observers ?? []) observe(finding);
      // Every in-scope finding goes to the emitter, which gives each sink the statuses it receives.
      out.push(finding);
    }
    return out;
  };

  let completed = false;
  let snapshotError: InputError | undefined;
  const regionsInSnapshot = new Set<string>();
  try {
    if (source.kind === 'snapshot' || source.kind === 'scopes') {
      // Scopes collected live hold only the requested regions: nothing to narrow or report missing.
      const requested = source.kind === 'scopes' && source.origin === 'live' ? [] : (source.regions ?? []);
      const path = source.kind === 'snapshot' ? source.path : 'the scan’s parts';
      let position: SnapshotReadPosition | undefined;
      let accountsRead = 0;
      let accountsInScope = 0;
      try {
        for await (const account of source.kind === 'snapshot' ? provider.readSnapshot(source.path, { onPosition: (at) => (position = at) }) : source.scopes) {
          accountsRead += 1;
          if (!inAccountScope(account.accountId)) continue;
          // Another executor's share: positions count the accounts in scope, so named accounts split evenly too.
          accountsInScope += 1;
          if (options.partition && (accountsInScope - 1) % options.partition.count !== options.partition.index) continue;
          if (options.signal?.aborted) {
            notScanned.push(`account ${account.accountId}: not evaluated (interrupted)`);
            continue;
          }
          // A scope without locations (an Azure tenant's directory) is neither narrowed nor missing a region.
          const located = requested.length > 0 && provider.hasLocations?.(account) !== false;
          if (located) {
            for (const region of requested) {
              if (account.regions.includes(region)) regionsInSnapshot.add(region);
              else errors.push(regionNotInSnapshot(account.accountId, region));
            }
          }
          const narrowed = located ? provider.narrowRegions(account, requested) : account;
          errors.push(...provider.scopeErrors(narrowed));
          let count = 0;
          for (const check of options.checks) {
            const findings = evaluate(check, narrowed);
            count += outputCount(findings);
            await emitter.add(findings);
          }
          await emitter.flush();
          accountsScanned.push(account.accountId);
          options.onProgress?.({ phase: 'evaluate', accountId: account.accountId, findings: count, ...(position ? { snapshot: position } : {}) });
        }
      } catch (error) {
        // A snapshot that breaks off after its first accounts (an interrupted copy) keeps their
        // findings: the outputs stay valid and the caller reports the damage.
        if (!(error instanceof InputError) || error.code !== 'SNAPSHOT_INVALID' || accountsRead === 0) throw error;
        snapshotError = error;
        notScanned.push(`the rest of ${path} after its first ${accountsRead} account(s): unreadable`);
      }
    } else {
      if (!provider.scanLive) throw new InputError('USAGE', `the ${provider.id} provider reads snapshots only; it cannot scan live`, { field: 'source' });
      const services = requiredServices(options.checks);
      const live: LiveScan = {
        options,
        services,
        errors,
        notScanned,
        snapshotWriter,
        inScope: inAccountScope,
        onProgress: (event) => options.onProgress?.(event),
        beginScope: (scope) => scopeEvaluation({ options, provider, services, evaluate, outputCount, emitter, errors, accountsScanned, notScanned, snapshotWriter, ...(scope?.describe ? { describe: scope.describe } : {}) }),
      };
      ({ apiCounters } = await provider.scanLive(source, live));
    }
    completed = !options.signal?.aborted;
  } finally {
    await emitter.flush();
    if (snapshotWriter) {
      if (completed) await snapshotWriter.commit();
      else await snapshotWriter.discard();
    }
  }
  return {
    scanId,
    startedAt,
    finishedAt: now().toISOString(),
    summary: summary.build(),
    errors,
    apiCounters,
    interrupted: !completed,
    accountsScanned,
    notScanned,
    expiredMuteRules: expiredMuteRuleLines(options.mutelist),
    // Known only when every account was read.
    regionsNotInSnapshot:
      (source.kind === 'snapshot' || (source.kind === 'scopes' && source.origin === 'snapshot')) && completed && !snapshotError
        ? (source.regions ?? []).filter((region) => !regionsInSnapshot.has(region))
        : [],
    ...(snapshotError ? { snapshotError } : {}),
  };
}

interface ScopeState {
  readonly options: ScanOptions;
  readonly provider: ProviderModule;
  readonly services: ReadonlySet<string>;
  readonly evaluate: (check: Check, account: ScopeSnapshot) => Finding[];
  readonly outputCount: (findings: readonly Finding[]) => number;
  readonly emitter: FindingEmitter;
  readonly errors: ScanError[];
  readonly accountsScanned: string[];
  readonly notScanned: string[];
  readonly snapshotWriter: ScopeSnapshotWriter | undefined;
  readonly describe?: (snapshot: ScopeSnapshot) => Promise<void>;
}

/** One scope's checks, evaluated as the provider reports its services complete (see `ScopeEvaluation`). */
function scopeEvaluation(state: ScopeState): ScopeEvaluation {
  const { options, provider, services } = state;
  const pending = new Set(options.checks);
  const evaluating = new Set<Check>();
  const complete = new Set<string>();
  const keepData = Boolean(state.snapshotWriter);
  let count = 0;

  let described = !state.describe;
  const evaluateReady = async (snapshot: ScopeSnapshot) => {
    if (!described) {
      // Findings carry what `describe` adds (AWS: the account's OU path and tags): wait for it here, after collection has started.
      await state.describe?.(snapshot);
      described = true;
    }
    // Several services can complete at once: take each ready check out of `pending` before any
    // await, so no check is evaluated twice.
    const ready = [...pending].filter((check) => check.requires.every((service) => complete.has(service) || !services.has(service)));
    for (const check of ready) {
      pending.delete(check);
      evaluating.add(check);
    }
    for (const check of ready) {
      const findings = state.evaluate(check, snapshot);
      evaluating.delete(check);
      count += state.outputCount(findings);
      await state.emitter.add(findings);
    }
    if (keepData) return;
    // A service no pending or running check reads is released: memory follows what is still needed.
    for (const service of complete) {
      if ([...pending, ...evaluating].some((check) => check.requires.includes(service))) continue;
      provider.releaseService(snapshot, service);
    }
  };

  return {
    async serviceComplete(snapshot, service) {
      complete.add(service);
      await evaluateReady(snapshot);
    },
    async finish(snapshot) {
      state.errors.push(...provider.scopeErrors(snapshot));
      // Checks whose services all failed to complete (a collector crashed) still run: they report ERROR.
      for (const service of services) complete.add(service);
      await evaluateReady(snapshot);
      await state.emitter.flush();
      await state.snapshotWriter?.add(snapshot);
      state.accountsScanned.push(snapshot.accountId);
      options.onProgress?.({ phase: 'evaluate', accountId: snapshot.accountId, findings: count });
    },
    async abandon(snapshot, notCollected) {
      state.errors.push(...provider.scopeErrors(snapshot));
      state.notScanned.push(`account ${snapshot.accountId}: not collected (interrupted): ${notCollected.join(', ')}; ${pending.size} check(s) not evaluated`);
      await state.emitter.flush();
    },
  };
}

/**
 * Batches findings and writes them to every sink, one batch at a time, whatever the number of
 * accounts in flight. Each sink gets the batch's findings of the statuses it receives.
 */
class FindingEmitter {
  private batch: Finding[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sinks: readonly FindingSink[],
    private readonly batchSize: number,
    private readonly outputStatuses: ReadonlySet<FindingStatus> | undefined,
  ) {}

  async add(findings: readonly Finding[]): Promise<void> {
    for (const finding of findings) {
      this.batch.push(finding);
      if (this.batch.length >= this.batchSize) await this.flush();
    }
  }

  flush(): Promise<void> {
    if (this.batch.length) {
      const out = this.batch;
      this.batch = [];
      const statuses = this.outputStatuses;
      const output = statuses ? out.filter((finding) => statuses.has(finding.status)) : out;
      this.writing = this.writing.then(async () => {
        for (const sink of this.sinks) {
          const batch = sink.receives === 'all' ? out : output;
          if (batch.length) await sink.write(batch);
        }
      });
    }
    return this.writing;
  }
}

/** The mutelist's rules whose expiry has passed, one line each, as results list them. */
export function expiredMuteRuleLines(mutelist: Mutelist | undefined): string[] {
  return (mutelist?.expired ?? []).map((rule) => `${rule.account}/${rule.check} (expired ${rule.expires?.toISOString().slice(0, 10)})`);
}

function regionNotInSnapshot(accountId: string, region: string): ScanError {
  return {
    accountId,
    region,
    error: { api: 'snapshot', code: 'RegionNotInSnapshot', message: `region ${region} is not in the snapshot for account ${accountId}: its regional checks were not evaluated there`, region },
  };
}

function evaluateCheck(check: Check, account: ScopeSnapshot, provider: ProviderModule, options: ScanOptions, time: Date): readonly CheckResult[] {
  try {
    return check.evaluate(account, { config: options.config.checks, now: time });
  } catch (thrown) {
    // A check bug must be visible as ERROR, never an absence of findings.
    return [
      {
        status: 'ERROR',
        resource: provider.scopeResource(account),
        message: `check ${check.id} failed: ${(thrown as Error)?.message ?? String(thrown)}`,
        error: { api: check.id, code: 'CheckFailed', message: (thrown as Error)?.message ?? String(thrown) },
      },
    ];
  }
}

/** Findings carry plain metadata, built once per check and shared by all of its findings. */
const findingChecks = new WeakMap<Check, FindingCheck>();

function findingCheckOf(check: Check): FindingCheck {
  let meta = findingChecks.get(check);
  if (!meta) {
    meta = toFindingCheck(check);
    findingChecks.set(check, meta);
  }
  return meta;
}

function toFinding(result: CheckResult, check: Check, account: ScopeSnapshot, provider: ProviderModule, scanId: string, time: Date, options: ScanOptions): Finding {
  const scope = provider.describeScope(account);
  const base = {
    uid: findingUid({ provider: provider.id, checkId: check.id, accountId: account.accountId, region: result.resource.region, resourceUid: result.resource.uid }),
    scanId,
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
    check: findingCheckOf(check),
    status: result.status,
    message: result.message,
    severity: check.severity,
    provider: provider.id,
    ...(scope.partition ? { partition: scope.partition } : {}),
    accountId: account.accountId,
    ...(scope.kind ? { scopeKind: scope.kind } : {}),
    region: result.resource.region,
    resource: result.resource,
    time: time.toISOString(),
    compliance: options.complianceRefs?.(check.id) ?? [],
    ...(scope.alias ? { accountName: scope.alias } : {}),
    ...(scope.organization ? { organization: scope.organization, accountName: scope.organization.accountName ?? scope.alias } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
  const muted = options.mutelist?.match(base);
  return muted ? { ...base, muted } : base;
}
