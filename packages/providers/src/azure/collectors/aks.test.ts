import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armError, fakeAzure, page } from '../testing.ts';
import { aksCollector } from './aks.ts';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const CLUSTERS = `${SUB}/providers/Microsoft.ContainerService/managedClusters`;
const PROD = `${SUB}/resourcegroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod`;
const DEV = `${SUB}/resourcegroups/rg-dev/providers/Microsoft.ContainerService/managedClusters/aks-dev`;
const OLD = `${SUB}/resourcegroups/rg-dev/providers/Microsoft.ContainerService/managedClusters/aks-old`;
const WORKSPACE = `${SUB}/resourcegroups/rg-monitor/providers/microsoft.operationalinsights/workspaces/contoso-logs`;

// Clusters as `GET /subscriptions/{id}/providers/Microsoft.ContainerService/managedClusters?api-version=2024-05-01`
// lists them (trimmed). ARM spells the type `Microsoft.ContainerService/ManagedClusters`.
const prodCluster = {
  id: PROD,
  location: 'eastus',
  name: 'aks-prod',
  tags: { env: 'prod' },
  type: 'Microsoft.ContainerService/ManagedClusters',
  sku: { name: 'Base', tier: 'Standard' },
  properties: {
    provisioningState: 'Succeeded',
    powerState: { code: 'Running' },
    kubernetesVersion: '1.31',
    currentKubernetesVersion: '1.31.2',
    dnsPrefix: 'aks-prod',
    agentPoolProfiles: [
      { name: 'system', count: 3, vmSize: 'Standard_D4ds_v5', osType: 'Linux', mode: 'System', type: 'VirtualMachineScaleSets', enableNodePublicIP: false, orchestratorVersion: '1.31.2', currentOrchestratorVersion: '1.31.2' },
    ],
    nodeResourceGroup: 'MC_rg-aks_aks-prod_eastus',
    enableRBAC: true,
    supportPlan: 'KubernetesOfficial',
    networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay', networkPolicy: 'cilium', networkDataplane: 'cilium', loadBalancerSku: 'standard', outboundType: 'loadBalancer' },
    aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: ['11112222-3333-4444-5555-666677778888'], tenantID: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
    apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: 'system', enablePrivateClusterPublicFQDN: false },
    disableLocalAccounts: true,
    addonProfiles: { azurepolicy: { enabled: true, config: null, identity: { resourceId: `${SUB}/resourcegroups/MC_rg-aks_aks-prod_eastus/providers/Microsoft.ManagedIdentity/userAssignedIdentities/azurepolicy-aks-prod`, clientId: 'c1', objectId: 'o1' } }, omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: WORKSPACE } } },
    securityProfile: { defender: { logAnalyticsWorkspaceResourceId: WORKSPACE, securityMonitoring: { enabled: true } }, workloadIdentity: { enabled: true }, imageCleaner: { enabled: true, intervalHours: 48 } },
    autoUpgradeProfile: { upgradeChannel: 'patch', nodeOSUpgradeChannel: 'NodeImage' },
  },
};

const devCluster = {
  id: DEV,
  location: 'westeurope',
  name: 'aks-dev',
  type: 'Microsoft.ContainerService/ManagedClusters',
  properties: {
    provisioningState: 'Succeeded',
    kubernetesVersion: '1.27.9',
    currentKubernetesVersion: '1.27.9',
    agentPoolProfiles: [{ name: 'nodepool1', count: 1, vmSize: 'Standard_DS2_v2', osType: 'Linux', mode: 'System', enableNodePublicIP: true }],
    enableRBAC: false,
    networkProfile: { networkPlugin: 'kubenet', podCidr: '10.244.0.0/16', serviceCidr: '10.0.0.0/16', dnsServiceIP: '10.0.0.10' },
    apiServerAccessProfile: { authorizedIPRanges: ['203.0.113.0/24'] },
    addonProfiles: { azurePolicy: { enabled: false, config: null } },
    securityProfile: {},
  },
};

const oldCluster = { id: OLD, location: 'japaneast', name: 'aks-old', type: 'Microsoft.ContainerService/ManagedClusters', properties: { kubernetesVersion: '1.24.9', enableRBAC: true } };

/** `GET …/locations/<location>/kubernetesVersions`: the list is under `values`. */
const versions = {
  values: [
    { version: '1.29', capabilities: { supportPlan: ['AKSLongTermSupport'] }, patchVersions: { '1.29.9': { upgrades: ['1.30.5'] } } },
    { version: '1.30', capabilities: { supportPlan: ['KubernetesOfficial', 'AKSLongTermSupport'] }, patchVersions: { '1.30.5': { upgrades: ['1.31.2'] } } },
    { version: '1.31', isDefault: true, capabilities: { supportPlan: ['KubernetesOfficial', 'AKSLongTermSupport'] }, patchVersions: { '1.31.2': { upgrades: ['1.32.0'] } } },
    { version: '1.32', isPreview: true, capabilities: { supportPlan: ['KubernetesOfficial'] }, patchVersions: { '1.32.0': { upgrades: [] } } },
  ],
};

