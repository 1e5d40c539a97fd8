/**
 * The AWS provider's live collection as tasks (see tasks.ts): discovery lists the member accounts
 * (Organizations or an accounts file) or the credentials' own account; preparing a target assumes
 * its role and lists its enabled regions; each account is collected as one task for its global
 * services (IAM, S3 listing, Organizations… in the home region) and one per region for the regional
 * services; the parts are assembled into the account snapshot the in-process scan would have built.
 *
 * The runtime holds what a process shares between its tasks: one gateway (rate limits keyed by
 * account × region × API, so tasks of one account share its budgets), the sessions of prepared
 * accounts and the management session that reads organization metadata in the background.
 */
import { AWS_GLOBAL_SERVICES, AWS_REGIONAL_SERVICES } from '@palisade/core/aws';
import type { AwsAccountSnapshot, AwsOrganizationInfo, AwsPartition } from '@palisade/core/aws';
import type { ApiError, ScanError, Tags } from '@palisade/core';
import type { AwsGateway } from '@palisade/providers/sdk-free';
import type { AwsSession, ConnectAwsOptions, ServiceCounters } from '@palisade/providers';
import { connectOptions, resolveTargets, scanGateway } from './aws-connect.ts';
import type { AwsLiveSource } from './aws-provider.ts';
import { collectAccount } from './collect.ts';
import { Limiter } from './limiter.ts';
import { ScopeAccessError } from './scope-access-error.ts';
import type { CollectGroup, PreparedScope, ProviderTaskRuntime, ProviderTasks, TaskDiscovery, TaskRuntimeSettings, TaskScope, TaskTarget } from './provider.ts';

const DEFAULT_MAX_CONCURRENCY = 64;
/** The name of each account's group of global services. */
export const GLOBAL_GROUP = 'global';

class AwsTaskRuntime implements ProviderTaskRuntime {
  readonly sessions = new Map<string, AwsSession>();
  /** Collector calls done and planned per account, for progress across its tasks. */
  readonly progress = new Map<string, { done: number; total: number }>();
  management: AwsSession | undefined;

  constructor(
    readonly source: AwsLiveSource,
    readonly connect: ConnectAwsOptions,
    readonly gateway: AwsGateway,
    readonly limiter: Limiter,
    readonly settings: TaskRuntimeSettings,
  ) {}

  apiCounters(): Record<string, ServiceCounters> {
    return this.gateway.snapshotCounters();
  }

  close(): void {
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
    this.management?.close();
    this.management = undefined;
  }
}

function awsRuntime(runtime: ProviderTaskRuntime): AwsTaskRuntime {
  if (!(runtime instanceof AwsTaskRuntime)) throw new Error('not an AWS task runtime');
  return runtime;
}

async function connectTarget(runtime: AwsTaskRuntime, target: TaskTarget): Promise<AwsSession> {
  const { connectAws, connectMember, providerErrorOf } = await import('@palisade/providers');
  const { targets } = runtime.source;
  const roleArn = target.access?.['roleArn'];
  try {
    return targets && roleArn && target.accountId
      ? await connectMember(runtime.connect, { accountId: target.accountId, roleArn, ...(targets.externalId ? { externalId: targets.externalId } : {}) })
      : await connectAws(runtime.connect);
  } catch (error) {
    // One inaccessible member account must not stop the organization's scan; the credentials' own
    // account failing to connect is the scan failing.
    if (!targets) throw error;
    const answered = providerErrorOf(error);
    const apiError: ApiError = answered
      ? { ...answered, message: (error as Error).message }
      : { api: 'sts:AssumeRole', code: (error as { code?: string }).code ?? 'AssumeRoleFailed', message: (error as Error).message };
    throw new ScopeAccessError({ ...(target.accountId ? { accountId: target.accountId } : {}), error: apiError }, `account ${target.accountId ?? 'the credentials’ account'}: role could not be assumed`);
  }
}

function partitionOf(arn: string | undefined): AwsPartition {
  const partition = arn?.split(':')[1];
  return partition === 'aws-cn' || partition === 'aws-us-gov' ? partition : 'aws';
}

