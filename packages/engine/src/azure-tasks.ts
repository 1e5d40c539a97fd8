/**
 * The Azure provider's live collection as tasks (see tasks.ts): discovery signs in, lists the
 * subscriptions the identity sees and names the tenant; each becomes a target — the tenant first,
 * then every `Enabled` subscription. Preparing a subscription lists its locations (unless the
 * request names some). Each scope is collected as one task (`global`): ARM lists are
 * subscription-wide and every resource carries its location, so a task per location would read the
 * same lists again. Collectors of one scope run side by side under the scan's limiter.
 *
 * The runtime holds what a process shares between its tasks: the signed-in token source and one
 * pair of ARM and Graph clients, whose rate limits (per subscription for ARM, per tenant for Graph)
 * and counters span every task of the process.
 */
import type { ScanError } from '@palisade/core';
import { AZURE_CLOUDS, AZURE_SUBSCRIPTION_SERVICES, AZURE_TENANT_SERVICES } from '@palisade/core/azure';
import type { AzureCloud, AzureScopeSnapshot, AzureServices, AzureSubscriptionServiceName, AzureTenantServiceName } from '@palisade/core/azure';
import type { AzureClients, AzureCollectorContext } from '@palisade/providers/azure';
import type { ServiceCounters } from '@palisade/providers';
import type { AzureLiveSource } from './azure-provider.ts';
import { Limiter } from './limiter.ts';
import type { PreparedScope, ProviderTaskRuntime, ProviderTasks, TaskDiscovery, TaskRuntimeSettings, TaskScope, TaskTarget } from './provider.ts';

const DEFAULT_MAX_CONCURRENCY = 64;
/** The one collect group of each Azure scope. */
export const AZURE_GLOBAL_GROUP = 'global';
/** Where the tenant's scope sits: the directory has no location. */
const TENANT_LOCATION = 'global';

type ScopeKind = AzureScopeSnapshot['kind'];

class AzureTaskRuntime implements ProviderTaskRuntime {
  /** Collectors done and planned per scope, for progress. */
  readonly progress = new Map<string, { done: number; total: number }>();

  constructor(
    readonly source: AzureLiveSource,
    readonly clients: AzureClients,
    readonly limiter: Limiter,
    readonly settings: TaskRuntimeSettings,
    /** Which source of the credential chain signed in (`Azure CLI`, …). */
    readonly signedInWith: string,
  ) {}

  apiCounters(): Record<string, ServiceCounters> {
    return structuredClone(this.clients.counters());
  }

  close(): void {
    this.progress.clear();
  }
}

/** The Azure runtime behind a `ProviderTaskRuntime` (an error for another provider's). */
export function azureRuntimeOf(runtime: ProviderTaskRuntime): AzureTaskRuntime {
  if (!(runtime instanceof AzureTaskRuntime)) throw new Error('not an Azure task runtime');
  return runtime;
}

/** A scope's plain-data access: which kind it is, its tenant and its display name. */
function accessOf(scope: Pick<TaskScope, 'accountId' | 'access'>): { readonly kind: ScopeKind; readonly tenantId: string; readonly cloud: AzureCloud; readonly displayName: string | undefined } {
  const kind = scope.access?.['scope'];
  const tenantId = scope.access?.['tenantId'];
  const cloud = scope.access?.['cloud'] as AzureCloud | undefined;
  if ((kind !== 'subscription' && kind !== 'tenant') || !tenantId || !cloud || !AZURE_CLOUDS.includes(cloud)) throw new Error(`Azure scope ${scope.accountId}: its access names no scope kind, tenant or cloud`);
  return { kind, tenantId, cloud, displayName: scope.access?.['displayName'] };
}

function servicesOf(kind: ScopeKind): readonly (AzureTenantServiceName | AzureSubscriptionServiceName)[] {
  return kind === 'tenant' ? AZURE_TENANT_SERVICES : AZURE_SUBSCRIPTION_SERVICES;
}

