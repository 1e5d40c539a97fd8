/**
 * Azure result builders: the scope (subscription or tenant) and ARM resources as resources, and the
 * walk over a scope's services that reports a service that was not collected as ERROR, never PASS.
 */
import type { ApiError } from '../fetched.ts';
import type { CheckResult, ResourceRef, Tags } from '../finding.ts';
import { errorResult } from '../results.ts';
import type { AzureScopeSnapshot, AzureServiceName, AzureServices } from './snapshot.ts';
import { isTenantService } from './snapshot.ts';

/** ARM writes locations as `eastus`, some APIs as `East US`: one spelling for findings and filters. */
export function normalizeLocation(location: string | undefined | null): string {
  if (!location) return 'global';
  return location.toLowerCase().replace(/\s+/g, '');
}

/** The scope itself as a resource: the subscription (`/subscriptions/<id>`) or the tenant (`/tenants/<id>`). */
export function scopeResource(scope: AzureScopeSnapshot, region = 'global'): ResourceRef {
  return scope.kind === 'subscription'
    ? { uid: `/subscriptions/${scope.accountId}`, type: 'Microsoft.Resources/subscriptions', name: scope.displayName ?? scope.accountId, region }
    : { uid: `/tenants/${scope.accountId}`, type: 'Microsoft.Graph/organization', name: scope.displayName ?? scope.accountId, region };
}

/**
 * An ARM resource: its resource id is the uid (as ARM returns it), its type the ARM type
 * (`Microsoft.Storage/storageAccounts`), its region the normalized location (`global` without one).
 */
export function armResource(id: string, type: string, name: string, location?: string | null, tags?: Tags | null): ResourceRef {
  return { uid: id, type, name, region: normalizeLocation(location), ...(tags && Object.keys(tags).length ? { tags } : {}) };
}

/** A directory object of the tenant (user, group, role, application, policy): uid `/tenants/<tenant>/<collection>/<id>`. */
export function directoryResource(scope: AzureScopeSnapshot, collection: string, id: string, type: string, name: string): ResourceRef {
  return { uid: `/tenants/${scope.tenantId}/${collection}/${id}`, type, name, region: 'global' };
}

export function notCollectedError(service: string): ApiError {
  return { api: `${service}:*`, code: 'NotCollected', message: `${service} was not collected; results for it are unknown` };
}

/**
 * Evaluates one service of a scope, or ERROR on the scope when it was not collected. A tenant
 * service on a subscription scope (or a subscription service on a tenant scope) is not that
 * scope's business: no result.
 */
export function withService<K extends AzureServiceName>(
  scope: AzureScopeSnapshot,
  service: K,
  evaluate: (data: AzureServices[K]) => readonly CheckResult[],
): readonly CheckResult[] {
  if (isTenantService(service) !== (scope.kind === 'tenant')) return [];
  const data = scope.services[service];
  if (data === undefined) return [errorResult(scopeResource(scope), notCollectedError(service))];
  return evaluate(data as AzureServices[K]);
}
