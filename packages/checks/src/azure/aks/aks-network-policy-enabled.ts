import { defineCheck, fail, pass } from '@palisade/core';
import { CLUSTER_TYPE, eachCluster } from '../lib/aks-clusters.ts';

export default defineCheck({
  id: 'azure/aks-network-policy-enabled',
  provider: 'azure',
  service: 'aks',
  requires: ['aks'],
  resourceType: CLUSTER_TYPE,
  severity: 'medium',
  title: 'AKS clusters have a network policy engine',
  description: 'Checks that each AKS cluster runs a network policy engine (`networkProfile.networkPolicy` of `azure`, `calico` or `cilium`), without which Kubernetes NetworkPolicy objects have no effect.',
  risk: 'Without network policy every pod can reach every other pod and service in the cluster, so one compromised workload can move freely to databases, internal APIs and the control plane add-ons.',
  remediation: {
    summary: 'Enable a network policy engine (Cilium, Azure or Calico) and apply default-deny NetworkPolicies per namespace.',
    cli: 'az aks update --resource-group <resource-group> --name <cluster> --network-policy cilium   # or azure / calico, depending on the network plugin',
    terraform: 'resource "azurerm_kubernetes_cluster" "this" {\n  # ...\n  network_profile {\n    network_plugin      = "azure"\n    network_plugin_mode = "overlay"\n    network_data_plane  = "cilium"\n    network_policy      = "cilium"\n  }\n}',
    console: 'Kubernetes services → select the cluster → Settings → Networking → Network policy → choose Azure, Calico or Cilium (new clusters: Create → Networking → Network policy).',
  },
  references: ['https://learn.microsoft.com/en-us/azure/aks/use-network-policies', 'https://learn.microsoft.com/en-us/azure/aks/operator-best-practices-network'],
  categories: ['network'],
  evaluate: (scope) =>
    eachCluster(scope, (cluster, target) => {
      const policy = cluster.networkProfile.networkPolicy;
      return policy && policy.toLowerCase() !== 'none'
        ? pass(target, `Cluster ${cluster.name} enforces network policies with ${policy}.`)
        : fail(target, `Cluster ${cluster.name} has no network policy engine: NetworkPolicy objects are not enforced.`);
    }),
});
