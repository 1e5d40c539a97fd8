/**
 * The Azure provider module: what the shared scan path needs to know about Azure. A scope is a
 * subscription, plus one scope for the Microsoft Entra tenant (the directory is not part of any
 * subscription: its users, policies and roles are read once, not once per subscription). A
 * subscription's locations are its physical regions; the tenant has none. A live scan signs in with
 * the standard credential chain, discovers the subscriptions and the tenant, collects each scope's
 * services through one pair of ARM and Graph clients (rate limits and counters span the scan) and
 * hands each scope's services to the shared evaluation as they complete.
 */
import { InputError } from '@palisade/core';
import type { ResourceRef } from '@palisade/core';
import { AZURE_SERVICES, normalizeLocation, scopeResource } from '@palisade/core/azure';
import type { AzureCloud, AzureScopeSnapshot } from '@palisade/core/azure';
import type { AzureCollectorContext, AzureServicePrincipal, HttpTransport, TokenSource } from '@palisade/providers/azure';
import { AZURE_TASKS, azureRuntimeOf, collectAzureScope } from './azure-tasks.ts';
import { Limiter } from './limiter.ts';
import type { LiveScan, LiveScanOutcome, ProviderModule, ScopeIdFormat } from './provider.ts';
import { AZURE_SNAPSHOT_FORMAT, SnapshotWriter, readScopeSnapshots } from './snapshot-io.ts';

/**
 * Where the clients' HTTP requests go instead of the network, for tests (a table of ARM and Graph
 * answers); never set by the CLI. `tokens` replaces signing in; `collectors` stand in for the
 * services' own collectors (by service name), to test the scan's handling of what they return or throw.
 */
export interface AzureTransport {
  readonly http: HttpTransport;
  readonly tokens?: TokenSource;
  readonly collectors?: Readonly<Record<string, { collect(context: AzureCollectorContext): Promise<unknown> }>>;
}

/** How a live Azure scan connects: plain data (the credentials come from the standard chain, or a stored service principal). */
export interface AzureConnectOptions {
  /** The national cloud (`--azure-cloud`); default `AzureCloud`. */
  readonly cloud: AzureCloud;
  /** `--azure-tenant-id`: the tenant to sign in to and scan. */
  readonly tenantId?: string;
  /** Sign in as this service principal (opened from a stored secret) in `tenantId`, instead of the chain. */
  readonly servicePrincipal?: AzureServicePrincipal;
  /** `--subscription-ids`: only these of the subscriptions the identity sees. */
  readonly subscriptionIds?: readonly string[];
  /** `--region`: only these locations (lower-case ARM names); default every location of each subscription. */
  readonly regions?: readonly string[];
  readonly transport?: AzureTransport;
}

/** A live Azure source: the subscriptions the signed-in identity sees, and its tenant. */
export interface AzureLiveSource {
  readonly kind: 'azure';
  readonly connect: AzureConnectOptions;
}

/** Subscription and tenant ids: GUIDs (mutelist keys name either). */
export const AZURE_SCOPE_ID_FORMAT: ScopeIdFormat = {
  pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  description: 'an Azure subscription or tenant id (a GUID)',
};

/** ARM location names: lower-case letters and digits (`eastus`, `westeurope`, `usgovvirginia`). */
const LOCATION_NAME = /^[a-z][a-z0-9]*$/;

const DEFAULT_MAX_ACCOUNTS_IN_FLIGHT = 16;

