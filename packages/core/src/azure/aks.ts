/**
 * Azure Kubernetes Service (Microsoft.ContainerService/managedClusters): the clusters with the
 * access, network and security settings the AKS checks read, and the Kubernetes versions AKS
 * supports in each location that holds a cluster.
 */
import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';

/** A node pool (`agentPoolProfiles[]`), only what checks read. */
export interface AksAgentPool {
  readonly name: string;
  /** `System` or `User`. */
  readonly mode?: string;
  readonly osType?: string;
  readonly enableNodePublicIP: boolean;
  readonly orchestratorVersion?: string;
}

/** A managed cluster (`Microsoft.ContainerService/managedClusters`). */
export interface AksCluster {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags: Tags;
  readonly provisioningState?: string;
  /** The version asked for, e.g. `1.30` or `1.30.4`. */
  readonly kubernetesVersion?: string;
  /** The version the control plane runs, e.g. `1.30.4`. */
  readonly currentKubernetesVersion?: string;
  /** `KubernetesOfficial` or `AKSLongTermSupport`. */
  readonly supportPlan?: string;
  /** Kubernetes RBAC (`enableRBAC`). */
  readonly enableRBAC: boolean;
  /** Microsoft Entra integration; null when the cluster has none. */
  readonly aadProfile: {
    /** AKS-managed Entra integration (the legacy integration has `managed` false). */
    readonly managed: boolean;
    /** Azure RBAC for Kubernetes authorization. */
    readonly enableAzureRBAC: boolean;
    readonly adminGroupObjectIDs: readonly string[];
  } | null;
  /** Whether local (certificate-based) accounts are disabled. */
  readonly disableLocalAccounts: boolean;
  readonly apiServerAccessProfile: {
    readonly enablePrivateCluster: boolean;
    /** CIDRs allowed to reach a public API server; empty: any address. */
    readonly authorizedIPRanges: readonly string[];
    readonly disableRunCommand?: boolean;
  };
  readonly networkProfile: {
    /** `azure`, `kubenet` or `none`. */
    readonly networkPlugin?: string;
    /** `calico`, `azure`, `cilium`, `none` or absent (no network policy engine). */
    readonly networkPolicy?: string;
  };
  /** Add-ons by lower-cased name (`azurepolicy`, `omsagent`, …): whether each is enabled. */
  readonly addonProfiles: Readonly<Record<string, { readonly enabled: boolean }>>;
  readonly securityProfile: {
    /** Microsoft Defender for Containers sensor (`defender.securityMonitoring.enabled`). */
    readonly defenderSecurityMonitoring: boolean;
    readonly workloadIdentity: boolean;
    readonly imageCleaner: boolean;
  };
  readonly autoUpgradeProfile: {
    /** `rapid`, `stable`, `patch`, `node-image`, `none` or absent. */
    readonly upgradeChannel?: string;
    /** `NodeImage`, `SecurityPatch`, `Unmanaged`, `None` or absent. */
    readonly nodeOSUpgradeChannel?: string;
  };
  readonly agentPools: readonly AksAgentPool[];
}

/** A Kubernetes minor version AKS offers in a location (`kubernetesVersions`). */
export interface AksKubernetesVersion {
  /** Minor version, e.g. `1.30`. */
  readonly version: string;
  readonly isPreview: boolean;
  /** `KubernetesOfficial` and/or `AKSLongTermSupport`. */
  readonly supportPlans: readonly string[];
}

export interface AksData {
  /** Clusters in the scanned locations. */
  readonly clusters: Fetched<readonly AksCluster[]>;
  /** The versions AKS supports, by normalized location, for each location holding a cluster. */
  readonly kubernetesVersions: Readonly<Record<string, Fetched<readonly AksKubernetesVersion[]>>>;
}
