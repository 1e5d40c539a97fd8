import { defineCheck, fail, pass } from '@palisade/core';
import { CLUSTER_TYPE, eachCluster } from '../lib/aks-clusters.ts';

export default defineCheck({
  id: 'azure/aks-nodes-no-public-ip',
  provider: 'azure',
  service: 'aks',
  requires: ['aks'],
  resourceType: CLUSTER_TYPE,
  severity: 'medium',
  title: 'AKS node pools do not give nodes public IP addresses',
  description: 'Checks that no node pool of each AKS cluster assigns a public IP address to every node (`enableNodePublicIP`).',
  risk: 'Nodes with their own public addresses are reachable from the internet on any port their network security group leaves open, and bypass the egress controls of the cluster\'s outbound path.',
  remediation: {
    summary: 'Recreate the node pools without node public IPs (the setting cannot be changed on an existing pool) and reach nodes through a bastion or the cluster\'s private network.',
    cli: 'az aks nodepool add --resource-group <resource-group> --cluster-name <cluster> --name <new-pool>   # node public IPs are off unless --enable-node-public-ip is given\naz aks nodepool delete --resource-group <resource-group> --cluster-name <cluster> --name <old-pool>',
    terraform: 'resource "azurerm_kubernetes_cluster_node_pool" "this" {\n  # ...\n  node_public_ip_enabled = false\n}',
    console: 'Kubernetes services → select the cluster → Settings → Node pools → Add node pool without "Enable public IP per node" → move workloads → delete the old pool.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/aks/use-node-public-ips'],
  categories: ['network', 'internet-exposed'],
  evaluate: (scope) =>
    eachCluster(scope, (cluster, target) => {
      const exposed = cluster.agentPools.filter((pool) => pool.enableNodePublicIP).map((pool) => pool.name);
      return exposed.length
        ? fail(target, `Cluster ${cluster.name} gives public IP addresses to the nodes of pool${exposed.length === 1 ? '' : 's'} ${exposed.join(', ')}.`)
        : pass(target, `No node pool of cluster ${cluster.name} gives nodes public IP addresses.`);
    }),
});
