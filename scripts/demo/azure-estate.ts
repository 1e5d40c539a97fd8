/**
 * The Azure demo estate: the tenant `contoso-demo.onmicrosoft.com` and two subscriptions —
 * Production (index 0, well kept) and Development (index 1, neglected) — in `eastus` and
 * `westeurope`. Each service's data comes from its family module (scripts/demo/azure/<family>.ts);
 * this module only assembles the scopes, in the shape a live scan collects them. Deterministic:
 * fixed ids and the demo's collection time.
 */
import type { AzureScopeSnapshot, AzureSubscriptionServices, AzureTenantServices } from '@palisade/core/azure';
import { demoAks } from './azure/aks.ts';
import { demoAppService } from './azure/appservice.ts';
import { demoAuthorization } from './azure/authorization.ts';
import { demoCompute } from './azure/compute.ts';
import { demoCosmosDb } from './azure/cosmosdb.ts';
import { demoDefender } from './azure/defender.ts';
import { demoEntra } from './azure/entra.ts';
import { demoKeyVault } from './azure/keyvault.ts';
import { demoLocks } from './azure/locks.ts';
import { demoMonitor } from './azure/monitor.ts';
import { demoMySql } from './azure/mysql.ts';
import { demoNetwork } from './azure/network.ts';
import { demoPostgreSql } from './azure/postgresql.ts';
import { demoSql } from './azure/sql.ts';
import { demoStorage } from './azure/storage.ts';
import type { DemoSubscription, DemoTenant } from './azure/types.ts';
import { DEMO_COLLECTED_AT } from './estate.ts';

export const DEMO_TENANT: DemoTenant = { tenantId: 'c0a1e7d2-4b5f-4e8a-9d3c-7f2b6e1a9c40', domain: 'contoso-demo.onmicrosoft.com' };
export const DEMO_LOCATIONS: readonly string[] = ['eastus', 'westeurope'];
export const DEMO_SUBSCRIPTIONS: readonly DemoSubscription[] = [
  { subscriptionId: '5d2e8f3a-1c4b-4d6e-8a9f-0b1c2d3e4f51', displayName: 'Production', tenantId: DEMO_TENANT.tenantId, index: 0, locations: DEMO_LOCATIONS },
  { subscriptionId: '9a7b6c5d-4e3f-4a1b-8c2d-e0f1a2b3c4d6', displayName: 'Development', tenantId: DEMO_TENANT.tenantId, index: 1, locations: DEMO_LOCATIONS },
];

/** The family modules: one function per service, for the tenant or for a subscription. */
export interface DemoAzureFamilies {
  readonly tenant: { readonly [K in keyof AzureTenantServices]: (tenant: DemoTenant) => AzureTenantServices[K] };
  readonly subscription: { readonly [K in keyof AzureSubscriptionServices]: (subscription: DemoSubscription) => AzureSubscriptionServices[K] };
}

export const DEMO_AZURE_FAMILIES: DemoAzureFamilies = {
  tenant: { entra: demoEntra },
  subscription: {
    defender: demoDefender,
    storage: demoStorage,
    keyvault: demoKeyVault,
    network: demoNetwork,
    monitor: demoMonitor,
    sql: demoSql,
    postgresql: demoPostgreSql,
    mysql: demoMySql,
    compute: demoCompute,
    appservice: demoAppService,
    authorization: demoAuthorization,
    cosmosdb: demoCosmosDb,
    aks: demoAks,
    locks: demoLocks,
  },
};

function servicesOf<S>(families: { readonly [name: string]: (scope: S) => unknown }, scope: S): Record<string, unknown> {
  return Object.fromEntries(Object.entries(families).map(([service, build]) => [service, build(scope)]));
}

/** The estate's scopes in snapshot order: the tenant first, then the subscriptions. */
export function buildDemoAzureEstate(families: DemoAzureFamilies = DEMO_AZURE_FAMILIES): AzureScopeSnapshot[] {
  const tenant: AzureScopeSnapshot = {
    kind: 'tenant',
    accountId: DEMO_TENANT.tenantId,
    displayName: DEMO_TENANT.domain,
    tenantId: DEMO_TENANT.tenantId,
    cloud: 'AzureCloud',
    regions: ['global'],
    collectedAt: DEMO_COLLECTED_AT,
    services: servicesOf(families.tenant, DEMO_TENANT) as Partial<AzureTenantServices>,
    errors: [],
  };
  const subscriptions = DEMO_SUBSCRIPTIONS.map(
    (subscription): AzureScopeSnapshot => ({
      kind: 'subscription',
      accountId: subscription.subscriptionId,
      displayName: subscription.displayName,
      tenantId: subscription.tenantId,
      cloud: 'AzureCloud',
      regions: [...subscription.locations],
      collectedAt: DEMO_COLLECTED_AT,
      services: servicesOf(families.subscription, subscription) as Partial<AzureSubscriptionServices>,
      errors: [],
    }),
  );
  return [tenant, ...subscriptions];
}