const routes = (): Record<string, unknown> => ({
  [`GET ${CLUSTERS}`]: page([prodCluster], `https://management.azure.com${CLUSTERS}?api-version=2024-05-01&$skipToken=Mg`),
  [`GET ${CLUSTERS}?$skipToken=Mg`]: page([devCluster, oldCluster]),
  [`GET ${SUB}/providers/Microsoft.ContainerService/locations/eastus/kubernetesVersions`]: versions,
  [`GET ${SUB}/providers/Microsoft.ContainerService/locations/westeurope/kubernetesVersions`]: versions,
  [`GET ${SUB}/providers/Microsoft.ContainerService/locations/japaneast/kubernetesVersions`]: versions,
});

describe('aks collector', () => {
  it('maps clusters across pages and reads the supported versions of each location once', async () => {
    const fake = fakeAzure(routes());
    const data = await aksCollector.collect(fake.context());
    expect(fake.unmatched).toEqual([]);
    expect(data.clusters.value?.map((cluster) => cluster.name)).toEqual(['aks-prod', 'aks-dev', 'aks-old']);
    const [prod, dev, old] = data.clusters.value!;
    expect(prod).toEqual({
      id: PROD,
      name: 'aks-prod',
      location: 'eastus',
      tags: { env: 'prod' },
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
    });
    expect(dev).toMatchObject({
      enableRBAC: false,
      aadProfile: null,
      disableLocalAccounts: false,
      apiServerAccessProfile: { enablePrivateCluster: false, authorizedIPRanges: ['203.0.113.0/24'] },
      networkProfile: { networkPlugin: 'kubenet' },
      addonProfiles: { azurepolicy: { enabled: false } },
      securityProfile: { defenderSecurityMonitoring: false, workloadIdentity: false, imageCleaner: false },
      autoUpgradeProfile: {},
      agentPools: [{ name: 'nodepool1', enableNodePublicIP: true }],
    });
    expect(old).toMatchObject({ kubernetesVersion: '1.24.9', agentPools: [], addonProfiles: {} });
    expect(Object.keys(data.kubernetesVersions)).toEqual(['eastus', 'japaneast', 'westeurope']);
    expect(data.kubernetesVersions['eastus']?.value).toEqual([
      { version: '1.29', isPreview: false, supportPlans: ['AKSLongTermSupport'] },
      { version: '1.30', isPreview: false, supportPlans: ['KubernetesOfficial', 'AKSLongTermSupport'] },
      { version: '1.31', isPreview: false, supportPlans: ['KubernetesOfficial', 'AKSLongTermSupport'] },
      { version: '1.32', isPreview: true, supportPlans: ['KubernetesOfficial'] },
    ]);
  });

  it('keeps a denied cluster listing as an error and reads no versions', async () => {
    const message = `The client 'auditor@contoso.com' with object id '0c2d4f6a-1b3c-4d5e-8f90-123456789abc' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/read' over scope '${SUB}' or the scope is invalid.`;
    const fake = fakeAzure({ [`GET ${CLUSTERS}`]: armError(403, 'AuthorizationFailed', message) });
    const data = await aksCollector.collect(fake.context());
    expect(data).toEqual({ clusters: { error: { api: 'Microsoft.ContainerService/managedClusters/read', code: 'AuthorizationFailed', message, httpStatus: 403 } }, kubernetesVersions: {} });
    expect(fake.requests).toHaveLength(1);
  });

  it('keeps a denied version list as an error for that location only', async () => {
    const fake = fakeAzure({ ...routes(), [`GET ${SUB}/providers/Microsoft.ContainerService/locations/westeurope/kubernetesVersions`]: armError(403, 'AuthorizationFailed') });
    const data = await aksCollector.collect(fake.context());
    expect(data.kubernetesVersions['westeurope']?.error).toMatchObject({ api: 'Microsoft.ContainerService/locations/kubernetesVersions/read', code: 'AuthorizationFailed', region: 'westeurope' });
    expect(data.kubernetesVersions['eastus']?.value).toHaveLength(4);
  });

  it('keeps only clusters in the scanned locations', async () => {
    const fake = fakeAzure(routes());
    const data = await aksCollector.collect(fake.context({ locations: new Set(['westeurope']) }));
    expect(data.clusters.value?.map((cluster) => cluster.name)).toEqual(['aks-dev']);
    expect(Object.keys(data.kubernetesVersions)).toEqual(['westeurope']);
  });
});
