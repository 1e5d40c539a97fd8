import { defineCheck } from '@palisade/core';
import { PRICING_TYPE, evaluatePlanExtension } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-agentless-kubernetes-discovery-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'low',
  title: 'Agentless discovery for Kubernetes is on in Microsoft Defender',
  description:
    'Checks that the agentless Kubernetes discovery component (extension `AgentlessDiscoveryForKubernetes`) is enabled in Defender for Containers or Defender CSPM. It reads cluster configuration through the Kubernetes API to build the inventory, exposure and attack paths of AKS clusters.',
  risk: 'Without discovery, workloads, identities and network exposure inside AKS clusters are missing from the security graph, so risky deployments and attack paths through clusters are not shown.',
  remediation: {
    summary: 'Turn on Agentless discovery for Kubernetes in the Defender for Containers (or Defender CSPM) settings of the subscription.',
    cli: 'az security pricing create --name Containers --tier Standard --extensions name=AgentlessDiscoveryForKubernetes isEnabled=True',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "containers" {\n  tier          = "Standard"\n  resource_type = "Containers"\n  extension {\n    name = "AgentlessDiscoveryForKubernetes"\n  }\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → Containers → Settings → set Agentless discovery for Kubernetes to On → Continue → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-containers-introduction', 'https://learn.microsoft.com/en-us/azure/defender-for-cloud/concept-agentless-containers', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluatePlanExtension(scope, 'AgentlessDiscoveryForKubernetes', 'Agentless discovery for Kubernetes', [{ plan: 'Containers', label: 'Defender for Containers' }, { plan: 'CloudPosture', label: 'Defender CSPM' }]),
});
