/**
 * What an Azure collector is: one service's data for one scope, read through the clients (ARM for
 * subscription services, Microsoft Graph for the tenant's directory). A collector never throws for
 * an API failure: each list or detail it could not read is a `Fetched` error in its data, so the
 * checks that read it report ERROR with the API and the provider's code.
 */
import type { AzureCloud, AzureServiceName, AzureServices } from '@palisade/core/azure';
import { normalizeLocation } from '@palisade/core/azure';
import type { ArmClient, GraphClient } from './client.ts';

export interface AzureCollectorContext {
  readonly arm: ArmClient;
  readonly graph: GraphClient;
  /** The subscription being collected; empty for the tenant's scope. */
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly cloud: AzureCloud;
  /** Lower-case locations a scan is narrowed to (`--region`); undefined: all. */
  readonly locations?: ReadonlySet<string>;
}

export interface AzureCollector<K extends AzureServiceName> {
  readonly service: K;
  collect(context: AzureCollectorContext): Promise<AzureServices[K]>;
}

/** Whether a resource at `location` belongs to the scan (resources without a location, `global`, always do). */
export function inLocations(context: Pick<AzureCollectorContext, 'locations'>, location: string | undefined | null): boolean {
  const normalized = normalizeLocation(location);
  return context.locations === undefined || normalized === 'global' || context.locations.has(normalized);
}

/** `/subscriptions/<id>/resourceGroups/<rg>/providers/…` → `<rg>` (resource groups are case-insensitive; kept as written). */
export function resourceGroupOf(resourceId: string): string | undefined {
  return /\/resourceGroups\/([^/]+)/i.exec(resourceId)?.[1];
}

export { mapLimit } from '../aws/collector.ts';
