import { defineCheck } from '@palisade/core';
import { evaluateAssessments } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-system-updates-installed',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: 'Microsoft.Compute/virtualMachines',
  severity: 'medium',
  title: 'Machines have their system updates installed',
  description:
    'Reads the Defender for Cloud recommendations about operating system updates for each machine: "System updates should be installed on your machines" (Azure Update Manager, key e1145ab1-…, and the older agent-based key 4ab6e3c5-…) and "Machines should be configured to periodically check for missing system updates" (key bd876905-…). A machine fails when any of them is Unhealthy and passes when they are Healthy; machines where they do not apply get no result.',
  risk: 'Machines missing security and critical updates run software with publicly known, often weaponised, vulnerabilities; a machine that never checks for updates drifts out of date without anyone noticing.',
  remediation: {
    summary: 'Install the missing updates with Azure Update Manager, turn on periodic assessment for the machines, and schedule recurring patching.',
    cli: 'az vm assess-patches --resource-group <resource-group> --name <vm-name>\naz vm install-patches --resource-group <resource-group> --name <vm-name> --maximum-duration PT2H --reboot-setting IfRequired --classifications-to-include-win Critical Security --classifications-to-include-linux Critical Security',
    terraform:
      'resource "azurerm_maintenance_configuration" "patching" {\n  name                     = "weekly-patching"\n  resource_group_name      = azurerm_resource_group.ops.name\n  location                 = azurerm_resource_group.ops.location\n  scope                    = "InGuestPatch"\n  in_guest_user_patch_mode = "User"\n  window {\n    start_date_time = "2026-01-03 02:00"\n    duration        = "03:00"\n    time_zone       = "UTC"\n    recur_every     = "1Week Saturday"\n  }\n  install_patches {\n    reboot = "IfRequired"\n    windows {\n      classifications_to_include = ["Critical", "Security"]\n    }\n    linux {\n      classifications_to_include = ["Critical", "Security"]\n    }\n  }\n}',
    console: 'Microsoft Defender for Cloud → Recommendations → open "System updates should be installed on your machines" → select the machines → Fix (opens Azure Update Manager) → install the updates; also remediate "Machines should be configured to periodically check for missing system updates".',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/defender-for-cloud/enable-periodic-system-updates',
    'https://learn.microsoft.com/en-us/azure/update-manager/overview',
    'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/assessments/list',
  ],
  categories: ['resilience'],
  evaluate: (scope) =>
    evaluateAssessments(scope, ['e1145ab1-eb4f-43d8-911b-36ddf771d13f', '4ab6e3c5-74dd-8b35-9ab9-f61b30875b27', 'bd876905-5b84-4f73-ab2d-2e7a7c4568d9'], {
      healthy: (name) => `Machine ${name} has its system updates installed and assessed.`,
      unhealthy: (name, failing) =>
        `Machine ${name} is unhealthy on: ${failing.map((assessment) => (assessment.name === 'bd876905-5b84-4f73-ab2d-2e7a7c4568d9' ? 'periodic update assessment not configured' : 'missing system updates')).filter((text, index, all) => all.indexOf(text) === index).join('; ')}.`,
    }),
});
