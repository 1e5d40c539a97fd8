/**
 * A scan: accounts come from a snapshot file, the current credentials, or an organization (one
 * assumed role per member account). Accounts, regions and services are collected in parallel under
 * one global limit; each check runs as soon as every service it reads is collected in every region,
 * and a service's data is dropped once no pending check needs it. Findings are muted and streamed
 * to the sinks in batches; only counters are kept, so memory does not grow with the findings.
 */
import { randomUUID } from 'node:crypto';
import { InputError, findingUid, toFindingCheck } from '@palisade/core';
import type { ApiError, AwsAccountSnapshot, AwsOrganizationInfo, AwsServiceName, Check, CheckResult, Finding, FindingCheck, FindingStatus, ResourceRef, ScanError, Tags } from '@palisade/core';
// Only the SDK-free part of providers is imported statically; the live functions come through
// `import()` where a scan connects, so a snapshot scan never loads the SDK (see providers' sdk-free.ts).
import { AwsGateway, DEFAULT_RATE_LIMITS } from '@palisade/providers/sdk-free';
import type { AwsSession, CollectorLimits, ConnectAwsOptions, RetryPolicy, ServiceCounters } from '@palisade/providers';
import { collectAccount } from './collect.ts';
import type { CollectProgress } from './collect.ts';
import type { ScanConfig } from './config.ts';
import { regionScopeFilter } from './filters.ts';
import { Limiter } from './limiter.ts';
import type { Mutelist } from './mutelist.ts';
import { SnapshotWriter, readSnapshot } from './snapshot-io.ts';
import type { SnapshotReadPosition } from './snapshot-io.ts';
import { SummaryBuilder } from './summary.ts';
import type { ScanSummary } from './summary.ts';

/** Receives findings in batches; the output writers implement it. */
export interface FindingSink {
  write(batch: readonly Finding[]): Promise<void>;
}

export interface OrganizationTargets {
  /** Discover ACTIVE member accounts through AWS Organizations. */
  readonly organization?: { readonly accounts?: readonly string[]; readonly excludedAccounts?: readonly string[]; readonly ous?: readonly string[] };
  /** Or: a file with one role ARN per line. */
  readonly accountsFile?: string;
  /** Role assumed in each member account (name, optionally with a path). */
  readonly roleName: string;
  readonly externalId?: string;
}

export type ScanSource =
  | { readonly kind: 'snapshot'; readonly path: string; readonly regions?: readonly string[] }
  | {
      readonly kind: 'aws';
      readonly connect: Omit<ConnectAwsOptions, 'gateway'>;
      /** Scan member accounts instead of the credentials' own account. */
      readonly targets?: OrganizationTargets;
    };

export type ScanProgress =
  /** `accounts`: how many accounts the scan will cover, once known (live scans). */
  | { readonly phase: 'connect'; readonly message: string; readonly accounts?: number }
  | ({ readonly phase: 'collect' } & CollectProgress)
  /** `snapshot`: how far the snapshot file has been read (snapshot scans), for a rate and an ETA. */
  | { readonly phase: 'evaluate'; readonly accountId: string; readonly findings: number; readonly snapshot?: SnapshotReadPosition };

export interface ScanOptions {
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
  /** Collection tasks in flight across all accounts (`--max-concurrency`). */
  readonly maxConcurrency?: number;
  /** Accounts collected at the same time; bounds memory for large organizations. */
  readonly maxAccountsInFlight?: number;
  readonly collectorLimits?: CollectorLimits;
  /** The gateway's retry policy (default `classified`); the benchmark compares it with `uniform`. */
  readonly retryPolicy?: RetryPolicy;
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
}

export function requiredServices(checks: readonly Check[]): Set<AwsServiceName> {
  return new Set(checks.flatMap((check) => check.requires));
}