export const AZURE_TASKS: ProviderTasks<AzureScopeSnapshot> = {
  async createRuntime(source, settings) {
    if (source.kind !== 'azure') throw new Error(`the Azure provider cannot plan a "${(source as { kind: string }).kind}" source`);
    const { createAzureClients, signInToAzure } = await import('@palisade/providers/azure');
    const { connect } = source;
    const options = settings.options;
    const transport = connect.transport;
    const signIn = transport ? { tokens: transport.tokens ?? (async () => 'test-token'), source: 'test transport' } : await signInToAzure({ cloud: connect.cloud, ...(connect.tenantId ? { tenantId: connect.tenantId } : {}), ...(connect.servicePrincipal ? { servicePrincipal: connect.servicePrincipal } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    const clients = createAzureClients({
      cloud: connect.cloud,
      tokens: signIn.tokens,
      ...(transport ? { transport: transport.http } : {}),
      ...(options.config.gateway.maxAttempts ? { maxAttempts: options.config.gateway.maxAttempts } : {}),
      ...(options.config.gateway.attemptTimeoutMs ? { attemptTimeoutMs: options.config.gateway.attemptTimeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return new AzureTaskRuntime(source, clients, new Limiter(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY), settings, signIn.source);
  },

  async discover(runtimeOf, inScope): Promise<TaskDiscovery> {
    const runtime = azureRuntimeOf(runtimeOf);
    const { connect } = runtime.source;
    runtime.settings.onProgress({ phase: 'connect', message: `connecting to Azure (${connect.cloud}, signed in with ${runtime.signedInWith})` });
    const { discoverAzure } = await import('@palisade/providers/azure');
    const discovery = await discoverAzure(runtime.clients, {
      ...(connect.tenantId ? { tenantId: connect.tenantId } : {}),
      ...(connect.subscriptionIds ? { subscriptionIds: connect.subscriptionIds } : {}),
    });
    const notScanned = [...discovery.notScanned];
    const targets: TaskTarget[] = [];
    const tenant = discovery.tenant;
    if (!tenant) notScanned.push('the Microsoft Entra tenant: not scanned (its id is unknown: no subscription named it and Microsoft Graph did not answer; give --azure-tenant-id)');
    else if (inScope(tenant.tenantId)) targets.push({ accountId: tenant.tenantId, access: { scope: 'tenant', tenantId: tenant.tenantId, cloud: connect.cloud, displayName: tenant.displayName } });
    for (const subscription of discovery.subscriptions) {
      if (!inScope(subscription.subscriptionId)) continue;
      targets.push({
        accountId: subscription.subscriptionId,
        access: { scope: 'subscription', tenantId: subscription.tenantId || tenant?.tenantId || '', cloud: connect.cloud, displayName: subscription.displayName },
      });
    }
    const subscriptions = targets.length - (tenant && inScope(tenant.tenantId) ? 1 : 0);
    runtime.settings.onProgress({ phase: 'connect', message: `${subscriptions} subscription(s)${tenant ? ' and the tenant' : ''} to scan`, accounts: targets.length });
    return { targets, notScanned, errors: () => discovery.errors };
  },

  async prepare(runtimeOf, target, services, inScope): Promise<PreparedScope | undefined> {
    const runtime = azureRuntimeOf(runtimeOf);
    if (!target.accountId) throw new Error('an Azure target names its scope');
    if (!inScope(target.accountId)) return undefined;
    const { kind } = accessOf({ accountId: target.accountId, ...(target.access ? { access: target.access } : {}) });
    const wanted = servicesOf(kind).filter((service) => services.has(service));
    // A scope none of the selected checks reads is not scanned: the tenant of a storage-only scan.
    if (!wanted.length) return undefined;
    let locations: readonly string[] = [TENANT_LOCATION];
    if (kind === 'subscription') {
      const requested = runtime.source.connect.regions;
      if (requested?.length) locations = requested;
      else {
        const { listLocations } = await import('@palisade/providers/azure');
        // A denied listing leaves no locations; the collect task reads it again to record the error in the scope.
        locations = (await listLocations(runtime.clients.arm, target.accountId)).locations;
      }
    }
    runtime.progress.set(target.accountId, { done: 0, total: wanted.length });
    return {
      scope: { accountId: target.accountId, ...(target.access ? { access: target.access } : {}), locations },
      groups: [{ name: AZURE_GLOBAL_GROUP, location: TENANT_LOCATION, services: wanted }],
    };
  },

  async collect(runtimeOf, scope, group) {
    return collectAzureScope(azureRuntimeOf(runtimeOf), scope, group.services);
  },

  assemble(scope: TaskScope, parts: readonly AzureScopeSnapshot[]): AzureScopeSnapshot {
    const first = parts[0];
    if (!first) throw new Error(`scope ${scope.accountId}: no parts to assemble`);
    const services: Record<string, unknown> = {};
    const errors: ScanError[] = [];
    const regions = new Set<string>();
    let collectedAt = first.collectedAt;
    for (const part of parts) {
      Object.assign(services, part.services);
      errors.push(...part.errors);
      for (const region of part.regions) regions.add(region);
      if (part.collectedAt < collectedAt) collectedAt = part.collectedAt;
    }
    return { ...first, regions: [...regions], collectedAt, services: services as Partial<AzureServices>, errors };
  },

  failedPart(scope, group, failure): AzureScopeSnapshot {
    const { kind, tenantId, cloud, displayName } = accessOf(scope);
    return {
      kind,
      accountId: scope.accountId,
      ...(displayName ? { displayName } : {}),
      tenantId,
      cloud,
      regions: scope.locations,
      collectedAt: new Date().toISOString(),
      services: {},
      errors: group.services.map(
        (service): ScanError => ({
          accountId: scope.accountId,
          service,
          error: { api: `${service}:*`, code: failure.code, message: `${service} could not be collected: ${failure.message}` },
        }),
      ),
    };
  },

  release(runtimeOf, accountId) {
    azureRuntimeOf(runtimeOf).progress.delete(accountId);
  },
};

/**
 * Collects one scope's `services` into its snapshot, each service by its collector, side by side
 * under the scan's limiter. A collector that throws is a scan error with the thrown error's code
 * (or `CollectorFailed`), and its service stays absent: its checks report ERROR `NotCollected`,
 * never PASS. Services the scan's cancellation cut short are listed in `notCollected`.
 * `onServiceComplete` is called as each service ends (collected or failed), with the snapshot so far.
 */
export async function collectAzureScope(
  runtime: AzureTaskRuntime,
  scope: TaskScope,
  services: readonly string[],
  onServiceComplete?: (snapshot: AzureScopeSnapshot, service: string) => Promise<void>,
): Promise<{ readonly snapshot: AzureScopeSnapshot; readonly notCollected: readonly string[] }> {
  const { AZURE_SUBSCRIPTION_COLLECTORS, AZURE_TENANT_COLLECTORS, listLocations } = await import('@palisade/providers/azure');
  const { kind, tenantId, displayName } = accessOf(scope);
  const { connect } = runtime.source;
  const signal = runtime.settings.options.signal;
  const errors: ScanError[] = [];
  let regions = scope.locations;
  if (kind === 'subscription' && !connect.regions?.length && regions.length === 0) {
    // Preparing found no location: the listing failed there, and its error belongs to this scope.
    const listed = await listLocations(runtime.clients.arm, scope.accountId);
    if (listed.error) errors.push(listed.error);
    regions = listed.locations;
  }
  const collected: Record<string, unknown> = {};
  const snapshot: AzureScopeSnapshot = {
    kind,
    accountId: scope.accountId,
    ...(displayName ? { displayName } : {}),
    tenantId,
    cloud: connect.cloud,
    regions,
    collectedAt: new Date().toISOString(),
    services: collected as Partial<AzureServices>,
    errors,
  };
  const context: AzureCollectorContext = {
    arm: runtime.clients.arm,
    graph: runtime.clients.graph,
    subscriptionId: kind === 'subscription' ? scope.accountId : '',
    tenantId,
    cloud: connect.cloud,
    ...(connect.regions?.length ? { locations: new Set(connect.regions) } : {}),
  };
  const collectors: Readonly<Record<string, { collect(context: AzureCollectorContext): Promise<unknown> } | undefined>> = kind === 'tenant' ? AZURE_TENANT_COLLECTORS : AZURE_SUBSCRIPTION_COLLECTORS;
  const progress = runtime.progress.get(scope.accountId);
  const notCollected: string[] = [];
  await Promise.all(
    services.map((service) =>
      runtime.limiter.run(async () => {
        if (signal?.aborted) {
          notCollected.push(service);
          return;
        }
        const collector = connect.transport?.collectors?.[service] ?? collectors[service];
        try {
          if (!collector) throw Object.assign(new Error(`no ${kind} collector for "${service}"`), { code: 'UnknownService' });
          collected[service] = await collector.collect(context);
        } catch (thrown) {
          errors.push({ accountId: scope.accountId, service, error: { api: `${service}:*`, code: codeOf(thrown), message: `${service} could not be collected: ${(thrown as Error)?.message ?? String(thrown)}` } });
        }
        if (signal?.aborted) {
          // A collector cut short by cancellation holds "Cancelled" errors: not results to evaluate.
          delete collected[service];
          notCollected.push(service);
          return;
        }
        if (progress) progress.done += 1;
        runtime.settings.onProgress({ phase: 'collect', accountId: scope.accountId, region: TENANT_LOCATION, service, done: progress?.done ?? 1, total: progress?.total ?? services.length });
        await onServiceComplete?.(snapshot, service);
      }),
    ),
  );
  return { snapshot, notCollected };
}

/** The thrown error's own code when it has one (`ENOTFOUND`, `UnknownService`), else `CollectorFailed`. */
function codeOf(thrown: unknown): string {
  const code = (thrown as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code ? code : 'CollectorFailed';
}
