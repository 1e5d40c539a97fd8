import { defineCheck, fail, pass } from '@palisade/core';
import { CLUSTER_TYPE, eachCluster } from '../lib/aks-clusters.ts';

export default defineCheck({
  id: 'azure/aks-entra-integration-enabled',
  provider: 'azure',
  service: 'aks',
  requires: ['aks'],
  resourceType: CLUSTER_TYPE,
  severity: 'medium',
  title: 'AKS clusters authenticate users with Microsoft Entra ID',
  description:
    'Checks that each AKS cluster uses the AKS-managed Microsoft Entra integration (`aadProfile.managed`), so people sign in to the cluster with their Entra accounts. The legacy integration, which needs its own server and client applications, fails too: it is retired.',
  risk: 'Without Entra integration cluster access rests on certificates in kubeconfig files that cannot be revoked individually and escape MFA, Conditional Access and the leaver process.',
  remediation: {
    summary: 'Turn on AKS-managed Microsoft Entra integration with an admin group, then grant access through Entra groups.',
    cli: 'az aks update --resource-group <resource-group> --name <cluster> --enable-aad --aad-admin-group-object-ids <group-object-id>',
    terraform: 'resource "azurerm_kubernetes_cluster" "this" {\n  # ...\n  azure_active_directory_role_based_access_control {\n    admin_group_object_ids = [azuread_group.aks_admins.object_id]\n    azure_rbac_enabled     = true\n  }\n}',
    console: 'Kubernetes services → select the cluster → Settings → Security configuration → Authentication and Authorization: Microsoft Entra ID authentication with Kubernetes RBAC (or Azure RBAC) → choose the admin group → Apply.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/aks/enable-authentication-microsoft-entra-id', 'https://learn.microsoft.com/en-us/azure/aks/concepts-identity'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    eachCluster(scope, (cluster, target) => {
      if (cluster.aadProfile === null) return fail(target, `Cluster ${cluster.name} has no Microsoft Entra integration.`);
      return cluster.aadProfile.managed
        ? pass(target, `Cluster ${cluster.name} uses AKS-managed Microsoft Entra integration.`)
        : fail(target, `Cluster ${cluster.name} uses the retired legacy Microsoft Entra integration.`);
    }),
});
