import { defineCheck, fail, pass } from '@palisade/core';
import { CLUSTER_TYPE, eachCluster } from '../lib/aks-clusters.ts';

export default defineCheck({
  id: 'azure/aks-azure-rbac-enabled',
  provider: 'azure',
  service: 'aks',
  requires: ['aks'],
  resourceType: CLUSTER_TYPE,
  severity: 'low',
  title: 'AKS clusters use Azure RBAC for Kubernetes authorization',
  description:
    'Checks that each AKS cluster authorizes Kubernetes requests with Azure RBAC (`aadProfile.enableAzureRBAC`), so cluster permissions are Azure role assignments that appear in access reviews and Privileged Identity Management. Clusters that manage access with Kubernetes role bindings to Entra groups fail and can be muted when that is deliberate.',
  risk: 'With Kubernetes role bindings alone, who can do what inside the cluster lives only in the cluster: it is invisible to Azure access reviews and is not removed when a person loses their Azure roles.',
  remediation: {
    summary: 'Enable Azure RBAC for Kubernetes authorization and grant the built-in Azure Kubernetes Service RBAC roles instead of cluster role bindings.',
    cli: 'az aks update --resource-group <resource-group> --name <cluster> --enable-azure-rbac',
    terraform: 'resource "azurerm_kubernetes_cluster" "this" {\n  # ...\n  azure_active_directory_role_based_access_control {\n    azure_rbac_enabled = true\n  }\n}',
    console: 'Kubernetes services → select the cluster → Settings → Security configuration → Authentication and Authorization: Microsoft Entra ID authentication with Azure RBAC → Apply.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/aks/manage-azure-rbac'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    eachCluster(scope, (cluster, target) =>
      cluster.aadProfile?.enableAzureRBAC
        ? pass(target, `Cluster ${cluster.name} authorizes Kubernetes requests with Azure RBAC.`)
        : fail(target, `Cluster ${cluster.name} does not use Azure RBAC for Kubernetes authorization.`),
    ),
});