export async function runScan(options: ScanOptions): Promise<ScanResult> {
  const scanId = options.scanId ?? randomUUID();
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const summary = new SummaryBuilder();
  const mutelist = options.mutelist;
  if (mutelist) summary.trackMuteRules(mutelist.rules.map((rule) => ({ rule: rule.label, ...(rule.line === undefined ? {} : { location: `${mutelist.file}:${rule.line}` }) })));
  const errors: ScanError[] = [];
  const accountsScanned: string[] = [];
  const notScanned: string[] = [];
  const emitter = new FindingEmitter(options.sinks, options.batchSize ?? 500);
  const gateway = new AwsGateway({
    ...(options.config.gateway.maxAttempts ? { maxAttempts: options.config.gateway.maxAttempts } : {}),
    ...(options.config.gateway.attemptTimeoutMs ? { attemptTimeoutMs: options.config.gateway.attemptTimeoutMs } : {}),
    ...(options.config.gateway.rateLimits ? { rateLimits: mergeRateLimits(options.config.gateway.rateLimits) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.retryPolicy ? { retryPolicy: options.retryPolicy } : {}),
  });
  const snapshotWriter = options.snapshotOut ? await SnapshotWriter.open(options.snapshotOut, `palisade ${options.productVersion}`) : undefined;

  // A resource in a region that was not asked for is out of scope, wherever it was listed: S3
  // buckets are listed once per account and trails appear in every region they log.
  const inRequestedRegions = regionScopeFilter(options.source.kind === 'snapshot' ? options.source.regions : options.source.connect.regions);

  const evaluate = (check: Check, account: AwsAccountSnapshot): Finding[] => {
    const out: Finding[] = [];
    const time = now();
    // Checks judge the state as it was observed: ages and expiries count to the collection time,
    // so a snapshot scanned later gives the same results as the live scan that produced it.
    const observedAt = new Date(account.collectedAt);
    const evaluationTime = Number.isNaN(observedAt.getTime()) ? time : observedAt;
    for (const result of evaluateCheck(check, account, options, evaluationTime)) {
      if (inRequestedRegions && !inRequestedRegions(result.resource)) continue;
      if (options.resourceScope && !options.resourceScope(result.resource)) continue;
      const finding = toFinding(result, check, account, scanId, time, options);
      summary.add(finding);
      for (const observe of options.observers ?? []) observe(finding);
      if (!options.outputStatuses || options.outputStatuses.has(finding.status)) out.push(finding);
    }
    return out;
  };

  let completed = false;
  let snapshotError: InputError | undefined;
  const regionsInSnapshot = new Set<string>();
  try {
    if (options.source.kind === 'snapshot') {
      const { path, regions: requested = [] } = options.source;
      let position: SnapshotReadPosition | undefined;
      let accountsRead = 0;
      try {
        for await (const account of readSnapshot(path, { onPosition: (at) => (position = at) })) {
          accountsRead += 1;
          if (options.signal?.aborted) {
            notScanned.push(`account ${account.accountId}: not evaluated (interrupted)`);
            continue;
          }
          for (const region of requested) {
            if (account.regions.includes(region)) regionsInSnapshot.add(region);
            else errors.push(regionNotInSnapshot(account.accountId, region));
          }
          const narrowed = narrowRegions(account, requested);
          errors.push(...narrowed.errors);
          let count = 0;
          for (const check of options.checks) {
            const findings = evaluate(check, narrowed);
            count += findings.length;
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
      await scanLive(options.source, options, gateway, { evaluate, emitter, errors, accountsScanned, notScanned, snapshotWriter });
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
    apiCounters: gateway.snapshotCounters(),
    interrupted: !completed,
    accountsScanned,
    notScanned,
    expiredMuteRules: (options.mutelist?.expired ?? []).map((rule) => `${rule.account}/${rule.check} (expired ${rule.expires?.toISOString().slice(0, 10)})`),
    // Known only when every account was read.
    regionsNotInSnapshot: options.source.kind === 'snapshot' && completed && !snapshotError ? (options.source.regions ?? []).filter((region) => !regionsInSnapshot.has(region)) : [],
    ...(snapshotError ? { snapshotError } : {}),
  };
}

interface LiveState {
  readonly evaluate: (check: Check, account: AwsAccountSnapshot) => Finding[];
  readonly emitter: FindingEmitter;
  readonly errors: ScanError[];
  readonly accountsScanned: string[];
  readonly notScanned: string[];
  readonly snapshotWriter: SnapshotWriter | undefined;
}

interface AccountTarget {
  readonly accountId?: string;
  readonly roleArn?: string;
  readonly organization?: AwsOrganizationInfo;
  /** OU path and tags read in the background; findings wait for them, collection does not. */
  readonly metadata?: Promise<{ readonly ouPath?: string; readonly tags?: Tags }>;
}

async function scanLive(source: Extract<ScanSource, { kind: 'aws' }>, options: ScanOptions, gateway: AwsGateway, state: LiveState): Promise<void> {
  const services = requiredServices(options.checks);
  const limiter = new Limiter(options.maxConcurrency ?? 64);
  const connect = { ...source.connect, gateway };
  options.onProgress?.({ phase: 'connect', message: 'connecting to AWS', ...(source.targets ? {} : { accounts: 1 }) });

  let targets: AccountTarget[] = [{}];
  let management: AwsSession | undefined;
  let organizationErrors: readonly ApiError[] = [];
  if (source.targets) {
    ({ targets, management, organizationErrors = [] } = await resolveTargets(source.targets, connect, state.notScanned));
    options.onProgress?.({ phase: 'connect', message: `${targets.length} member account(s) to scan`, accounts: targets.length });
  }
  try {
    await scanTargets(targets, source, connect, services, limiter, options, state);
  } finally {
    // The management session reads account metadata in the background until the last account is done.
    management?.close();
    for (const error of organizationErrors) state.errors.push({ ...(management ? { accountId: management.accountId } : {}), error });
  }
}

async function scanTargets(
  targets: readonly AccountTarget[],
  source: Extract<ScanSource, { kind: 'aws' }>,
  connect: ConnectAwsOptions,
  services: ReadonlySet<AwsServiceName>,
  limiter: Limiter,
  options: ScanOptions,
  state: LiveState,
): Promise<void> {
  const { connectAws, connectMember, providerErrorOf } = await import('@palisade/providers');
  const accountLimiter = new Limiter(options.maxAccountsInFlight ?? 16);
  await Promise.all(
    targets.map((target) =>
      accountLimiter.run(async () => {
        const label = target.accountId ?? 'the credentials’ account';
        if (options.signal?.aborted) {
          state.notScanned.push(`account ${label}: not started (interrupted)`);
          return;
        }
        let session: AwsSession;
        try {
          session =
            source.targets && target.roleArn && target.accountId
              ? await connectMember(connect, { accountId: target.accountId, roleArn: target.roleArn, ...(source.targets.externalId ? { externalId: source.targets.externalId } : {}) })
              : await connectAws(connect);
        } catch (error) {
          // One inaccessible member account must not stop the organization's scan.
          if (!source.targets) throw error;
          // AWS's code and API (AccessDenied on sts:AssumeRole), with the message that says how to fix it.
          const answered = providerErrorOf(error);
          state.errors.push({
            accountId: target.accountId,
            error: answered
              ? { ...answered, message: (error as Error).message }
              : { api: 'sts:AssumeRole', code: (error as { code?: string }).code ?? 'AssumeRoleFailed', message: (error as Error).message },
          });
          state.notScanned.push(`account ${label}: role could not be assumed`);
          return;
        }
        try {
          await scanAccount(session, target, services, limiter, options, state);
        } finally {
          session.close();
        }
      }),
    ),
  );
}

async function resolveTargets(
  targets: OrganizationTargets,
  connect: ConnectAwsOptions,
  notScanned: string[],
): Promise<{ targets: AccountTarget[]; management?: AwsSession; organizationErrors?: readonly ApiError[] }> {
  const { connectAws, listOrganizationAccounts, memberRoleArn, readAccountsFile } = await import('@palisade/providers');
  if (targets.accountsFile) {
    const roles = await readAccountsFile(targets.accountsFile);
    return { targets: roles.map((role) => ({ accountId: role.accountId, roleArn: role.roleArn })) };
  }
  const management = await connectAws(connect);
  try {
    const organization = await listOrganizationAccounts({ session: management, ...targets.organization, deferMetadata: true });
    for (const skipped of organization.skipped) notScanned.push(`account ${skipped.accountId}: ${skipped.reason}`);
    return {
      management,
      // Metadata errors keep arriving while accounts are scanned; they are reported at the end.
      organizationErrors: organization.errors,
      targets: organization.accounts.map((account) => ({
        accountId: account.accountId,
        // The management account is scanned with the credentials already in hand: the member role
        // usually exists only in member accounts.
        ...(account.accountId === management.accountId ? {} : { roleArn: memberRoleArn(management.partition, account.accountId, targets.roleName) }),
        organization: { organizationId: organization.organizationId, accountName: account.name, accountEmail: account.email },
        ...(organization.metadataOf ? { metadata: organization.metadataOf(account.accountId) } : {}),
      })),
    };
  } catch (error) {
    management.close();
    throw error;
  }
}

async function scanAccount(
  session: AwsSession,
  target: AccountTarget,
  services: ReadonlySet<AwsServiceName>,
  limiter: Limiter,
  options: ScanOptions,
  state: LiveState,
): Promise<void> {
  const pending = new Set(options.checks);
  const evaluating = new Set<Check>();
  const complete = new Set<AwsServiceName>();
  const keepData = Boolean(state.snapshotWriter);
  let count = 0;

  let described = !target.metadata;
  const evaluateReady = async (snapshot: AwsAccountSnapshot) => {
    if (!described) {
      // Findings carry the account's OU path and tags: wait for them here, after collection has started.
      const metadata = await target.metadata;
      described = true;
      if (metadata && snapshot.organization) (snapshot as { organization?: AwsOrganizationInfo }).organization = { ...snapshot.organization, ...metadata };
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
      count += findings.length;
      await state.emitter.add(findings);
    }
    if (keepData) return;
    // A service no pending or running check reads is released: memory follows what is still needed.
    for (const service of complete) {
      if ([...pending, ...evaluating].some((check) => check.requires.includes(service))) continue;
      delete (snapshot.global as Record<string, unknown>)[service];
      for (const region of snapshot.regions) delete (snapshot.regional[region] as Record<string, unknown> | undefined)?.[service];
    }
  };

  const collected = await collectAccount(session, {
    services,
    limiter,
    ...(target.organization ? { organization: target.organization } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...((options.collectorLimits ?? options.config.limits) ? { limits: options.collectorLimits ?? options.config.limits } : {}),
    onTaskDone: (progress) => options.onProgress?.({ phase: 'collect', ...progress }),
    onServiceComplete: async (snapshot, service) => {
      complete.add(service);
      await evaluateReady(snapshot);
    },
  });
  state.errors.push(...collected.snapshot.errors);
  if (collected.notCollected.length) {
    const unevaluated = [...pending].length;
    state.notScanned.push(
      `account ${session.accountId}: not collected (interrupted): ${collected.notCollected.join(', ')}; ${unevaluated} check(s) not evaluated`,
    );
    await state.emitter.flush();
    return;
  }
  // Checks whose services all failed to complete (a collector crashed) still run: they report ERROR.
  for (const service of services) complete.add(service);
  await evaluateReady(collected.snapshot);
  await state.emitter.flush();
  await state.snapshotWriter?.add(collected.snapshot);
  state.accountsScanned.push(session.accountId);
  options.onProgress?.({ phase: 'evaluate', accountId: session.accountId, findings: count });
}

/** Batches findings and writes them to every sink, one batch at a time, whatever the number of accounts in flight. */
class FindingEmitter {
  private batch: Finding[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sinks: readonly FindingSink[],
    private readonly batchSize: number,
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
      this.writing = this.writing.then(async () => {
        for (const sink of this.sinks) await sink.write(out);
      });
    }
    return this.writing;
  }
}

function regionNotInSnapshot(accountId: string, region: string): ScanError {
  return {
    accountId,
    region,
    error: { api: 'snapshot', code: 'RegionNotInSnapshot', message: `region ${region} is not in the snapshot for account ${accountId}: its regional checks were not evaluated there`, region },
  };
}

function narrowRegions(account: AwsAccountSnapshot, regions: readonly string[] | undefined): AwsAccountSnapshot {
  if (!regions?.length) return account;
  const keep = account.regions.filter((region) => regions.includes(region));
  return { ...account, regions: keep, regional: Object.fromEntries(keep.map((region) => [region, account.regional[region] ?? {}])) };
}

function evaluateCheck(check: Check, account: AwsAccountSnapshot, options: ScanOptions, time: Date): readonly CheckResult[] {
  try {
    return check.evaluate(account, { config: options.config.checks, now: time });
  } catch (thrown) {
    // A check bug must be visible as ERROR, never an absence of findings.
    return [
      {
        status: 'ERROR',
        resource: { uid: `arn:${account.partition}:iam::${account.accountId}:root`, type: 'AwsAccount', name: account.accountId, region: 'global' },
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

function toFinding(result: CheckResult, check: Check, account: AwsAccountSnapshot, scanId: string, time: Date, options: ScanOptions): Finding {
  const base = {
    uid: findingUid({ provider: 'aws', checkId: check.id, accountId: account.accountId, region: result.resource.region, resourceUid: result.resource.uid }),
    scanId,
    check: findingCheckOf(check),
    status: result.status,
    message: result.message,
    severity: check.severity,
    provider: 'aws' as const,
    partition: account.partition,
    accountId: account.accountId,
    region: result.resource.region,
    resource: result.resource,
    time: time.toISOString(),
    compliance: options.complianceRefs?.(check.id) ?? [],
    ...(account.alias ? { accountName: account.alias } : {}),
    ...(account.organization ? { organization: account.organization, accountName: account.organization.accountName ?? account.alias } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
  const muted = options.mutelist?.match(base);
  return muted ? { ...base, muted } : base;
}

/** User rules first: among equally specific patterns the first listed wins, so the user's override applies. */
function mergeRateLimits(overrides: readonly { pattern: string; capacity: number; refillPerSecond: number }[]) {
  return [...overrides.map((rule) => ({ ...rule, source: 'config file' })), ...DEFAULT_RATE_LIMITS];
}
