/**
 * What a provider module declares so the shared scan path (evaluation, muting, findings, summary,
 * outputs) can run its checks without knowing the provider: its scope kind and services, how its
 * snapshot files are read, what a scope looks like in a finding, how a scope is narrowed to the
 * requested locations, and how live scopes are collected. AWS (aws-provider.ts) and Azure
 * (azure-provider.ts) are built in; tests register others (`registerProvider`).
 */
import { InputError } from '@palisade/core';
import type { OrganizationContext, ResourceRef, ScanError, ScopeSnapshot } from '@palisade/core';
import type { ServiceCounters } from '@palisade/providers';
import { AWS_PROVIDER } from './aws-provider.ts';
import { AZURE_PROVIDER } from './azure-provider.ts';
export { ScopeAccessError } from './scope-access-error.ts';
import type { LiveSource, ScanOptions, ScanProgress } from './scan.ts';
import type { ReadSnapshotOptions } from './snapshot-io.ts';

/** What findings carry about a scope besides its id (`accountId`). */
export interface ScopeDescription {
  /** The provider's partition (AWS: `aws`, `aws-cn`, `aws-us-gov`); absent when the provider has none. */
  readonly partition?: string;
  /** The scope's own display name (AWS: the account alias). */
  readonly alias?: string;
  readonly organization?: OrganizationContext;
  /**
   * The kind of this scope when the provider has more than one (Azure: `subscription` or `tenant`);
   * findings carry it as `scopeKind` (OCSF's account type follows it).
   */
  readonly kind?: string;
}

/** How a provider's scope ids look, for validating user input such as mutelist keys. */
export interface ScopeIdFormat {
  readonly pattern: RegExp;
  /** Completes "must be …", e.g. `a 12-digit account id`. */
  readonly description: string;
}

/** Receives a provider's snapshot as a file: scope by scope, kept only when the scan completes. */
export interface ScopeSnapshotWriter<S extends ScopeSnapshot = ScopeSnapshot> {
  add(snapshot: S): Promise<void>;
  /** Completes the file and moves it into place. */
  commit(): Promise<void>;
  /** Drops the partial file (interrupted scan). */
  discard(): Promise<void>;
}

/**
 * Evaluates one scope's checks while the provider collects it: each check runs as soon as every
 * service it reads is complete, and a service's data is released once no pending check reads it.
 */
export interface ScopeEvaluation<S extends ScopeSnapshot = ScopeSnapshot> {
  /** `service` is collected in every location of the scope: evaluates the checks that now have all they read. */
  serviceComplete(snapshot: S, service: string): Promise<void>;
  /** Collection ended: the remaining checks run (a service that failed makes them ERROR), the scope counts as scanned. */
  finish(snapshot: S): Promise<void>;
  /** Collection was cut short (interrupted): the remaining checks are not evaluated; `notCollected` names what was not read. */
  abandon(snapshot: S, notCollected: readonly string[]): Promise<void>;
}

/** What the shared scan path gives a provider's live collection. */
export interface LiveScan<S extends ScopeSnapshot = ScopeSnapshot> {
  readonly options: ScanOptions;
  /** The services the selected checks read. */
  readonly services: ReadonlySet<string>;
  /** Whether a scope is part of this scan (`ScanOptions.accounts`): scopes outside it are skipped without a word. */
  readonly inScope: (accountId: string) => boolean;
  readonly errors: ScanError[];
  /** One line per scope (or part of one) that was not scanned, and why. */
  readonly notScanned: string[];
  /**
   * Starts evaluating one scope's checks; the provider drives it as its services complete.
   * `describe` completes what findings say about the scope (metadata read in the background):
   * the first evaluation waits for it, collection does not.
   */
  beginScope(options?: { readonly describe?: (snapshot: S) => Promise<void> }): ScopeEvaluation<S>;
  readonly snapshotWriter: ScopeSnapshotWriter<S> | undefined;
  readonly onProgress: (event: ScanProgress) => void;
}

