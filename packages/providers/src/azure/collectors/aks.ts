/**
 * Azure Kubernetes Service: the subscription's managed clusters in the scanned locations, and for
 * each location holding one the Kubernetes versions AKS supports there (the version check compares
 * a cluster against its own location's list).
 */
import type { Fetched, Tags } from '@palisade/core';
import type { AksCluster, AksKubernetesVersion } from '@palisade/core/azure';
import { normalizeLocation } from '@palisade/core/azure';
import type { AzureCollector } from '../collector.ts';
import { inLocations, mapLimit } from '../collector.ts';

export const AKS_API_VERSION = '2024-05-01';

/** A cluster as `GET /subscriptions/<id>/providers/Microsoft.ContainerService/managedClusters` returns it. */
interface ArmManagedCluster {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Tags | null;
  readonly properties?: {
    readonly provisioningState?: string;
    readonly kubernetesVersion?: string;
    readonly currentKubernetesVersion?: string;
    readonly supportPlan?: string;
    readonly enableRBAC?: boolean;
    readonly aadProfile?: { readonly managed?: boolean; readonly enableAzureRBAC?: boolean; readonly adminGroupObjectIDs?: readonly string[] | null } | null;
    readonly disableLocalAccounts?: boolean;
    readonly apiServerAccessProfile?: { readonly enablePrivateCluster?: boolean; readonly authorizedIPRanges?: readonly string[] | null; readonly disableRunCommand?: boolean } | null;
    readonly networkProfile?: { readonly networkPlugin?: string; readonly networkPolicy?: string } | null;
    readonly addonProfiles?: Readonly<Record<string, { readonly enabled?: boolean } | null>> | null;
    readonly securityProfile?: {
      readonly defender?: { readonly securityMonitoring?: { readonly enabled?: boolean } | null } | null;
      readonly workloadIdentity?: { readonly enabled?: boolean } | null;
      readonly imageCleaner?: { readonly enabled?: boolean } | null;
    } | null;
    readonly autoUpgradeProfile?: { readonly upgradeChannel?: string; readonly nodeOSUpgradeChannel?: string } | null;
    readonly agentPoolProfiles?: readonly {
      readonly name: string;
      readonly mode?: string;
      readonly osType?: string;
      readonly enableNodePublicIP?: boolean;
      readonly orchestratorVersion?: string;
    }[] | null;
  };
}

/** `GET …/locations/<location>/kubernetesVersions`: the list is under `values`, not `value`. */
interface ArmKubernetesVersions {
  readonly values?: readonly {
    readonly version: string;
    readonly isPreview?: boolean;
    readonly capabilities?: { readonly supportPlan?: readonly string[] | null } | null;
  }[];
}

export const aksCollector: AzureCollector<'aks'> = {
  service: 'aks',
  async collect(context) {
    const { arm, subscriptionId } = context;
    const listed = await arm.list<ArmManagedCluster>('Microsoft.ContainerService/managedClusters/read', `/subscriptions/${subscriptionId}/providers/Microsoft.ContainerService/managedClusters`, AKS_API_VERSION);
    if (listed.error) return { clusters: listed, kubernetesVersions: {} };
    const clusters = listed.value.filter((cluster) => inLocations(context, cluster.location)).map(toCluster);
    const locations = [...new Set(clusters.map((cluster) => normalizeLocation(cluster.location)))].sort();
    const versions = await mapLimit(locations, 8, async (location): Promise<Fetched<readonly AksKubernetesVersion[]>> => {
      const answer = await arm.get<ArmKubernetesVersions>(
        'Microsoft.ContainerService/locations/kubernetesVersions/read',
        `/subscriptions/${subscriptionId}/providers/Microsoft.ContainerService/locations/${location}/kubernetesVersions`,
        AKS_API_VERSION,
      );
      if (answer.error) return { error: { ...answer.error, region: location } };
      return { value: (answer.value?.values ?? []).map(toKubernetesVersion) };
    });
    return { clusters: { value: clusters }, kubernetesVersions: Object.fromEntries(locations.map((location, index) => [location, versions[index]!])) };
  },
};

function toCluster(cluster: ArmManagedCluster): AksCluster {
  const properties = cluster.properties ?? {};
  const aad = properties.aadProfile;
  const access = properties.apiServerAccessProfile ?? {};
  const network = properties.networkProfile ?? {};
  const security = properties.securityProfile ?? {};
  const upgrade = properties.autoUpgradeProfile ?? {};
  return {
    id: cluster.id,
    name: cluster.name,
    location: cluster.location,
    tags: cluster.tags ?? {},
    ...(properties.provisioningState ? { provisioningState: properties.provisioningState } : {}),
    ...(properties.kubernetesVersion ? { kubernetesVersion: properties.kubernetesVersion } : {}),
    ...(properties.currentKubernetesVersion ? { currentKubernetesVersion: properties.currentKubernetesVersion } : {}),
    ...(properties.supportPlan ? { supportPlan: properties.supportPlan } : {}),
    // ARM always writes the flag; an answer without it is not taken as RBAC being on.
    enableRBAC: properties.enableRBAC ?? false,
    aadProfile: aad ? { managed: aad.managed ?? false, enableAzureRBAC: aad.enableAzureRBAC ?? false, adminGroupObjectIDs: aad.adminGroupObjectIDs ?? [] } : null,
    disableLocalAccounts: properties.disableLocalAccounts ?? false,
    apiServerAccessProfile: {
      enablePrivateCluster: access.enablePrivateCluster ?? false,
      authorizedIPRanges: access.authorizedIPRanges ?? [],
      ...(access.disableRunCommand !== undefined ? { disableRunCommand: access.disableRunCommand } : {}),
    },
    networkProfile: {
      ...(network.networkPlugin ? { networkPlugin: network.networkPlugin } : {}),
      ...(network.networkPolicy ? { networkPolicy: network.networkPolicy } : {}),
    },
    // Add-on names keep the case they were created with (`azurepolicy`, `azurePolicy`): one spelling for checks.
    addonProfiles: Object.fromEntries(Object.entries(properties.addonProfiles ?? {}).map(([name, addon]) => [name.toLowerCase(), { enabled: addon?.enabled ?? false }])),
    securityProfile: {
      defenderSecurityMonitoring: security.defender?.securityMonitoring?.enabled ?? false,
      workloadIdentity: security.workloadIdentity?.enabled ?? false,
      imageCleaner: security.imageCleaner?.enabled ?? false,
    },
    autoUpgradeProfile: {
      ...(upgrade.upgradeChannel ? { upgradeChannel: upgrade.upgradeChannel } : {}),
      ...(upgrade.nodeOSUpgradeChannel ? { nodeOSUpgradeChannel: upgrade.nodeOSUpgradeChannel } : {}),
    },
    agentPools: (properties.agentPoolProfiles ?? []).map((pool) => ({
      name: pool.name,
      ...(pool.mode ? { mode: pool.mode } : {}),
      ...(pool.osType ? { osType: pool.osType } : {}),
      enableNodePublicIP: pool.enableNodePublicIP ?? false,
      ...(pool.orchestratorVersion ? { orchestratorVersion: pool.orchestratorVersion } : {}),
    })),
  };
}

function toKubernetesVersion(version: NonNullable<ArmKubernetesVersions['values']>[number]): AksKubernetesVersion {
  return { version: version.version, isPreview: version.isPreview ?? false, supportPlans: version.capabilities?.supportPlan ?? [] };
}
