import { defineCheck } from '@palisade/core';
import { PRICING_TYPE, evaluatePlanExtension } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-file-integrity-monitoring-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'medium',
  title: 'File integrity monitoring is on in Microsoft Defender for Servers',
  description:
    'Checks that the file integrity monitoring component (extension `FileIntegrityMonitoring`) is enabled in Defender for Servers; it exists only in Plan 2 and watches operating system files, registry keys and application binaries for changes.',
  risk: 'Without file integrity monitoring, tampering with system binaries, persistence through changed startup files or registry keys, and unauthorised configuration changes on servers go unrecorded.',
  remediation: {
    summary: 'Run Defender for Servers Plan 2 and turn on its File Integrity Monitoring component, sending events to a Log Analytics workspace.',
    cli: 'az security pricing create --name VirtualMachines --tier Standard --subplan P2 --extensions name=FileIntegrityMonitoring isEnabled=True additionalExtensionProperties=\'{"DefinedWorkspaceId":"<workspace resource id>"}\'',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "servers" {\n  tier          = "Standard"\n  resource_type = "VirtualMachines"\n  subplan       = "P2"\n  extension {\n    name = "FileIntegrityMonitoring"\n    additional_extension_properties = {\n      DefinedWorkspaceId = azurerm_log_analytics_workspace.security.id\n    }\n  }\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → Servers (Plan 2) → Settings → set File Integrity Monitoring to On → choose the workspace → Continue → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/defender-for-cloud/file-integrity-monitoring-overview', 'https://learn.microsoft.com/en-us/azure/defender-for-cloud/file-integrity-monitoring-enable-defender-endpoint', 'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list'],
  categories: ['threat-detection', 'monitoring'],
  evaluate: (scope) => evaluatePlanExtension(scope, 'FileIntegrityMonitoring', 'File integrity monitoring', [{ plan: 'VirtualMachines', label: 'Defender for Servers', subPlans: ['P2'] }]),
});