export interface LiveScanOutcome {
  /** API calls, retries and errors by service, for the summary. */
  readonly apiCounters: Record<string, ServiceCounters>;
}

export interface ProviderModule<S extends ScopeSnapshot = ScopeSnapshot> {
  /** The provider id findings and checks carry, e.g. `aws`. */
  readonly id: string;
  /**
   * What one scope is: an AWS account, an Azure subscription (Azure also has one scope for its
   * Microsoft Entra tenant, see `describeScope(...).kind`); later a Google Cloud project.
   */
  readonly scopeKind: 'account' | 'subscription';
  /** The service names checks of this provider may require (their collectors). */
  readonly services: readonly string[];
  readonly scopeIdFormat: ScopeIdFormat;
  /** Reads a snapshot file of this provider scope by scope, validating each scope's shape. */
  readSnapshot(path: string, options?: ReadSnapshotOptions): AsyncGenerator<S, void, undefined>;
  /** Opens a snapshot file that a live scan fills scope by scope (`--snapshot-out`). */
  openSnapshotWriter(path: string, producer: string): Promise<ScopeSnapshotWriter<S>>;
  describeScope(snapshot: S): ScopeDescription;
  /** The scope itself as a resource: where a result about the whole scope (a check that crashed) is reported. */
  scopeResource(snapshot: S): ResourceRef;
  /** Errors recorded while the scope was collected (locations not enabled, collectors that failed). */
  scopeErrors(snapshot: S): readonly ScanError[];
  /** The snapshot with only `regions` among its locations (`--region` on a snapshot scan). */
  narrowRegions(snapshot: S, regions: readonly string[]): S;
  /**
   * Whether `--region` applies to the scope: false for a scope whose services have no location (an
   * Azure tenant's directory), which is neither narrowed nor reported as missing a requested
   * region. Default: true.
   */
  hasLocations?(snapshot: S): boolean;
  /** Why `location` is not one of this provider's location names (`--region`), or undefined when it may be. Default: any name. */
  locationProblem?(location: string): string | undefined;
  /** Drops a service's data once no pending check reads it, so memory follows what is still needed. */
  releaseService(snapshot: S, service: string): void;
  /** The requested locations of a live source, when it names some. */
  liveRegions?(source: LiveSource): readonly string[] | undefined;
  /** Collects the scopes of a live source; absent for a provider that only reads snapshots. */
  scanLive?(source: LiveSource, scan: LiveScan<S>): Promise<LiveScanOutcome>;
  /** A live source planned as tasks (tasks.ts); absent for a provider whose live scans run only in one piece. */
  readonly tasks?: ProviderTasks<S>;
}

/** A scope of a task-planned scan, as plain data: what any thread or machine needs to collect it. */
export interface TaskScope {
  readonly accountId: string;
  /** How to reach the scope, provider-specific plain data (AWS: `roleArn`, the member role to assume). */
  readonly access?: Readonly<Record<string, string>>;
  /** The scope's place in its organization; OU path and tags are added once read. */
  readonly organization?: OrganizationContext;
  /** The scope's locations (AWS regions), in the order its snapshot lists them. */
  readonly locations: readonly string[];
}

/** What one collect task reads: some services in one location (or the scope-wide services). */
export interface CollectGroup {
  /** Unique within the scope, a safe key segment: `global`, or the location. */
  readonly name: string;
  readonly location: string;
  readonly services: readonly string[];
}

/** A scope the provider has connected to, and how its collection splits into tasks. */
export interface PreparedScope {
  readonly scope: TaskScope;
  readonly groups: readonly CollectGroup[];
}

/** A scope to prepare: plain data from discovery (an organization's member account), or the credentials' own scope. */
export interface TaskTarget {
  readonly accountId?: string;
  readonly access?: Readonly<Record<string, string>>;
  readonly organization?: OrganizationContext;
}