export const AZURE_PROVIDER: ProviderModule<AzureScopeSnapshot> = {
  id: 'azure',
  scopeKind: 'subscription',
  services: AZURE_SERVICES,
  scopeIdFormat: AZURE_SCOPE_ID_FORMAT,
  readSnapshot: (path, options) => readScopeSnapshots(path, AZURE_SNAPSHOT_FORMAT, options),
  openSnapshotWriter: (path, producer) => SnapshotWriter.open(path, producer, 'azure'),
  // No partition; the tenant is the organization every scope belongs to.
  describeScope: (scope) => ({
    ...(scope.displayName ? { alias: scope.displayName } : {}),
    organization: { organizationId: scope.tenantId },
    kind: scope.kind,
  }),
  scopeResource: (scope): ResourceRef => scopeResource(scope),
  scopeErrors: (scope) => scope.errors,
  narrowRegions: (scope, regions) => narrowAzureScope(scope, regions),
  hasLocations: (scope) => scope.kind === 'subscription',
  locationProblem: (location) => (LOCATION_NAME.test(location) ? undefined : `"${location}" is not an Azure location name (lower-case letters and digits, e.g. eastus, westeurope)`),
  releaseService(scope, service) {
    delete (scope.services as Record<string, unknown>)[service];
  },
  liveRegions: (source) => (source.kind === 'azure' ? source.connect.regions : undefined),
  scanLive(source, scan) {
    if (source.kind !== 'azure') throw new InputError('USAGE', `the Azure provider cannot scan a "${(source as { kind: string }).kind}" source`, { field: 'source' });
    return scanAzure(source, scan);
  },
  tasks: AZURE_TASKS,
};

/**
 * A subscription with only `regions` among its locations: every list its services hold drops the
 * resources whose `location` is elsewhere (resources without one, or `global`, stay). Generic over
 * the services' data, whatever the family: a `Fetched` list of objects with a `location`.
 */
export function narrowAzureScope(scope: AzureScopeSnapshot, regions: readonly string[]): AzureScopeSnapshot {
  if (!regions.length || scope.kind !== 'subscription') return scope;
  const keep = new Set(regions.map((region) => normalizeLocation(region)));
  const inRegions = (item: unknown) => {
    if (typeof item !== 'object' || item === null || !('location' in item)) return true;
    const location = normalizeLocation((item as { location?: string | null }).location);
    return location === 'global' || keep.has(location);
  };
  const narrow = (data: unknown): unknown => {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
    const record = data as Record<string, unknown>;
    if ('error' in record && record['error'] !== undefined) return data;
    if ('value' in record) return Array.isArray(record['value']) ? { ...record, value: record['value'].filter(inRegions) } : data;
    return Object.fromEntries(Object.entries(record).map(([key, entry]) => [key, narrow(entry)]));
  };
  const services = Object.fromEntries(Object.entries(scope.services).map(([service, data]) => [service, narrow(data)]));
  return { ...scope, regions: scope.regions.filter((region) => keep.has(region)), services: services as AzureScopeSnapshot['services'] };
}

async function scanAzure(source: AzureLiveSource, scan: LiveScan<AzureScopeSnapshot>): Promise<LiveScanOutcome> {
  const { options } = scan;
  const runtime = await AZURE_TASKS.createRuntime(source, { options, onProgress: scan.onProgress });
  try {
    const discovery = await AZURE_TASKS.discover(runtime, scan.inScope);
    scan.notScanned.push(...discovery.notScanned);
    const scopes = new Limiter(options.maxAccountsInFlight ?? DEFAULT_MAX_ACCOUNTS_IN_FLIGHT);
    try {
      await Promise.all(
        discovery.targets.map((target) =>
          scopes.run(async () => {
            if (options.signal?.aborted) {
              scan.notScanned.push(`account ${target.accountId ?? 'unknown'}: not started (interrupted)`);
              return;
            }
            const prepared = await AZURE_TASKS.prepare(runtime, target, scan.services, scan.inScope);
            if (!prepared) return;
            const evaluation = scan.beginScope();
            const collected = await collectAzureScope(azureRuntimeOf(runtime), prepared.scope, prepared.groups.flatMap((group) => group.services), (snapshot, service) =>
              evaluation.serviceComplete(snapshot, service),
            );
            if (collected.notCollected.length) await evaluation.abandon(collected.snapshot, collected.notCollected);
            else await evaluation.finish(collected.snapshot);
            AZURE_TASKS.release(runtime, prepared.scope.accountId);
          }),
        ),
      );
    } finally {
      // Discovery's own errors (a denied subscription list, a denied organization read) after the scopes'.
      scan.errors.push(...discovery.errors());
    }
    return { apiCounters: runtime.apiCounters() };
  } finally {
    runtime.close();
  }
}
