import { defineCheck, fail, pass } from '@palisade/core';
import { CLUSTER_TYPE, eachCluster } from '../lib/aks-clusters.ts';

export default defineCheck({
  id: 'azure/aks-azure-policy-addon-enabled',
  provider: 'azure',
  service: 'aks',
  requires: ['aks'],
  resourceType: CLUSTER_TYPE,
  severity: 'medium',
  title: 'AKS clusters run the Azure Policy add-on',
  description: 'Checks that the Azure Policy add-on (`addonProfiles.azurepolicy`) is enabled on each AKS cluster, so Azure Policy can audit and enforce rules on Kubernetes objects (privileged containers, host paths, allowed images).',
  risk: 'Without the add-on nothing outside the cluster checks what workloads are admitted, so privileged or root containers and images from untrusted registries can run unnoticed.',
  remediation: {
    summary: 'Enable the Azure Policy add-on and assign the Kubernetes pod security baseline (or restricted) initiative to the cluster\'s scope.',
    cli: 'az aks enable-addons --resource-group <resource-group> --name <cluster> --addons azure-policy',
    terraform: 'resource "azurerm_kubernetes_cluster" "this" {\n  # ...\n  azure_policy_enabled = true\n}',
    console: 'Kubernetes services → select the cluster → Settings → Policies → Enable add-on.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/governance/policy/concepts/policy-for-kubernetes', 'https://learn.microsoft.com/en-us/azure/aks/use-azure-policy'],
  categories: ['governance'],
  evaluate: (scope) =>
    eachCluster(scope, (cluster, target) =>
      cluster.addonProfiles['azurepolicy']?.enabled
        ? pass(target, `Cluster ${cluster.name} runs the Azure Policy add-on.`)
        : fail(target, `Cluster ${cluster.name} does not run the Azure Policy add-on.`),
    ),
});
