/**
 * The walk every AKS check makes: each managed cluster of a subscription as a result resource,
 * with ERROR on the subscription when the clusters could not be listed or were not collected.
 */
import type { CheckResult, ResourceRef } from '@palisade/core';
import { eachFetched } from '@palisade/core';
import type { AksCluster, AzureScopeSnapshot } from '@palisade/core/azure';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export const CLUSTER_TYPE = 'Microsoft.ContainerService/managedClusters';

export function clusterResource(cluster: AksCluster): ResourceRef {
  return armResource(cluster.id, CLUSTER_TYPE, cluster.name, cluster.location, cluster.tags);
}

export function eachCluster(scope: AzureScopeSnapshot, evaluate: (cluster: AksCluster, target: ResourceRef) => CheckResult | readonly CheckResult[]): readonly CheckResult[] {
  return withService(scope, 'aks', (aks) => eachFetched(aks.clusters, scopeResource(scope), (cluster) => evaluate(cluster, clusterResource(cluster))));
}
