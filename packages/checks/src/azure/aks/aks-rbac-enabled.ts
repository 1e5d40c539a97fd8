import { defineCheck, fail, pass } from '@palisade/core';
import { CLUSTER_TYPE, eachCluster } from '../lib/aks-clusters.ts';

export default defineCheck({
  id: 'azure/aks-rbac-enabled',
  provider: 'azure',
  service: 'aks',
  requires: ['aks'],
  resourceType: CLUSTER_TYPE,
  severity: 'high',
  title: 'AKS clusters have Kubernetes RBAC enabled',
  description: 'Checks that Kubernetes role-based access control (`enableRBAC`) is on for each AKS cluster. It can only be chosen when a cluster is created.',
  risk: 'Without RBAC every authenticated user and service account of the cluster is effectively an administrator: a compromised pod or credential can read every secret and change every workload.',
  remediation: {
    summary: 'Recreate the cluster with Kubernetes RBAC enabled (the setting cannot be changed on an existing cluster) and move the workloads to it.',
    cli: 'az aks create --resource-group <resource-group> --name <cluster> --enable-aad --enable-azure-rbac   # RBAC is on unless --disable-rbac is given',
    terraform: 'resource "azurerm_kubernetes_cluster" "this" {\n  # ...\n  role_based_access_control_enabled = true\n}',
    console: 'Kubernetes services → Create → Security/Access → Authentication and Authorization: choose an option with Kubernetes RBAC → create the new cluster and migrate the workloads.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/aks/concepts-identity#kubernetes-rbac', 'https://learn.microsoft.com/en-us/azure/aks/operator-best-practices-identity'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    eachCluster(scope, (cluster, target) =>
      cluster.enableRBAC ? pass(target, `Cluster ${cluster.name} has Kubernetes RBAC enabled.`) : fail(target, `Cluster ${cluster.name} has Kubernetes RBAC disabled.`),
    ),
});
