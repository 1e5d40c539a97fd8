import { defineCheck } from '@palisade/core';
import { evaluateAssessments } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-machine-vulnerabilities-resolved',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: 'Microsoft.Compute/virtualMachines',
  severity: 'high',
  title: 'Machines have no unresolved vulnerability findings',
  description:
    'Reads the Defender for Cloud recommendation "Machines should have vulnerability findings resolved" (key 1195afff-…) for each machine: it is Unhealthy when the vulnerability scanner (Defender Vulnerability Management, or a bring-your-own scanner) reports open findings. Machines where the recommendation does not apply get no result.',
  risk: 'Known vulnerabilities on a machine are the most common way in after phishing; open findings, especially on internet-facing hosts, can be exploited with public tooling.',
  remediation: {
    summary: 'Patch or upgrade the vulnerable software on the machine (or mitigate and document an exemption), starting with critical and internet-exposed findings.',
    cli: 'az rest --method get --url "https://management.azure.com<vm-resource-id>/providers/Microsoft.Security/assessments/1195afff-c881-495e-9bc5-1486211ae03f/subAssessments?api-version=2019-01-01-preview"',
    console: 'Microsoft Defender for Cloud → Recommendations → open "Machines should have vulnerability findings resolved" → select the machine → review the findings and apply the listed remediation.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/defender-for-cloud/remediate-vulnerability-findings-vm',
    'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/assessments/list',
  ],
  categories: ['threat-detection'],
  evaluate: (scope) =>
    evaluateAssessments(scope, ['1195afff-c881-495e-9bc5-1486211ae03f'], {
      healthy: (name) => `Machine ${name} has no open vulnerability findings.`,
      unhealthy: (name, failing) => `Machine ${name} has unresolved vulnerability findings${failing[0]?.description ? `: ${failing[0].description}` : ''}.`,
    }),
});
