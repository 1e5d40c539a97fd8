import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, aksCluster, aksData, armId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './aks-entra-integration-enabled.ts';

const CLUSTER = armId('Microsoft.ContainerService/managedClusters', 'aks-prod', 'rg-aks');
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

describe(check.id, () => {
  it.each([
    ['AKS-managed Entra integration', {}, 'PASS'],
    ['legacy Entra integration', { aadProfile: { managed: false, enableAzureRBAC: false, adminGroupObjectIDs: [] } }, 'FAIL'],
    ['no Entra integration', { aadProfile: null }, 'FAIL'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ aks: aksData(ok([aksCluster({ name: 'aks-prod', ...overrides })])) }));
    expect(statuses(results)).toEqual([[expected, CLUSTER]]);
  });

  it('reports ERROR on the subscription when clusters could not be listed or AKS was not collected', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ aks: aksData(denied('Microsoft.ContainerService/managedClusters/read'), {}) }));
    expect(statuses(results)).toEqual([['ERROR', SUBSCRIPTION]]);
    expect(results[0]?.error?.code).toBe('AuthorizationFailed');
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({})))).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports nothing without clusters', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ aks: aksData(ok([])) }))).toEqual([]);
  });
});
