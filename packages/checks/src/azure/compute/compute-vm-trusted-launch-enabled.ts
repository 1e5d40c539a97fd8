import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { virtualMachineResource } from '../lib/compute-resources.ts';

export default defineCheck({
  id: 'azure/compute-vm-trusted-launch-enabled',
  provider: 'azure',
  service: 'compute',
  requires: ['compute'],
  resourceType: 'Microsoft.Compute/virtualMachines',
  severity: 'medium',
  title: 'Virtual machines use Trusted Launch with Secure Boot and vTPM',
  description:
    'Checks that each virtual machine has security type `TrustedLaunch` (or `ConfidentialVM`, which includes it) with both Secure Boot and the virtual TPM enabled (CIS 8.11). VMs of security type Standard, and Trusted Launch VMs with either feature turned off, fail. Generation 1 VMs must be upgraded to generation 2 before Trusted Launch can be enabled.',
  risk:
    'Without Secure Boot and a vTPM, boot kits and rootkits can load before the operating system and hide from it, and there is no measured boot for Defender for Cloud to attest the VM\'s boot integrity against.',
  remediation: {
    summary: 'Enable Trusted Launch on the VM (deallocated, generation 2, supported size and image) with Secure Boot and vTPM on.',
    cli: 'az vm deallocate --resource-group <resource-group> --name <vm-name>\naz vm update --resource-group <resource-group> --name <vm-name> --security-type TrustedLaunch --enable-secure-boot true --enable-vtpm true\naz vm start --resource-group <resource-group> --name <vm-name>',
    terraform: 'resource "azurerm_linux_virtual_machine" "app" {\n  # ... a generation 2 image and a size that supports Trusted Launch\n  secure_boot_enabled = true\n  vtpm_enabled        = true\n}',
    console: 'Azure portal → Virtual machines → select the VM → Stop → Settings → Configuration → Security type: Trusted launch virtual machines → check Enable secure boot and Enable vTPM → Save → Start.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/virtual-machines/trusted-launch', 'https://learn.microsoft.com/en-us/azure/virtual-machines/trusted-launch-existing-vm'],
  categories: ['threat-detection', 'resilience'],
  evaluate: (scope) =>
    withService(scope, 'compute', (compute) =>
      eachFetched(compute.virtualMachines, scopeResource(scope), (machine) => {
        const target = virtualMachineResource(machine);
        const securityType = machine.securityProfile?.securityType ?? 'Standard';
        if (securityType !== 'TrustedLaunch' && securityType !== 'ConfidentialVM') return fail(target, `Virtual machine ${machine.name} has security type ${securityType}, not Trusted Launch.`);
        const missing = [
          ...(machine.securityProfile?.uefiSettings?.secureBootEnabled === true ? [] : ['Secure Boot']),
          ...(machine.securityProfile?.uefiSettings?.vTpmEnabled === true ? [] : ['vTPM']),
        ];
        return missing.length === 0
          ? pass(target, `Virtual machine ${machine.name} uses ${securityType} with Secure Boot and vTPM enabled.`)
          : fail(target, `Virtual machine ${machine.name} uses ${securityType} but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} disabled.`);
      }),
    ),
});
