/**
 * The AWS provider module: what the shared scan path needs to know about AWS. A scope is an
 * account; its locations are regions; a live scan connects with the credentials (or an
 * organization's member roles), collects each account's services under one gateway whose rate
 * limits and counters span the whole scan, and hands each account's services to the shared
 * evaluation as they complete.
 */
import { InputError } from '@palisade/core';
import type { ApiError, ResourceRef, ScanError, Tags } from '@palisade/core';
import { AWS_SERVICES, isKnownAwsRegion } from '@palisade/core/aws';
import type { AwsAccountSnapshot, AwsOrganizationInfo } from '@palisade/core/aws';
// The live functions of providers come through `import()` where a scan connects, so a snapshot
// scan never loads the SDK (see providers' sdk-free.ts).
import type { AwsSession, ConnectAwsOptions, ServiceCounters } from '@palisade/providers';
import { AWS_TASKS } from './aws-tasks.ts';
import { connectOptions, resolveTargets, scanGateway } from './aws-connect.ts';
import type { AccountTarget } from './aws-connect.ts';
import { collectAccount } from './collect.ts';
import { Limiter } from './limiter.ts';
import type { LiveScan, LiveScanOutcome, ProviderModule, ScopeEvaluation, ScopeIdFormat } from './provider.ts';
import type { ResolvedTarget } from './request.ts';
import type { ScanOptions } from './scan.ts';
import { AWS_SNAPSHOT_FORMAT, SnapshotWriter, readScopeSnapshots } from './snapshot-io.ts';

/** Access keys given as plain data (tests, the benchmark's simulated accounts); otherwise the profile or the standard chain is used. */
export interface StaticAwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * Where the SDK's HTTP requests go instead of the network, for tests and the benchmark (a
 * simulated AWS); never set by the CLI. Named as data (`module`'s named `export`, called with
 * `options`, returns the request handler) so that it can be built inside whichever thread
 * collects; or, in-process only, the handler itself. The engine never looks inside it.
 */
export type AwsTransport = { readonly module: string; readonly export: string; readonly options?: unknown } | { readonly handler: unknown };

/** How a live AWS scan connects: plain data, no SDK object. */
export interface AwsConnectOptions {
  /** A profile of the shared config and credentials files (like `--profile`). */
  readonly profile?: string;
  readonly credentials?: StaticAwsCredentials;
  readonly assumeRole?: { readonly roleArn: string; readonly externalId?: string; readonly sessionName?: string; readonly durationSeconds?: number };
  /** An AWS-compatible endpoint (LocalStack, moto); defaults to `AWS_ENDPOINT_URL`. */
  readonly endpointUrl?: string;
  /** The region for account-level calls. */
  readonly region?: string;
  /** Scan only these regions. */
  readonly regions?: readonly string[];
  readonly clientSettings?: { readonly connectionTimeoutMs?: number; readonly requestTimeoutMs?: number; readonly maxSockets?: number };
  readonly transport?: AwsTransport;
}

export interface OrganizationTargets {
  /** Discover ACTIVE member accounts through AWS Organizations. */
  readonly organization?: { readonly accounts?: readonly string[]; readonly excludedAccounts?: readonly string[]; readonly ous?: readonly string[] };
  /** Or: a file with one role ARN per line. */
  readonly accountsFile?: string;
  /** Role assumed in each member account (name, optionally with a path). */
  readonly roleName: string;
  readonly externalId?: string;
  /** Already discovered (see `discoverTargets`): scanned as listed, without Organizations or the accounts file. */
  readonly resolved?: readonly ResolvedTarget[];
}

/** A live AWS source: the credentials' own account, or the member accounts of an organization. */
export interface AwsLiveSource {
  readonly kind: 'aws';
  readonly connect: AwsConnectOptions;
  /** Scan member accounts instead of the credentials' own account. */
  readonly targets?: OrganizationTargets;
}

/** AWS account ids: twelve digits. */
export const AWS_ACCOUNT_ID_FORMAT: ScopeIdFormat = { pattern: /^\d{12}$/, description: 'a 12-digit account id' };

