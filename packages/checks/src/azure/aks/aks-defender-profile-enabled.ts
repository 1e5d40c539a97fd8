import { defineCheck, fail, pass } from '@palisade/core';
import { CLUSTER_TYPE, eachCluster } from '../lib/aks-clusters.ts';

export default defineCheck({
  id: 'azure/aks-defender-profile-enabled',
  provider: 'azure',
  service: 'aks',
  requires: ['aks'],
  resourceType: CLUSTER_TYPE,
  severity: 'medium',
  title: 'AKS clusters run the Microsoft Defender for Containers sensor',
  description: 'Checks that each AKS cluster has the Defender profile on (`securityProfile.defender.securityMonitoring.enabled`), the in-cluster sensor that gives Microsoft Defender for Containers runtime threat detection. The Defender for Containers plan itself is checked with the Defender plans.',
  risk: 'Without the sensor, runtime attacks inside the cluster (crypto miners, reverse shells, access to the cloud metadata endpoint) raise no alert even when the Defender plan is paid for.',
  remediation: {
    summary: 'Enable the Defender profile on the cluster (and the Defender for Containers plan on the subscription).',
    cli: 'az aks update --resource-group <resource-group> --name <cluster> --enable-defender',
    terraform: 'resource "azurerm_kubernetes_cluster" "this" {\n  # ...\n  microsoft_defender {\n    log_analytics_workspace_id = azurerm_log_analytics_workspace.this.id\n  }\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → the subscription → Containers plan → Settings → turn on the Defender sensor; or deploy it to the cluster from the recommendation.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-containers-enable', 'https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-containers-introduction'],
  categories: ['threat-detection', 'monitoring'],
  evaluate: (scope) =>
    eachCluster(scope, (cluster, target) =>
      cluster.securityProfile.defenderSecurityMonitoring
        ? pass(target, `Cluster ${cluster.name} runs the Microsoft Defender sensor.`)
        : fail(target, `Cluster ${cluster.name} does not run the Microsoft Defender sensor.`),
    ),
});
