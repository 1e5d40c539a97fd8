import type { Fetched } from '@palisade/core';
import type { AksCluster, AksData, AksKubernetesVersion } from '@palisade/core/azure';
import { normalizeLocation } from '@palisade/core/azure';
import { TEST_LOCATION, armId, ok } from './scope.ts';

/**
 * A well-kept AKS cluster named `name`: Kubernetes 1.31 with RBAC, AKS-managed Entra integration with
 * Azure RBAC, local accounts off, a private API server, Cilium network policy, the Azure Policy
 * add-on, the Defender sensor, automatic patch upgrades and nodes without public IPs.
 */
export function aksCluster(overrides: Partial<AksCluster> & { name: string }): AksCluster {
  return {
    id: armId('Microsoft.ContainerService/managedClusters', overrides.name, 'rg-aks'),
    location: TEST_LOCATION,
    tags: {},
    provisioningState: 'Succeeded',
    kubernetesVersion: '1.31',
    currentKubernetesVersion: '1.31.2',
    supportPlan: 'KubernetesOfficial',
    enableRBAC: true,
    aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: ['11112222-3333-4444-5555-666677778888'] },
    disableLocalAccounts: true,
    apiServerAccessProfile: { enablePrivateCluster: true, authorizedIPRanges: [] },
    networkProfile: { networkPlugin: 'azure', networkPolicy: 'cilium' },
    addonProfiles: { azurepolicy: { enabled: true }, omsagent: { enabled: true } },
    securityProfile: { defenderSecurityMonitoring: true, workloadIdentity: true, imageCleaner: true },
    autoUpgradeProfile: { upgradeChannel: 'patch', nodeOSUpgradeChannel: 'NodeImage' },
    agentPools: [{ name: 'system', mode: 'System', osType: 'Linux', enableNodePublicIP: false, orchestratorVersion: '1.31.2' }],
    ...overrides,
  };
}

/** The versions AKS offers in a location: 1.29 (long-term support only) to 1.31, and 1.32 in preview. */
export const AKS_TEST_VERSIONS: readonly AksKubernetesVersion[] = [
  { version: '1.29', isPreview: false, supportPlans: ['AKSLongTermSupport'] },
  { version: '1.30', isPreview: false, supportPlans: ['KubernetesOfficial', 'AKSLongTermSupport'] },
  { version: '1.31', isPreview: false, supportPlans: ['KubernetesOfficial', 'AKSLongTermSupport'] },
  { version: '1.32', isPreview: true, supportPlans: ['KubernetesOfficial'] },
];

/** AKS data holding `clusters`, with AKS_TEST_VERSIONS for each of their locations unless `versions` says otherwise. */
export function aksData(clusters: Fetched<readonly AksCluster[]>, versions?: Readonly<Record<string, Fetched<readonly AksKubernetesVersion[]>>>): AksData {
  const locations = [...new Set((clusters.value ?? []).map((cluster) => normalizeLocation(cluster.location)))];
  return { clusters, kubernetesVersions: versions ?? Object.fromEntries(locations.map((location) => [location, ok(AKS_TEST_VERSIONS)])) };
}
