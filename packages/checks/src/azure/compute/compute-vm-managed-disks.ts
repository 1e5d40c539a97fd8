import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { virtualMachineResource } from '../lib/compute-resources.ts';

export default defineCheck({
  id: 'azure/compute-vm-managed-disks',
  provider: 'azure',
  service: 'compute',
  requires: ['compute'],
  resourceType: 'Microsoft.Compute/virtualMachines',
  severity: 'medium',
  title: 'Virtual machines use managed disks',
  description:
    'Checks that the OS disk and every data disk of each virtual machine is a managed disk rather than an unmanaged VHD page blob in a storage account (CIS 8.2). Unmanaged disks were retired on 30 September 2025; VMs still using them are out of support.',
  risk:
    'An unmanaged disk is a blob in a storage account, so anyone holding that account\'s keys or a SAS token can copy the whole disk, and it misses managed-disk controls such as customer-managed keys through disk encryption sets, private export and Entra ID authorization for downloads.',
  remediation: {
    summary: 'Convert the VM to managed disks (the VM is deallocated during the conversion), then delete the old VHD blobs.',
    cli: 'az vm deallocate --resource-group <resource-group> --name <vm-name>\naz vm convert --resource-group <resource-group> --name <vm-name>\naz vm start --resource-group <resource-group> --name <vm-name>',
    terraform: '# azurerm_linux_virtual_machine and azurerm_windows_virtual_machine only create managed disks:\nresource "azurerm_linux_virtual_machine" "app" {\n  # ...\n  os_disk {\n    caching              = "ReadWrite"\n    storage_account_type = "Premium_LRS"\n  }\n}',
    console: 'Azure portal → Virtual machines → select the VM → Stop it → Disks → Migrate to managed disks → Migrate.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/virtual-machines/managed-disks-overview', 'https://learn.microsoft.com/en-us/azure/virtual-machines/windows/convert-unmanaged-to-managed-disks'],
  categories: ['data-protection', 'encryption'],
  evaluate: (scope) =>
    withService(scope, 'compute', (compute) =>
      eachFetched(compute.virtualMachines, scopeResource(scope), (machine) => {
        const target = virtualMachineResource(machine);
        const disks = [machine.storageProfile.osDisk, ...machine.storageProfile.dataDisks];
        const unmanaged = disks.filter((disk) => !disk.managedDisk);
        return unmanaged.length === 0
          ? pass(target, `Virtual machine ${machine.name} uses managed disks only.`)
          : fail(target, `Virtual machine ${machine.name} has unmanaged disks: ${unmanaged.map((disk) => `${disk.name}${disk.vhdUri ? ` (${disk.vhdUri})` : ''}`).join(', ')}.`);
      }),
    ),
});
