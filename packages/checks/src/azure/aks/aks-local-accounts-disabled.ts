import { defineCheck, fail, pass } from '@palisade/core';
import { CLUSTER_TYPE, eachCluster } from '../lib/aks-clusters.ts';

export default defineCheck({
  id: 'azure/aks-local-accounts-disabled',
  provider: 'azure',
  service: 'aks',
  requires: ['aks'],
  resourceType: CLUSTER_TYPE,
  severity: 'high',
  title: 'AKS clusters have local accounts disabled',
  description: 'Checks that each AKS cluster has local accounts disabled (`disableLocalAccounts`), which removes the static cluster-admin credential so that every access goes through Microsoft Entra ID.',
  risk: 'With local accounts on, anyone allowed to list the cluster\'s admin credentials gets a cluster-admin kubeconfig that bypasses Entra ID, MFA and Conditional Access and leaves no identity in the audit log.',
  remediation: {
    summary: 'Turn on Microsoft Entra integration first, then disable local accounts.',
    cli: 'az aks update --resource-group <resource-group> --name <cluster> --disable-local-accounts',
    terraform: 'resource "azurerm_kubernetes_cluster" "this" {\n  # ...\n  local_account_disabled = true\n}',
    console: 'Kubernetes services → select the cluster → Settings → Security configuration → Local accounts: disable → Apply.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/aks/manage-local-accounts-managed-azure-ad'],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (scope) =>
    eachCluster(scope, (cluster, target) =>
      cluster.disableLocalAccounts ? pass(target, `Cluster ${cluster.name} has local accounts disabled.`) : fail(target, `Cluster ${cluster.name} accepts local accounts (a static cluster-admin credential).`),
    ),
});