export const AWS_TASKS: ProviderTasks<AwsAccountSnapshot> = {
  async createRuntime(source, settings) {
    if (source.kind !== 'aws') throw new Error(`the AWS provider cannot plan a "${(source as { kind: string }).kind}" source`);
    const gateway = scanGateway(settings.options);
    return new AwsTaskRuntime(source, await connectOptions(source.connect, gateway), gateway, new Limiter(settings.options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY), settings);
  },

  async discover(runtimeOf, inScope): Promise<TaskDiscovery> {
    const runtime = awsRuntime(runtimeOf);
    const { targets } = runtime.source;
    runtime.settings.onProgress({ phase: 'connect', message: 'connecting to AWS', ...(targets ? {} : { accounts: 1 }) });
    if (!targets) return { targets: [{}], notScanned: [], errors: () => [] };
    const notScanned: string[] = [];
    const resolved = await resolveTargets(targets, runtime.connect, notScanned, inScope);
    runtime.management = resolved.management;
    runtime.settings.onProgress({ phase: 'connect', message: `${resolved.targets.length} member account(s) to scan`, accounts: resolved.targets.length });
    const metadata = new Map<string, Promise<{ readonly ouPath?: string; readonly tags?: Tags }>>();
    for (const target of resolved.targets) if (target.accountId && target.metadata) metadata.set(target.accountId, target.metadata);
    const organizationErrors = resolved.organizationErrors ?? [];
    return {
      targets: resolved.targets.map((target) => ({
        ...(target.accountId ? { accountId: target.accountId } : {}),
        ...(target.roleArn ? { access: { roleArn: target.roleArn } } : {}),
        ...(target.organization ? { organization: target.organization } : {}),
      })),
      notScanned,
      ...(metadata.size ? { metadataOf: (accountId: string) => metadata.get(accountId) ?? Promise.resolve({}) } : {}),
      // Filled while accounts are scanned: read once every metadata promise has settled.
      errors: () => organizationErrors.map((error): ScanError => ({ ...(resolved.management ? { accountId: resolved.management.accountId } : {}), error })),
    };
  },

  async prepare(runtimeOf, target, services, inScope): Promise<PreparedScope | undefined> {
    const runtime = awsRuntime(runtimeOf);
    const session = await connectTarget(runtime, target);
    // The credentials' own account is known only once connected.
    if (!inScope(session.accountId)) {
      session.close();
      return undefined;
    }
    runtime.sessions.get(session.accountId)?.close();
    runtime.sessions.set(session.accountId, session);
    const global = AWS_GLOBAL_SERVICES.filter((service) => services.has(service));
    const regional = AWS_REGIONAL_SERVICES.filter((service) => services.has(service));
    // The global group always exists: its part also carries the account's own errors (regions not enabled).
    const groups: CollectGroup[] = [{ name: GLOBAL_GROUP, location: session.homeRegion, services: global }];
    if (regional.length) for (const region of session.regions) groups.push({ name: region, location: region, services: regional });
    runtime.progress.set(session.accountId, { done: 0, total: global.length + regional.length * session.regions.length });
    return {
      scope: {
        accountId: session.accountId,
        ...(target.access ? { access: target.access } : {}),
        ...(target.organization ? { organization: target.organization } : {}),
        locations: session.regions,
      },
      groups,
    };
  },

  async collect(runtimeOf, scope, group) {
    const runtime = awsRuntime(runtimeOf);
    let session = runtime.sessions.get(scope.accountId);
    if (!session) {
      // A process that did not prepare the account (another worker) connects on its own.
      session = await connectTarget(runtime, scope);
      runtime.sessions.set(scope.accountId, session);
    }
    const options = runtime.settings.options;
    const progress = runtime.progress.get(scope.accountId);
    const collected = await collectAccount(session, {
      services: new Set(group.services),
      limiter: runtime.limiter,
      regions: group.name === GLOBAL_GROUP ? [] : [group.location],
      sessionErrors: group.name === GLOBAL_GROUP,
      ...(scope.organization ? { organization: scope.organization as AwsOrganizationInfo } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...((options.collectorLimits ?? options.config.limits) ? { limits: options.collectorLimits ?? options.config.limits } : {}),
      ...(options.collectTargets ? { targets: new Set(options.collectTargets) } : {}),
      onTaskDone: (event) => {
        if (progress) progress.done += 1;
        runtime.settings.onProgress({ phase: 'collect', ...event, ...(progress ? { done: progress.done, total: progress.total } : {}) });
      },
    });
    return { snapshot: collected.snapshot, notCollected: collected.notCollected };
  },

  assemble(scope: TaskScope, parts: readonly AwsAccountSnapshot[]): AwsAccountSnapshot {
    const header = parts.find((part) => part.regions.length === 0) ?? parts[0];
    if (!header) throw new Error(`account ${scope.accountId}: no parts to assemble`);
    const global: Record<string, unknown> = {};
    const regional: Record<string, Record<string, unknown>> = Object.fromEntries(scope.locations.map((region) => [region, {}]));
    const errors: ScanError[] = [];
    let collectedAt = header.collectedAt;
    // The account's own errors (the header's) first, then each region's in the scope's order.
    const ordered = [header, ...scope.locations.flatMap((region) => parts.filter((part) => part !== header && part.regions.includes(region)))];
    for (const part of ordered) {
      Object.assign(global, part.global);
      for (const region of part.regions) Object.assign((regional[region] ??= {}), part.regional[region]);
      errors.push(...part.errors);
      if (part.collectedAt < collectedAt) collectedAt = part.collectedAt;
    }
    const organization = header.organization || scope.organization ? ({ ...header.organization, ...scope.organization } as AwsOrganizationInfo) : undefined;
    const alias = organization?.accountName ?? header.alias;
    return {
      accountId: scope.accountId,
      partition: header.partition,
      ...(organization ? { organization } : {}),
      ...(alias ? { alias } : {}),
      regions: scope.locations,
      collectedAt,
      global,
      regional,
      errors,
    };
  },

  failedPart(scope, group, failure): AwsAccountSnapshot {
    const global = group.name === GLOBAL_GROUP;
    const region = global ? 'global' : group.location;
    const roleArn = scope.access?.['roleArn'];
    return {
      accountId: scope.accountId,
      // The partition of the role assumed, when there is one; a failed global part is the header only when every part failed.
      partition: partitionOf(roleArn),
      regions: global ? [] : [group.location],
      collectedAt: new Date().toISOString(),
      global: {},
      regional: global ? {} : { [group.location]: {} },
      errors: group.services.map(
        (service): ScanError => ({
          accountId: scope.accountId,
          ...(global ? {} : { region: group.location }),
          service,
          error: { api: `${service}:*`, code: failure.code, message: `${service} could not be collected${global ? '' : ` in ${group.location}`}: ${failure.message}`, region },
        }),
      ),
    };
  },

  release(runtimeOf, accountId) {
    const runtime = awsRuntime(runtimeOf);
    runtime.sessions.get(accountId)?.close();
    runtime.sessions.delete(accountId);
    runtime.progress.delete(accountId);
  },
};
