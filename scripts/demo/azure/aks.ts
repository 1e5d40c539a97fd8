/**
 * Demo AKS: production runs a private, Entra-integrated cluster with Azure RBAC, no local accounts,
 * Cilium network policy, the Azure Policy add-on, the Defender sensor and automatic patch upgrades
 * in each location; development runs a public cluster open to any address on an old Kubernetes
 * version with local accounts, no network policy and public node IPs, plus one half-fixed cluster.
 */
import type { Fetched } from '@palisade/core';
import type { AksCluster, AksData, AksKubernetesVersion } from '@palisade/core/azure';
import type { DemoSubscription } from './types.ts';

const ok = <T>(value: T): Fetched<T> => ({ value });

/** What AKS offers per location in the demo (late 2026): 1.32–1.34 under standard support, 1.31 for long-term support. */
const VERSIONS: readonly AksKubernetesVersion[] = [
  { version: '1.31', isPreview: false, supportPlans: ['AKSLongTermSupport'] },
  { version: '1.32', isPreview: false, supportPlans: ['KubernetesOfficial', 'AKSLongTermSupport'] },
  { version: '1.33', isPreview: false, supportPlans: ['KubernetesOfficial', 'AKSLongTermSupport'] },
  { version: '1.34', isPreview: false, supportPlans: ['KubernetesOfficial', 'AKSLongTermSupport'] },
  { version: '1.35', isPreview: true, supportPlans: ['KubernetesOfficial'] },
];

function hardenedCluster(subscription: DemoSubscription, name: string, location: string): AksCluster {
  return {
    id: `/subscriptions/${subscription.subscriptionId}/resourcegroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/${name}`,
    name,
    location,
    tags: { env: 'prod' },
    provisioningState: 'Succeeded',
    kubernetesVersion: '1.33',
    currentKubernetesVersion: '1.33.4',
    supportPlan: 'KubernetesOfficial',
    enableRBAC: true,
    aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: ['5b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'] },
    disableLocalAccounts: true,
    apiServerAccessProfile: { enablePrivateCluster: true, authorizedIPRanges: [] },
    networkProfile: { networkPlugin: 'azure', networkPolicy: 'cilium' },
    addonProfiles: { azurepolicy: { enabled: true }, omsagent: { enabled: true }, azurekeyvaultsecretsprovider: { enabled: true } },
    securityProfile: { defenderSecurityMonitoring: true, workloadIdentity: true, imageCleaner: true },
    autoUpgradeProfile: { upgradeChannel: 'patch', nodeOSUpgradeChannel: 'NodeImage' },
    agentPools: [
      { name: 'system', mode: 'System', osType: 'Linux', enableNodePublicIP: false, orchestratorVersion: '1.33.4' },
      { name: 'apps', mode: 'User', osType: 'Linux', enableNodePublicIP: false, orchestratorVersion: '1.33.4' },
    ],
  };
}

export function demoAks(subscription: DemoSubscription): AksData {
  const [first = 'eastus', second = 'westeurope'] = subscription.locations;
  const clusters: AksCluster[] =
    subscription.index === 0
      ? [hardenedCluster(subscription, `aks-prod-${first}`, first), hardenedCluster(subscription, `aks-prod-${second}`, second)]
      : [
          {
            ...hardenedCluster(subscription, 'aks-dev', first),
            id: `/subscriptions/${subscription.subscriptionId}/resourcegroups/rg-dev/providers/Microsoft.ContainerService/managedClusters/aks-dev`,
            tags: { env: 'dev' },
            kubernetesVersion: '1.29.7',
            currentKubernetesVersion: '1.29.7',
            aadProfile: null,
            disableLocalAccounts: false,
            apiServerAccessProfile: { enablePrivateCluster: false, authorizedIPRanges: [] },
            networkProfile: { networkPlugin: 'kubenet' },
            addonProfiles: {},
            securityProfile: { defenderSecurityMonitoring: false, workloadIdentity: false, imageCleaner: false },
            autoUpgradeProfile: { upgradeChannel: 'none' },
            agentPools: [{ name: 'nodepool1', mode: 'System', osType: 'Linux', enableNodePublicIP: true, orchestratorVersion: '1.29.7' }],
          },
          {
            ...hardenedCluster(subscription, 'aks-sandbox', second),
            id: `/subscriptions/${subscription.subscriptionId}/resourcegroups/rg-dev/providers/Microsoft.ContainerService/managedClusters/aks-sandbox`,
            tags: { env: 'dev' },
            aadProfile: { managed: true, enableAzureRBAC: false, adminGroupObjectIDs: [] },
            disableLocalAccounts: false,
            apiServerAccessProfile: { enablePrivateCluster: false, authorizedIPRanges: ['0.0.0.0/0'] },
            addonProfiles: { azurepolicy: { enabled: false } },
            autoUpgradeProfile: {},
          },
        ];
  const locations = [...new Set(clusters.map((cluster) => cluster.location))].sort();
  return { clusters: ok(clusters), kubernetesVersions: Object.fromEntries(locations.map((location) => [location, ok(VERSIONS)])) };
}
