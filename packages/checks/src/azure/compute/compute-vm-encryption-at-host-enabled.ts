import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { virtualMachineResource } from '../lib/compute-resources.ts';

export default defineCheck({
  id: 'azure/compute-vm-encryption-at-host-enabled',
  provider: 'azure',
  service: 'compute',
  requires: ['compute'],
  resourceType: 'Microsoft.Compute/virtualMachines',
  severity: 'medium',
  title: 'Virtual machines have encryption at host enabled',
  description:
    'Checks that each virtual machine has encryption at host enabled (`securityProfile.encryptionAtHost`). Server-side encryption protects data once it reaches Azure Storage; encryption at host also encrypts the temporary disk and the OS and data disk caches on the VM host, and the data flowing from the host to storage. The subscription must have the `EncryptionAtHost` feature registered and the VM size must support it.',
  risk:
    'Without it, the VM\'s temporary disk (page files, swap, scratch data) and the disk caches on the physical host are not encrypted, so data written there is outside the protection the managed disks provide.',
  remediation: {
    summary: 'Register the EncryptionAtHost feature once per subscription, then enable encryption at host on the VM while it is deallocated.',
    cli: 'az feature register --namespace Microsoft.Compute --name EncryptionAtHost\naz vm deallocate --resource-group <resource-group> --name <vm-name>\naz vm update --resource-group <resource-group> --name <vm-name> --set securityProfile.encryptionAtHost=true\naz vm start --resource-group <resource-group> --name <vm-name>',
    terraform: 'resource "azurerm_linux_virtual_machine" "app" {\n  # ...\n  encryption_at_host_enabled = true\n}',
    console: 'Azure portal → Virtual machines → select the VM → Stop → Settings → Disks → Additional settings → Encryption at host: Yes → Save → Start.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/virtual-machines/disk-encryption#encryption-at-host---end-to-end-encryption-for-your-vm-data', 'https://learn.microsoft.com/en-us/azure/virtual-machines/disks-enable-host-based-encryption-portal'],
  categories: ['encryption', 'data-protection'],
  evaluate: (scope) =>
    withService(scope, 'compute', (compute) =>
      eachFetched(compute.virtualMachines, scopeResource(scope), (machine) => {
        const target = virtualMachineResource(machine);
        return machine.securityProfile?.encryptionAtHost === true
          ? pass(target, `Virtual machine ${machine.name} has encryption at host enabled.`)
          : fail(target, `Virtual machine ${machine.name} does not have encryption at host enabled, so its temporary disk and disk caches are not encrypted on the host.`);
      }),
    ),
});
