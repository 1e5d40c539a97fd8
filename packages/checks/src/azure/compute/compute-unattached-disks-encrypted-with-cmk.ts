import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { describeEncryption, diskResource, isAttached, isEncryptedWithCustomerKey } from '../lib/compute-resources.ts';

export default defineCheck({
  id: 'azure/compute-unattached-disks-encrypted-with-cmk',
  provider: 'azure',
  service: 'compute',
  requires: ['compute'],
  resourceType: 'Microsoft.Compute/disks',
  severity: 'medium',
  title: 'Unattached disks are encrypted with a customer-managed key',
  description:
    'Checks that every managed disk not attached to a virtual machine uses server-side encryption with a customer-managed key (`EncryptionAtRestWithCustomerKey` or `EncryptionAtRestWithPlatformAndCustomerKeys`) (CIS 8.4). Detached disks often hold copies of production data left behind after a VM was deleted or rebuilt.',
  risk:
    'A forgotten disk still holds the data of the VM it came from; encrypted only with a platform-managed key, its contents cannot be made unreadable by revoking a key, and anyone able to export or attach it can read them.',
  remediation: {
    summary: 'Delete unattached disks that are no longer needed; switch the others to a disk encryption set backed by a customer-managed key.',
    cli: 'az disk delete --resource-group <resource-group> --name <disk-name>\n# or keep it, encrypted with a customer-managed key:\naz disk update --resource-group <resource-group> --name <disk-name> --encryption-type EncryptionAtRestWithCustomerKey --disk-encryption-set <disk-encryption-set-id>',
    terraform:
      'resource "azurerm_managed_disk" "archive" {\n  name                   = "disk-archive"\n  location               = azurerm_resource_group.main.location\n  resource_group_name    = azurerm_resource_group.main.name\n  storage_account_type   = "Standard_LRS"\n  create_option          = "Empty"\n  disk_size_gb           = 128\n  disk_encryption_set_id = azurerm_disk_encryption_set.cmk.id\n}',
    console: 'Azure portal → Disks → filter Disk state = Unattached → select the disk → Encryption → Encryption type: Encryption at-rest with a customer-managed key → choose the disk encryption set → Save (or delete the disk).',
  },
  references: ['https://learn.microsoft.com/en-us/azure/virtual-machines/disk-encryption', 'https://learn.microsoft.com/en-us/azure/virtual-machines/windows/find-unattached-disks'],
  categories: ['encryption', 'data-protection'],
  evaluate: (scope) =>
    withService(scope, 'compute', (compute) =>
      eachFetched(compute.disks, scopeResource(scope), (disk) => {
        if (isAttached(disk)) return [];
        const target = diskResource(disk);
        return isEncryptedWithCustomerKey(disk)
          ? pass(target, `Unattached disk ${disk.name} is encrypted with ${describeEncryption(disk)}.`)
          : fail(target, `Unattached disk ${disk.name} is encrypted with ${describeEncryption(disk)}, not a customer-managed key.`);
      }),
    ),
});
