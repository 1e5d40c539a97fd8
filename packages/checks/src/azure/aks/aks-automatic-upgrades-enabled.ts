import { defineCheck, fail, pass } from '@palisade/core';
import { CLUSTER_TYPE, eachCluster } from '../lib/aks-clusters.ts';

export default defineCheck({
  id: 'azure/aks-automatic-upgrades-enabled',
  provider: 'azure',
  service: 'aks',
  requires: ['aks'],
  resourceType: CLUSTER_TYPE,
  severity: 'low',
  title: 'AKS clusters upgrade automatically',
  description: 'Checks that each AKS cluster has an automatic upgrade channel (`autoUpgradeProfile.upgradeChannel` of `patch`, `stable`, `rapid` or `node-image`), so Kubernetes patches and node images are applied without waiting for someone to act.',
  risk: 'Clusters upgraded only by hand fall behind on Kubernetes and node OS security patches and drift toward versions AKS no longer supports.',
  remediation: {
    summary: 'Set an automatic upgrade channel (patch or stable for production) with a planned maintenance window.',
    cli: 'az aks update --resource-group <resource-group> --name <cluster> --auto-upgrade-channel patch --node-os-upgrade-channel NodeImage',
    terraform: 'resource "azurerm_kubernetes_cluster" "this" {\n  # ...\n  automatic_upgrade_channel = "patch"\n  node_os_upgrade_channel   = "NodeImage"\n}',
    console: 'Kubernetes services → select the cluster → Settings → Cluster configuration → Automatic upgrade: Enabled with patch (recommended) → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/aks/auto-upgrade-cluster', 'https://learn.microsoft.com/en-us/azure/aks/planned-maintenance'],
  categories: ['resilience', 'governance'],
  evaluate: (scope) =>
    eachCluster(scope, (cluster, target) => {
      const channel = cluster.autoUpgradeProfile.upgradeChannel;
      return channel && channel.toLowerCase() !== 'none'
        ? pass(target, `Cluster ${cluster.name} upgrades automatically on the ${channel} channel.`)
        : fail(target, `Cluster ${cluster.name} has no automatic upgrade channel.`);
    }),
});
