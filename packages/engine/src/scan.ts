/**
 * A scan: accounts come from a live connection or a snapshot file, one at a time; each account's
 * checks are evaluated, muted per the mutelist, and streamed in batches to the sinks (outputs).
 * Only counters are kept, so memory does not grow with the number of findings.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_CHECK_CONFIG, findingUid } from '@palisade/core';
import type { AwsAccountSnapshot, AwsServiceName, Check, CheckResult, Finding, FindingStatus, ResourceRef, ScanError } from '@palisade/core';
import { AwsGateway, DEFAULT_RATE_LIMITS, connectAws } from '@palisade/providers';
import type { ConnectAwsOptions, ServiceCounters } from '@palisade/providers';
import { collectAccount } from './collect.ts';
import type { CollectProgress } from './collect.ts';
import type { ScanConfig } from './config.ts';
import type { Mutelist } from './mutelist.ts';
import { SnapshotWriter, readSnapshot } from './snapshot-io.ts';
import { SummaryBuilder } from './summary.ts';
import type { ScanSummary } from './summary.ts';

/** Receives findings in batches; the output writers implement it. */
export interface FindingSink {
  write(batch: readonly Finding[]): Promise<void>;
}

export type ScanSource =
  | { readonly kind: 'snapshot'; readonly path: string; readonly regions?: readonly string[] }
  | { readonly kind: 'aws'; readonly connect: Omit<ConnectAwsOptions, 'gateway'>; readonly maxConcurrency?: number };

export type ScanProgress =
  | { readonly phase: 'connect'; readonly message: string }
  | ({ readonly phase: 'collect' } & CollectProgress)
  | { readonly phase: 'evaluate'; readonly accountId: string; readonly findings: number };

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
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ScanProgress) => void;
  readonly now?: () => Date;
  readonly batchSize?: number;
  readonly productVersion: string;
  /** Given by the caller when outputs need it before the scan starts. */
  readonly scanId?: string;
}

export interface ScanResult {
  readonly scanId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly summary: ScanSummary;
  /** Collection errors not tied to one check (collector failures, regions not enabled). */
  readonly errors: readonly ScanError[];
  readonly apiCounters: Record<string, ServiceCounters>;
  readonly interrupted: boolean;
  readonly accountsScanned: readonly string[];
  /** What an interruption left unscanned. */
  readonly notScanned: readonly string[];
  readonly expiredMuteRules: readonly string[];
}

export function requiredServices(checks: readonly Check[]): Set<AwsServiceName> {
  return new Set(checks.flatMap((check) => check.requires));
}

export async function runScan(options: ScanOptions): Promise<ScanResult> {
  const scanId = options.scanId ?? randomUUID();
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const summary = new SummaryBuilder();
  const errors: ScanError[] = [];
  const accountsScanned: string[] = [];
  const notScanned: string[] = [];
  const batchSize = options.batchSize ?? 500;
  let batch: Finding[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const out = batch;
    batch = [];
    for (const sink of options.sinks) await sink.write(out);
  };

  const gateway = new AwsGateway({
    ...(options.config.gateway.maxAttempts ? { maxAttempts: options.config.gateway.maxAttempts } : {}),
    ...(options.config.gateway.attemptTimeoutMs ? { attemptTimeoutMs: options.config.gateway.attemptTimeoutMs } : {}),
    ...(options.config.gateway.rateLimits ? { rateLimits: mergeRateLimits(options.config.gateway.rateLimits) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const snapshotWriter = options.snapshotOut ? await SnapshotWriter.open(options.snapshotOut, `palisade ${options.productVersion}`) : undefined;
  let completed = false;
  try {
    for await (const account of accountSource(options, gateway)) {
      if (options.signal?.aborted) {
        notScanned.push(`account ${account.accountId}: collection was interrupted`);
        break;
      }
      await snapshotWriter?.add(account);
      errors.push(...account.errors);
      const time = now();
      // Checks judge the state as it was observed: ages and expiries count to the collection time,
      // so a snapshot scanned later gives the same results as the live scan that produced it.
      const observedAt = new Date(account.collectedAt);
      const evaluationTime = Number.isNaN(observedAt.getTime()) ? time : observedAt;
      let count = 0;
      for (const check of options.checks) {
        for (const result of evaluateCheck(check, account, options, evaluationTime)) {
          if (options.resourceScope && !options.resourceScope(result.resource)) continue;
          const finding = toFinding(result, check, account, scanId, time, options);
          summary.add(finding);
          for (const observe of options.observers ?? []) observe(finding);
          count += 1;
          if (options.outputStatuses && !options.outputStatuses.has(finding.status)) continue;
          batch.push(finding);
          if (batch.length >= batchSize) await flush();
        }
      }
      await flush();
      accountsScanned.push(account.accountId);
      options.onProgress?.({ phase: 'evaluate', accountId: account.accountId, findings: count });
    }
    completed = !options.signal?.aborted;
  } finally {
    await flush();
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
  };
}

async function* accountSource(options: ScanOptions, gateway: AwsGateway): AsyncGenerator<AwsAccountSnapshot> {
  const source = options.source;
  if (source.kind === 'snapshot') {
    for await (const account of readSnapshot(source.path)) yield narrowRegions(account, source.regions);
    return;
  }
  options.onProgress?.({ phase: 'connect', message: 'connecting to AWS' });
  const session = await connectAws({ ...source.connect, gateway });
  try {
    options.onProgress?.({ phase: 'connect', message: `account ${session.accountId} (${session.partition}), ${session.regions.length} regions` });
    yield await collectAccount(session, {
      services: requiredServices(options.checks),
      maxConcurrency: source.maxConcurrency ?? 16,
      ...(options.signal ? { signal: options.signal } : {}),
      onTaskDone: (progress) => options.onProgress?.({ phase: 'collect', ...progress }),
    });
  } finally {
    session.close();
  }
}

function narrowRegions(account: AwsAccountSnapshot, regions: readonly string[] | undefined): AwsAccountSnapshot {
  if (!regions?.length) return account;
  const keep = account.regions.filter((region) => regions.includes(region));
  return { ...account, regions: keep, regional: Object.fromEntries(keep.map((region) => [region, account.regional[region] ?? {}])) };
}

function evaluateCheck(check: Check, account: AwsAccountSnapshot, options: ScanOptions, time: Date): readonly CheckResult[] {
  try {
    return check.evaluate(account, { config: options.config.checks ?? DEFAULT_CHECK_CONFIG, now: time });
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

function toFinding(result: CheckResult, check: Check, account: AwsAccountSnapshot, scanId: string, time: Date, options: ScanOptions): Finding {
  const base = {
    uid: findingUid({ provider: 'aws', checkId: check.id, accountId: account.accountId, region: result.resource.region, resourceUid: result.resource.uid }),
    scanId,
    check,
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
