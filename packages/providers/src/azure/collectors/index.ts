/** Every Azure collector: the tenant's (Microsoft Graph) and the subscriptions' (ARM). */
import type { AzureSubscriptionServiceName, AzureTenantServiceName } from '@palisade/core/azure';
import type { AzureCollector } from '../collector.ts';
import { aksCollector } from './aks.ts';
import { appserviceCollector } from './appservice.ts';
import { authorizationCollector } from './authorization.ts';
import { computeCollector } from './compute.ts';
import { cosmosdbCollector } from './cosmosdb.ts';
import { defenderCollector } from './defender.ts';
import { entraCollector } from './entra.ts';
import { keyvaultCollector } from './keyvault.ts';
import { locksCollector } from './locks.ts';
import { monitorCollector } from './monitor.ts';
import { mysqlCollector } from './mysql.ts';
import { networkCollector } from './network.ts';
import { postgresqlCollector } from './postgresql.ts';
import { sqlCollector } from './sql.ts';
import { storageCollector } from './storage.ts';

export const AZURE_TENANT_COLLECTORS: { readonly [K in AzureTenantServiceName]: AzureCollector<K> } = { entra: entraCollector };

export const AZURE_SUBSCRIPTION_COLLECTORS: { readonly [K in AzureSubscriptionServiceName]: AzureCollector<K> } = {
  defender: defenderCollector,
  storage: storageCollector,
  keyvault: keyvaultCollector,
  network: networkCollector,
  monitor: monitorCollector,
  sql: sqlCollector,
  postgresql: postgresqlCollector,
  mysql: mysqlCollector,
  compute: computeCollector,
  appservice: appserviceCollector,
  authorization: authorizationCollector,
  cosmosdb: cosmosdbCollector,
  aks: aksCollector,
  locks: locksCollector,
};
