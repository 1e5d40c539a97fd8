import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { diskResource } from '../lib/compute-resources.ts';

export default defineCheck({
  id: 'azure/compute-disk-public-network-access-disabled',
  provider: 'azure',
  service: 'compute',
  requires: ['compute'],
  resourceType: 'Microsoft.Compute/disks',
  severity: 'medium',
  title: 'Managed disks cannot be exported or uploaded over the public internet',
  description:
    'Checks that no managed disk allows import and export from all networks (CIS 8.5): the portal setting "Enable public access from all networks", which is network access policy `AllowAll` (also the default when none is set) with public network access not `Disabled`. A disk passes when its network access policy is `AllowPrivate` (only through a disk access private endpoint) or `DenyAll`, or when public network access is `Disabled`.',
  risk:
    'Anyone who obtains a disk\'s SAS export URL, from a log, a ticket or a compromised account, can download the whole disk from anywhere on the internet, including its file systems, credentials and data.',
  remediation: {
    summary: 'Disable public network access on the disk and set its network access policy to DenyAll, or to AllowPrivate with a disk access resource for private import and export.',
    cli: 'az disk update --resource-group <resource-group> --name <disk-name> --network-access-policy DenyAll --public-network-access Disabled\n# or private export only:\naz disk update --resource-group <resource-group> --name <disk-name> --network-access-policy AllowPrivate --disk-access <disk-access-id> --public-network-access Disabled',
    terraform:
      'resource "azurerm_managed_disk" "data" {\n  # ...\n  public_network_access_enabled = false\n  network_access_policy         = "DenyAll" # or "AllowPrivate" with disk_access_id\n}',
    console: 'Azure portal → Disks → select the disk → Settings → Networking → choose "Disable public access and enable private access" (with a disk access) or "Disable public and private access" → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/virtual-machines/disks-restrict-import-export-overview', 'https://learn.microsoft.com/en-us/azure/virtual-machines/disks-enable-private-links-for-import-export-portal'],
  categories: ['internet-exposed', 'data-protection'],
  evaluate: (scope) =>
    withService(scope, 'compute', (compute) =>
      eachFetched(compute.disks, scopeResource(scope), (disk) => {
        const target = diskResource(disk);
        const policy = disk.networkAccessPolicy ?? 'AllowAll';
        if (disk.publicNetworkAccess === 'Disabled') return pass(target, `Disk ${disk.name} has public network access disabled (network access policy ${policy}).`);
        return policy === 'AllowAll'
          ? fail(target, `Disk ${disk.name} can be exported or uploaded from any network (network access policy AllowAll, public network access ${disk.publicNetworkAccess ?? 'Enabled'}).`)
          : pass(target, `Disk ${disk.name} restricts import and export (network access policy ${policy}).`);
      }),
    ),
});
