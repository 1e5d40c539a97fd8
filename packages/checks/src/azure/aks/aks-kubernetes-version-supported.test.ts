import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, aksCluster, aksData, armId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './aks-kubernetes-version-supported.ts';

const CLUSTER = armId('Microsoft.ContainerService/managedClusters', 'aks-prod', 'rg-aks');
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

describe(check.id, () => {
  it.each([
    ['1.31 (standard support)', {}, 'PASS'],
    ['1.32 in preview', { currentKubernetesVersion: '1.32.0' }, 'PASS'],
    ['1.29 on long-term support', { currentKubernetesVersion: '1.29.9', supportPlan: 'AKSLongTermSupport' }, 'PASS'],
    ['1.29 without long-term support', { currentKubernetesVersion: '1.29.9' }, 'FAIL'],
    ['1.27, no longer offered', { currentKubernetesVersion: '1.27.9' }, 'FAIL'],
    ['only the requested version known', { currentKubernetesVersion: undefined, kubernetesVersion: '1.30' }, 'PASS'],
    ['no version reported', { currentKubernetesVersion: undefined, kubernetesVersion: undefined }, 'MANUAL'],
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

describe(`${check.id} (version lists)`, () => {
  it('reports ERROR on the cluster when its location\'s versions could not be read', () => {
    const scope = subscriptionSnapshot({ aks: aksData(ok([aksCluster({ name: 'aks-prod' })]), { eastus: denied('Microsoft.ContainerService/locations/kubernetesVersions/read') }) });
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', CLUSTER]]);
  });

  it('reports ERROR on the cluster when its location\'s versions were not collected', () => {
    const scope = subscriptionSnapshot({ aks: aksData(ok([aksCluster({ name: 'aks-prod', location: 'West Europe' })]), { eastus: ok([]) }) });
    const results = runAzureCheck(check, scope);
    expect(statuses(results)).toEqual([['ERROR', CLUSTER]]);
    expect(results[0]?.error).toMatchObject({ code: 'NotCollected', region: 'westeurope' });
  });

  it('names the supported versions when failing', () => {
    const [result] = runAzureCheck(check, subscriptionSnapshot({ aks: aksData(ok([aksCluster({ name: 'aks-prod', currentKubernetesVersion: '1.27.9' })])) }));
    expect(result?.message).toBe('Cluster aks-prod runs Kubernetes 1.27.9, which AKS no longer supports in eastus (supported: 1.30, 1.31).');
  });
});
