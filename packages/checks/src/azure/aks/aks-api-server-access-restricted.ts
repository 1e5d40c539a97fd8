import { defineCheck, fail, pass } from '@palisade/core';
import { CLUSTER_TYPE, eachCluster } from '../lib/aks-clusters.ts';

const ANY_ADDRESS = new Set(['0.0.0.0/0', '0.0.0.0', '::/0', '*']);

export default defineCheck({
  id: 'azure/aks-api-server-access-restricted',
  provider: 'azure',
  service: 'aks',
  requires: ['aks'],
  resourceType: CLUSTER_TYPE,
  severity: 'high',
  title: 'AKS API servers are private or limited to authorized IP ranges',
  description: 'Checks that the Kubernetes API server of each AKS cluster is reachable only privately (private cluster) or from authorized IP ranges that do not include every address.',
  risk: 'A public API server open to any address can be reached by anyone on the internet, who can then try stolen credentials and exploit API server vulnerabilities.',
  remediation: {
    summary: 'Limit the public API server to the address ranges of your networks and pipelines, or use a private cluster.',
    cli: 'az aks update --resource-group <resource-group> --name <cluster> --api-server-authorized-ip-ranges 203.0.113.0/24,198.51.100.10/32',
    terraform: 'resource "azurerm_kubernetes_cluster" "this" {\n  # ...\n  api_server_access_profile {\n    authorized_ip_ranges = ["203.0.113.0/24"]\n  }\n  # or: private_cluster_enabled = true\n}',
    console: 'Kubernetes services → select the cluster → Settings → Networking → Public access → Set authorized IP ranges → add your ranges → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/aks/api-server-authorized-ip-ranges', 'https://learn.microsoft.com/en-us/azure/aks/private-clusters'],
  categories: ['network', 'internet-exposed'],
  evaluate: (scope) =>
    eachCluster(scope, (cluster, target) => {
      const access = cluster.apiServerAccessProfile;
      if (access.enablePrivateCluster) return pass(target, `Cluster ${cluster.name} has a private API server.`);
      const ranges = access.authorizedIPRanges;
      if (ranges.length === 0) return fail(target, `Cluster ${cluster.name} has a public API server open to any address.`);
      const open = ranges.filter((range) => ANY_ADDRESS.has(range.trim()));
      return open.length
        ? fail(target, `Cluster ${cluster.name} authorizes every address (${open.join(', ')}) to reach its public API server.`)
        : pass(target, `Cluster ${cluster.name} limits its public API server to ${ranges.length} authorized IP range${ranges.length === 1 ? '' : 's'}.`);
    }),
});
