import type { ApiError, Fetched } from '@palisade/core';
import type { AzureScopeSnapshot, AzureServices } from '@palisade/core/azure';

export const TEST_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const TEST_SUBSCRIPTION_ID = '00000000-1111-2222-3333-444444444444';
export const TEST_LOCATION = 'eastus';
/** The evaluation time of check tests (the AWS fixtures' clock). */
export { TEST_NOW, daysAgo } from '../aws/account.ts';

export function ok<T>(value: T): Fetched<T> {
  return { value };
}

/** A denied ARM read (`AuthorizationFailed`, 403), or a Graph one when `api` starts with `graph:` (`Authorization_RequestDenied`). */
export function denied<T = never>(api: string, resourceUid?: string): Fetched<T> {
  const graph = api.startsWith('graph:');
  const error: ApiError = {
    api,
    code: graph ? 'Authorization_RequestDenied' : 'AuthorizationFailed',
    message: graph ? 'Insufficient privileges to complete the operation.' : `The client does not have authorization to perform action '${api}'.`,
    httpStatus: 403,
    ...(resourceUid ? { resourceUid } : {}),
  };
  return { error };
}

/** A subscription scope holding `services` (nothing else collected). */
export function subscriptionSnapshot(services: Partial<AzureServices> = {}, overrides: Partial<AzureScopeSnapshot> = {}): AzureScopeSnapshot {
  return {
    kind: 'subscription',
    accountId: TEST_SUBSCRIPTION_ID,
    displayName: 'Production',
    tenantId: TEST_TENANT_ID,
    cloud: 'AzureCloud',
    regions: [TEST_LOCATION],
    collectedAt: '2026-06-01T12:00:00.000Z',
    services,
    errors: [],
    ...overrides,
  };
}

/** The tenant's scope holding `services` (Entra ID). */
export function tenantSnapshot(services: Partial<AzureServices> = {}, overrides: Partial<AzureScopeSnapshot> = {}): AzureScopeSnapshot {
  return {
    kind: 'tenant',
    accountId: TEST_TENANT_ID,
    displayName: 'contoso.onmicrosoft.com',
    tenantId: TEST_TENANT_ID,
    cloud: 'AzureCloud',
    regions: ['global'],
    collectedAt: '2026-06-01T12:00:00.000Z',
    services,
    errors: [],
    ...overrides,
  };
}

/** `/subscriptions/<test>/resourceGroups/<group>/providers/<type>/<name>`. */
export function armId(type: string, name: string, group = 'rg-prod'): string {
  return `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/${group}/providers/${type}/${name}`;
}
