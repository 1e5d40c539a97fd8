import { defineCheck, errorResult, fail, fromFetched, manual, pass } from '@palisade/core';
import { normalizeLocation, withService } from '@palisade/core/azure';
import { CLUSTER_TYPE, eachCluster } from '../lib/aks-clusters.ts';

const VERSIONS_API = 'Microsoft.ContainerService/locations/kubernetesVersions/read';

/** `1.30.4` → `1.30`. */
function minorOf(version: string): string | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version.trim());
  return match ? `${match[1]}.${match[2]}` : undefined;
}

export default defineCheck({
  id: 'azure/aks-kubernetes-version-supported',
  provider: 'azure',
  service: 'aks',
  requires: ['aks'],
  resourceType: CLUSTER_TYPE,
  severity: 'high',
  title: 'AKS clusters run a Kubernetes version AKS supports',
  description:
    'Checks that the Kubernetes minor version each AKS cluster\'s control plane runs is one AKS still offers in the cluster\'s location, as the location\'s version list reports it. Versions listed only for long-term support count as supported for clusters on the AKSLongTermSupport plan alone.',
  risk: 'A cluster on a version AKS no longer supports gets no Kubernetes security patches and no support, and it is upgraded by the platform on AKS\'s schedule rather than yours.',
  remediation: {
    summary: 'Upgrade the control plane and node pools to a supported version (one minor version at a time), then keep up with an automatic upgrade channel.',
    cli: 'az aks get-upgrades --resource-group <resource-group> --name <cluster> --output table\naz aks upgrade --resource-group <resource-group> --name <cluster> --kubernetes-version <version>',
    terraform: 'resource "azurerm_kubernetes_cluster" "this" {\n  # ...\n  kubernetes_version        = "1.31"\n  automatic_upgrade_channel = "patch"\n}',
    console: 'Kubernetes services → select the cluster → Settings → Cluster configuration → Upgrade version → choose a supported version → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/aks/supported-kubernetes-versions', 'https://learn.microsoft.com/en-us/azure/aks/long-term-support'],
  categories: ['governance', 'resilience'],
  evaluate: (scope) =>
    withService(scope, 'aks', (aks) =>
      eachCluster(scope, (cluster, target) => {
        const running = cluster.currentKubernetesVersion ?? cluster.kubernetesVersion;
        const minor = running === undefined ? undefined : minorOf(running);
        if (running === undefined || minor === undefined) return manual(target, `Cluster ${cluster.name} reports no Kubernetes version (${running ?? 'none'}); check it by hand.`);
        const location = normalizeLocation(cluster.location);
        const offered = aks.kubernetesVersions[location];
        if (offered === undefined) return errorResult(target, { api: VERSIONS_API, code: 'NotCollected', message: `the Kubernetes versions of ${location} were not collected`, region: location });
        return fromFetched(offered, target, (versions) => {
          const listed = versions.find((version) => version.version === minor);
          const longTerm = cluster.supportPlan === 'AKSLongTermSupport';
          const supported = listed !== undefined && (listed.supportPlans.includes('KubernetesOfficial') || (longTerm && listed.supportPlans.includes('AKSLongTermSupport')));
          if (supported) return [pass(target, `Cluster ${cluster.name} runs Kubernetes ${running}, supported in ${location}${listed.isPreview ? ' as a preview' : ''}${longTerm ? ' (long-term support)' : ''}.`)];
          const available = versions.filter((version) => !version.isPreview && version.supportPlans.includes('KubernetesOfficial')).map((version) => version.version);
          return [fail(target, `Cluster ${cluster.name} runs Kubernetes ${running}, which AKS no longer supports in ${location}${available.length ? ` (supported: ${available.join(', ')})` : ''}.`)];
        });
      }),
    ),
});