export const AWS_PROVIDER: ProviderModule<AwsAccountSnapshot> = {
  id: 'aws',
  scopeKind: 'account',
  services: AWS_SERVICES,
  scopeIdFormat: AWS_ACCOUNT_ID_FORMAT,
  readSnapshot: (path, options) => readScopeSnapshots(path, AWS_SNAPSHOT_FORMAT, options),
  openSnapshotWriter: (path, producer) => SnapshotWriter.open(path, producer, 'aws'),
  describeScope: (account) => ({
    partition: account.partition,
    ...(account.alias ? { alias: account.alias } : {}),
    ...(account.organization ? { organization: account.organization } : {}),
  }),
  // The account's root ARN: where a result about the whole account is reported.
  scopeResource: (account): ResourceRef => ({ uid: `arn:${account.partition}:iam::${account.accountId}:root`, type: 'AwsAccount', name: account.accountId, region: 'global' }),
  scopeErrors: (account) => account.errors,
  narrowRegions(account, regions) {
    if (!regions.length) return account;
    const keep = account.regions.filter((region) => regions.includes(region));
    return { ...account, regions: keep, regional: Object.fromEntries(keep.map((region) => [region, account.regional[region] ?? {}])) };
  },
  locationProblem: (region) => (isKnownAwsRegion(region) ? undefined : `unknown AWS region "${region}"`),
  releaseService(account, service) {
    delete (account.global as Record<string, unknown>)[service];
    for (const region of account.regions) delete (account.regional[region] as Record<string, unknown> | undefined)?.[service];
  },
  liveRegions: (source) => (source.kind === 'aws' ? source.connect.regions : undefined),
  scanLive(source, scan) {
    if (source.kind !== 'aws') throw new InputError('USAGE', `the AWS provider cannot scan a "${(source as { kind: string }).kind}" source`, { field: 'source' });
    return scanAws(source, scan);
  },
  tasks: AWS_TASKS,
};

async function scanAws(source: AwsLiveSource, scan: LiveScan<AwsAccountSnapshot>): Promise<LiveScanOutcome> {
  const { options } = scan;
  const gateway = scanGateway(options);
  const limiter = new Limiter(options.maxConcurrency ?? 64);
  const connect = await connectOptions(source.connect, gateway);
  scan.onProgress({ phase: 'connect', message: 'connecting to AWS', ...(source.targets ? {} : { accounts: 1 }) });

  let targets: AccountTarget[] = [{}];
  let management: AwsSession | undefined;
  let organizationErrors: readonly ApiError[] = [];
  if (source.targets) {
    ({ targets, management, organizationErrors = [] } = await resolveTargets(source.targets, connect, scan.notScanned, scan.inScope, options.accountMetadata));
    scan.onProgress({ phase: 'connect', message: `${targets.length} member account(s) to scan`, accounts: targets.length });
  }
  try {
    await scanTargets(targets, source, connect, limiter, scan);
  } finally {
    // The management session reads account metadata in the background until the last account is done.
    management?.close();
    for (const error of organizationErrors) scan.errors.push({ ...(management ? { accountId: management.accountId } : {}), error });
  }
  return { apiCounters: gateway.snapshotCounters() };
}


/** The member accounts of a split scan, discovered once by the thread that splits it. */
export interface DiscoveredTargets {
  readonly targets: readonly ResolvedTarget[];
  /** Each organization member's OU path and tags, still being read in the background. */
  readonly metadataOf?: (accountId: string) => Promise<{ readonly ouPath?: string; readonly tags?: Tags }>;
  /**
   * Call once the scan is done (it closes the management session, which reads the metadata):
   * what discovery cost, the metadata errors, and the named accounts that are not scanned.
   */
  finish(): { readonly apiCounters: Record<string, ServiceCounters>; readonly errors: readonly ScanError[]; readonly notScanned: readonly string[] };
}

/**
 * The organization's member accounts (or the accounts file's), as the in-process scan would find
 * them, for an executor that gives each worker an explicit list (`targets.resolved`) instead of
 * letting every worker call Organizations.
 */
