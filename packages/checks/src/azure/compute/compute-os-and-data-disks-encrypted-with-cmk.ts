import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { describeEncryption, diskResource, isAttached, isEncryptedWithCustomerKey } from '../lib/compute-resources.ts';

export default defineCheck({
  id: 'azure/compute-os-and-data-disks-encrypted-with-cmk',
  provider: 'azure',
  service: 'compute',
  requires: ['compute'],
  resourceType: 'Microsoft.Compute/disks',
  severity: 'medium',
  title: 'OS and data disks attached to VMs are encrypted with a customer-managed key',
  description:
    'Checks that every managed disk attached to a virtual machine (OS or data disk, including those of deallocated VMs) uses server-side encryption with a customer-managed key through a disk encryption set: encryption type `EncryptionAtRestWithCustomerKey` or `EncryptionAtRestWithPlatformAndCustomerKeys` (CIS 8.3). Azure encrypts every disk with a platform-managed key by default, which fails here.',
  risk:
    'With platform-managed keys the organisation cannot revoke access to the disk data, rotate the key on its own schedule or audit each use of the key in Key Vault, which many data-protection policies and regulations require for sensitive workloads.',
  remediation: {
    summary: 'Create a disk encryption set backed by a Key Vault key, grant it access to the key, and switch the disks to it (the VM must be deallocated).',
    cli: 'az disk-encryption-set create --resource-group <resource-group> --name des-cmk --key-url <key-vault-key-url> --source-vault <key-vault-id>\n# grant the set\'s identity wrap/unwrap rights on the key, then:\naz vm deallocate --resource-group <resource-group> --name <vm-name>\naz disk update --resource-group <resource-group> --name <disk-name> --encryption-type EncryptionAtRestWithCustomerKey --disk-encryption-set des-cmk\naz vm start --resource-group <resource-group> --name <vm-name>',
    terraform:
      'resource "azurerm_disk_encryption_set" "cmk" {\n  name                = "des-cmk"\n  resource_group_name = azurerm_resource_group.main.name\n  location            = azurerm_resource_group.main.location\n  key_vault_key_id    = azurerm_key_vault_key.disks.id\n  identity {\n    type = "SystemAssigned"\n  }\n}\n\nresource "azurerm_linux_virtual_machine" "app" {\n  # ...\n  os_disk {\n    caching                = "ReadWrite"\n    storage_account_type   = "Premium_LRS"\n    disk_encryption_set_id = azurerm_disk_encryption_set.cmk.id\n  }\n}',
    console: 'Azure portal → Virtual machines → select the VM → Stop → Disks → Additional settings → Encryption type: Encryption at-rest with a customer-managed key → choose the disk encryption set → Save → Start the VM.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/virtual-machines/disk-encryption', 'https://learn.microsoft.com/en-us/azure/virtual-machines/disks-enable-customer-managed-keys-portal'],
  categories: ['encryption', 'data-protection'],
  evaluate: (scope) =>
    withService(scope, 'compute', (compute) =>
      eachFetched(compute.disks, scopeResource(scope), (disk) => {
        if (!isAttached(disk)) return [];
        const target = diskResource(disk);
        const vm = disk.managedBy?.split('/').pop();
        return isEncryptedWithCustomerKey(disk)
          ? pass(target, `Disk ${disk.name} of VM ${vm} is encrypted with ${describeEncryption(disk)}.`)
          : fail(target, `Disk ${disk.name} of VM ${vm} is encrypted with ${describeEncryption(disk)}, not a customer-managed key.`);
      }),
    ),
});
