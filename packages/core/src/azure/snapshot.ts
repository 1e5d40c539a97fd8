import type { ScanError, ScopeSnapshot } from '../scope.ts';
import type { AksData } from './aks.ts';
import type { AppServiceData } from './appservice.ts';
import type { AuthorizationData } from './authorization.ts';
import type { ComputeData } from './compute.ts';
import type { CosmosDbData } from './cosmosdb.ts';
import type { DefenderData } from './defender.ts';
import type { EntraData } from './entra.ts';
import type { KeyVaultData } from './keyvault.ts';
import type { LocksData } from './locks.ts';
import type { MonitorData } from './monitor.ts';
import type { MySqlData } from './mysql.ts';
import type { NetworkData } from './network.ts';
import type { PostgreSqlData } from './postgresql.ts';
import type { SqlData } from './sql.ts';
import type { StorageData } from './storage.ts';

/** The national clouds: each has its own ARM, Graph and sign-in endpoints (`--azure-cloud`). */
export type AzureCloud = 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment';
export const AZURE_CLOUDS: readonly AzureCloud[] = ['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment'];

/**
 * Services read once per Microsoft Entra tenant (the directory): they belong to the tenant's scope,
 * never to a subscription's, so a tenant with ten subscriptions reports each user once.
 */
export interface AzureTenantServices {
  readonly entra: EntraData;
}

/** Services read once per subscription (ARM lists are subscription-wide; resources carry their location). */
export interface AzureSubscriptionServices {
  readonly defender: DefenderData;
  readonly storage: StorageData;
  readonly keyvault: KeyVaultData;
  readonly network: NetworkData;
  readonly monitor: MonitorData;
  readonly sql: SqlData;
  readonly postgresql: PostgreSqlData;
  readonly mysql: MySqlData;
  readonly compute: ComputeData;
  readonly appservice: AppServiceData;
  readonly authorization: AuthorizationData;
  readonly cosmosdb: CosmosDbData;
  readonly aks: AksData;
  readonly locks: LocksData;
}

export type AzureServices = AzureTenantServices & AzureSubscriptionServices;
export type AzureTenantServiceName = keyof AzureTenantServices;
export type AzureSubscriptionServiceName = keyof AzureSubscriptionServices;
export type AzureServiceName = keyof AzureServices;

export const AZURE_TENANT_SERVICES: readonly AzureTenantServiceName[] = ['entra'];
export const AZURE_SUBSCRIPTION_SERVICES: readonly AzureSubscriptionServiceName[] = [
  'defender',
  'storage',
  'keyvault',
  'network',
  'monitor',
  'sql',
  'postgresql',
  'mysql',
  'compute',
  'appservice',
  'authorization',
  'cosmosdb',
  'aks',
  'locks',
];
export const AZURE_SERVICES: readonly AzureServiceName[] = [...AZURE_TENANT_SERVICES, ...AZURE_SUBSCRIPTION_SERVICES];

export function isTenantService(service: string): service is AzureTenantServiceName {
  return (AZURE_TENANT_SERVICES as readonly string[]).includes(service);
}

/**
 * One scope of an Azure scan. Two kinds share the type:
 * - `subscription`: `accountId` is the subscription id; holds the subscription services;
 * - `tenant`: `accountId` is the Microsoft Entra tenant id; holds the tenant services (Entra ID).
 * Services absent from `services` were not collected (filtered out or not reached); checks report
 * that as ERROR, never PASS. A check of a tenant service has nothing to say about a subscription
 * scope and the other way round (`withService` returns no result there).
 */
export interface AzureScopeSnapshot extends ScopeSnapshot {
  readonly kind: 'subscription' | 'tenant';
  /** Subscription id (kind `subscription`) or tenant id (kind `tenant`). */
  readonly accountId: string;
  /** The subscription's display name, or the tenant's default domain (e.g. `contoso.onmicrosoft.com`). */
  readonly displayName?: string;
  /** The Microsoft Entra tenant the scope belongs to (for a tenant scope, its own id). */
  readonly tenantId: string;
  readonly cloud: AzureCloud;
  /**
   * Locations scanned, lower-case ARM names (`eastus`, `westeurope`): for a subscription, the
   * locations the scan was asked for, or else every location the subscription offers; `global`
   * alone for a tenant.
   */
  readonly regions: readonly string[];
  readonly collectedAt: string;
  readonly services: Partial<AzureServices>;
  readonly errors: readonly ScanError[];
}

// Azure checks are `Check<AzureScopeSnapshot>`: `defineCheck({ provider: 'azure', ... })` types their
// `evaluate` from this entry.
declare module '../check.ts' {
  interface ProviderSnapshots {
    readonly azure: AzureScopeSnapshot;
  }
}