export async function discoverTargets(
  source: AwsLiveSource,
  options: Pick<ScanOptions, 'config' | 'signal' | 'retryPolicy' | 'accounts'>,
): Promise<DiscoveredTargets> {
  if (!source.targets) throw new InputError('USAGE', 'discoverTargets: the source names no organization or accounts file', { field: 'source.targets' });
  const gateway = scanGateway(options);
  const connect = await connectOptions(source.connect, gateway);
  const notScanned: string[] = [];
  const inScope = (accountId: string) => !options.accounts || options.accounts.includes(accountId);
  const { targets, management, organizationErrors = [] } = await resolveTargets(source.targets, connect, notScanned, inScope);
  const metadata = new Map(targets.flatMap((target) => (target.accountId && target.metadata ? [[target.accountId, target.metadata] as const] : [])));
  return {
    targets: targets.map((target) => ({
      accountId: target.accountId!,
      ...(target.roleArn ? { roleArn: target.roleArn } : {}),
      ...(target.organization ? { organization: target.organization } : {}),
    })),
    ...(metadata.size ? { metadataOf: (accountId: string) => metadata.get(accountId) ?? Promise.resolve({}) } : {}),
    finish() {
      management?.close();
      return {
        apiCounters: gateway.snapshotCounters(),
        errors: organizationErrors.map((error) => ({ ...(management ? { accountId: management.accountId } : {}), error })),
        notScanned,
      };
    },
  };
}





async function scanTargets(
  targets: readonly AccountTarget[],
  source: AwsLiveSource,
  connect: ConnectAwsOptions,
  limiter: Limiter,
  scan: LiveScan<AwsAccountSnapshot>,
): Promise<void> {
  const { connectAws, connectMember, providerErrorOf } = await import('@palisade/providers');
  const { options } = scan;
  const accountLimiter = new Limiter(options.maxAccountsInFlight ?? 16);
  await Promise.all(
    targets.map((target) =>
      accountLimiter.run(async () => {
        const label = target.accountId ?? 'the credentials’ account';
        if (options.signal?.aborted) {
          scan.notScanned.push(`account ${label}: not started (interrupted)`);
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
          scan.errors.push({
            accountId: target.accountId,
            error: answered
              ? { ...answered, message: (error as Error).message }
              : { api: 'sts:AssumeRole', code: (error as { code?: string }).code ?? 'AssumeRoleFailed', message: (error as Error).message },
          });
          scan.notScanned.push(`account ${label}: role could not be assumed`);
          return;
        }
        try {
          // The credentials' own account is known only once connected.
          if (scan.inScope(session.accountId)) await scanAccount(session, target, limiter, scan);
        } finally {
          session.close();
        }
      }),
    ),
  );
}


async function scanAccount(session: AwsSession, target: AccountTarget, limiter: Limiter, scan: LiveScan<AwsAccountSnapshot>): Promise<void> {
  const { options } = scan;
  const metadata = target.metadata;
  const evaluation: ScopeEvaluation<AwsAccountSnapshot> = scan.beginScope(
    metadata
      ? {
          // Findings carry the account's OU path and tags: they are awaited before the first evaluation, after collection has started.
          describe: async (snapshot) => {
            const described = await metadata;
            if (described && snapshot.organization) (snapshot as { organization?: AwsOrganizationInfo }).organization = { ...snapshot.organization, ...described };
          },
        }
      : {},
  );
  const collected = await collectAccount(session, {
    services: scan.services,
    limiter,
    ...(target.organization ? { organization: target.organization } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...((options.collectorLimits ?? options.config.limits) ? { limits: options.collectorLimits ?? options.config.limits } : {}),
    ...(options.collectTargets ? { targets: new Set(options.collectTargets) } : {}),
    onTaskDone: (progress) => scan.onProgress({ phase: 'collect', ...progress }),
    onServiceComplete: (snapshot, service) => evaluation.serviceComplete(snapshot, service),
  });
  if (collected.notCollected.length) await evaluation.abandon(collected.snapshot, collected.notCollected);
  else await evaluation.finish(collected.snapshot);
}

