import { defineCheck } from '@palisade/core';
import { PRICING_TYPE, evaluatePlanExtension } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-agentless-scanning-for-machines-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'medium',
  title: 'Agentless scanning for machines is on in Microsoft Defender',
  description:
    'Checks that the agentless scanning component (extension `AgentlessVmScanning`) is enabled in Defender for Servers Plan 2, or in Defender CSPM, which carries the same scanner. The scanner snapshots machine disks to find vulnerabilities, secrets and malware without an agent.',
  risk: 'Machines that cannot run an agent, or where the agent has failed, are not assessed: vulnerable software, plaintext secrets on disk and dormant malware stay undiscovered.',
  remediation: {
    summary: 'Turn on Agentless scanning for machines in the Defender for Servers Plan 2 (or Defender CSPM) settings of the subscription.',
    cli: 'az security pricing create --name VirtualMachines --tier Standard --subplan P2 --extensions name=AgentlessVmScanning isEnabled=True',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "servers" {\n  tier          = "Standard"\n  resource_type = "VirtualMachines"\n  subplan       = "P2"\n  extension {\n    name = "AgentlessVmScanning"\n  }\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → Servers → Settings → set Agentless scanning for machines to On → Continue → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/concept-agentless-data-collection', 'https://learn.microsoft.com/en-us/azure/defender-for-cloud/enable-agentless-scanning-vms', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list'],
  categories: ['threat-detection'],
  evaluate: (scope) => evaluatePlanExtension(scope, 'AgentlessVmScanning', 'Agentless scanning for machines', [{ plan: 'VirtualMachines', label: 'Defender for Servers', subPlans: ['P2'] }, { plan: 'CloudPosture', label: 'Defender CSPM' }]),
});
