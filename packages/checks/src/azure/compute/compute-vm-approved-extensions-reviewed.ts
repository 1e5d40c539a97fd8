import { defineCheck, eachFetched, fromFetched, manual } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { describeExtension, virtualMachineResource } from '../lib/compute-resources.ts';

export default defineCheck({
  id: 'azure/compute-vm-approved-extensions-reviewed',
  provider: 'azure',
  service: 'compute',
  requires: ['compute'],
  resourceType: 'Microsoft.Compute/virtualMachines',
  severity: 'low',
  title: 'Only approved extensions are installed on virtual machines',
  description:
    'Lists the extensions installed on each virtual machine (name, publisher, type, version and provisioning state) for review against the organisation\'s list of approved extensions (CIS 8.7, a manual recommendation). Each VM is reported as MANUAL with its extensions; enforce the approved list with the built-in Azure Policy "Only approved VM extensions should be installed".',
  risk:
    'Extensions run with SYSTEM or root privileges on the VM; an unapproved or abandoned extension (a custom script, a third-party agent) can execute arbitrary code, exfiltrate data or weaken the VM\'s configuration.',
  remediation: {
    summary: 'Remove extensions that are not approved, and assign the "Only approved VM extensions should be installed" policy with the approved list.',
    cli: 'az vm extension list --resource-group <resource-group> --vm-name <vm-name> --query "[].{name:name, publisher:publisher, type:typePropertiesType}" -o table\naz vm extension delete --resource-group <resource-group> --vm-name <vm-name> --name <extension-name>',
    console: 'Azure portal → Virtual machines → select the VM → Settings → Extensions + applications → review each extension → Uninstall those not approved.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/virtual-machines/extensions/overview', 'https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-asset-management#am-5-use-only-approved-applications-in-virtual-machine'],
  categories: ['governance'],
  evaluate: (scope) =>
    withService(scope, 'compute', (compute) =>
      eachFetched(compute.virtualMachines, scopeResource(scope), (machine) => {
        const target = virtualMachineResource(machine);
        return fromFetched(machine.extensions, target, (extensions) => [
          extensions.length === 0
            ? manual(target, `Virtual machine ${machine.name} has no extensions installed.`)
            : manual(target, `Virtual machine ${machine.name} has ${extensions.length} extension(s) to check against the approved list: ${extensions.map(describeExtension).join(', ')}.`),
        ]);
      }),
    ),
});