/** What discovery found: the targets, what it could not include, and organization metadata still arriving. */
export interface TaskDiscovery {
  readonly targets: readonly TaskTarget[];
  readonly notScanned: readonly string[];
  /** OU path and tags of a target, read in the background; evaluate tasks wait for them. */
  readonly metadataOf?: (accountId: string) => Promise<Partial<OrganizationContext>>;
  /** Errors of the background reads, complete once every `metadataOf` promise settled. */
  readonly errors: () => readonly ScanError[];
}

/**
 * A process-local runtime for a provider's tasks: the gateway (rate limits keyed by scope ×
 * location × API, so that any number of tasks of one process share them), sessions already open,
 * counters. Never serialized: each process that runs tasks has its own.
 */
export interface ProviderTaskRuntime {
  apiCounters(): Record<string, ServiceCounters>;
  close(): void;
}

export interface TaskRuntimeSettings {
  readonly options: Pick<ScanOptions, 'config' | 'signal' | 'retryPolicy' | 'maxConcurrency' | 'collectorLimits' | 'collectTargets' | 'rateLimitBudgets'>;
  readonly onProgress: (event: ScanProgress) => void;
}

/** A provider's live collection as tasks: discover targets, prepare each (connect, list locations), collect a group into a part, assemble a scope from its parts. */
export interface ProviderTasks<S extends ScopeSnapshot = ScopeSnapshot> {
  createRuntime(source: LiveSource, settings: TaskRuntimeSettings): Promise<ProviderTaskRuntime>;
  discover(runtime: ProviderTaskRuntime, inScope: (accountId: string) => boolean): Promise<TaskDiscovery>;
  /**
   * Connects to a target and lists its locations and collect groups for `services`. Undefined when
   * the target is out of scope (known only once connected); throws a `ScopeAccessError` when the
   * scope cannot be reached.
   */
  prepare(runtime: ProviderTaskRuntime, target: TaskTarget, services: ReadonlySet<string>, inScope: (accountId: string) => boolean): Promise<PreparedScope | undefined>;
  /** Collects one group: a snapshot of the scope holding only that group's services (plain data), and what cancellation left out. */
  collect(runtime: ProviderTaskRuntime, scope: TaskScope, group: CollectGroup): Promise<{ readonly snapshot: S; readonly notCollected: readonly string[] }>;
  /** The scope's snapshot from its groups' parts (any order). */
  assemble(scope: TaskScope, parts: readonly S[]): S;
  /**
   * The part of a group whose collect task failed for good (a worker crashed, a function timed
   * out, every retry throttled): none of the group's services, and one scan error per service
   * naming the scope, the location and the failure's code, so that its checks report ERROR
   * (`NotCollected`), never PASS.
   */
  failedPart(scope: TaskScope, group: CollectGroup, failure: { readonly code: string; readonly message: string }): S;
  /** Releases what the runtime holds for one scope (its session) once its collection is done. */
  release(runtime: ProviderTaskRuntime, accountId: string): void;
}


/** The built-in providers are always known; tests register others. */
const providers = new Map<string, ProviderModule>([
  [AWS_PROVIDER.id, AWS_PROVIDER as unknown as ProviderModule],
  [AZURE_PROVIDER.id, AZURE_PROVIDER as unknown as ProviderModule],
]);

/**
 * Makes a provider module available to scans (`ScanOptions.provider`). Returns a function that
 * removes it again, for tests that register a stub provider.
 */
export function registerProvider<S extends ScopeSnapshot>(module: ProviderModule<S>): () => void {
  const previous = providers.get(module.id);
  providers.set(module.id, module as unknown as ProviderModule);
  return () => {
    if (previous) providers.set(module.id, previous);
    else providers.delete(module.id);
  };
}

export function getProvider(id: string): ProviderModule {
  const module = providers.get(id);
  if (!module) throw new InputError('USAGE', `unknown provider "${id}" (known: ${[...providers.keys()].sort().join(', ')})`, { field: 'provider' });
  return module;
}

export function providerIds(): string[] {
  return [...providers.keys()].sort();
}
