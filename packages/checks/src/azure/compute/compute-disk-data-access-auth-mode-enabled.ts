import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { diskResource } from '../lib/compute-resources.ts';

export default defineCheck({
  id: 'azure/compute-disk-data-access-auth-mode-enabled',
  provider: 'azure',
  service: 'compute',
  requires: ['compute'],
  resourceType: 'Microsoft.Compute/disks',
  severity: 'medium',
  title: 'Managed disks require Entra ID authorization to export or upload data',
  description:
    'Checks that every managed disk has data access authentication mode `AzureActiveDirectory` (the portal\'s "Enable data access authentication mode") (CIS 8.6), so that downloading or uploading its contents through a SAS URL also requires a Microsoft Entra identity with the disk data export or import permission. The default is no such requirement.',
  risk:
    'Without it, a disk\'s SAS export URL is a bearer credential: whoever holds the link can download the full disk, with no identity checked and no record of who did it.',
  remediation: {
    summary: 'Set the disk\'s data access authentication mode to AzureActiveDirectory and grant the Data Operator for Managed Disks role only to the identities that export or upload disks.',
    cli: 'az disk update --resource-group <resource-group> --name <disk-name> --data-access-auth-mode AzureActiveDirectory',
    terraform:
      '# Set on an existing disk through the ARM API (azapi provider):\nresource "azapi_update_resource" "disk_data_access" {\n  type        = "Microsoft.Compute/disks@2024-03-02"\n  resource_id = azurerm_managed_disk.data.id\n  body = {\n    properties = { dataAccessAuthMode = "AzureActiveDirectory" }\n  }\n}',
    console: 'Azure portal → Disks → select the disk → Settings → Disk Export → check "Enable data access authentication mode" → Save.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/virtual-machines/windows/download-vhd#secure-downloads-and-uploads-with-microsoft-entra-id',
    'https://learn.microsoft.com/en-us/azure/virtual-machines/linux/disks-upload-vhd-to-managed-disk-cli#secure-uploads-with-microsoft-entra-id',
  ],
  categories: ['identity-and-access', 'data-protection'],
  evaluate: (scope) =>
    withService(scope, 'compute', (compute) =>
      eachFetched(compute.disks, scopeResource(scope), (disk) => {
        const target = diskResource(disk);
        return disk.dataAccessAuthMode === 'AzureActiveDirectory'
          ? pass(target, `Disk ${disk.name} requires Entra ID authorization to export or upload its data.`)
          : fail(target, `Disk ${disk.name} does not require Entra ID authorization for data export or upload (data access authentication mode ${disk.dataAccessAuthMode ?? 'None'}).`);
      }),
    ),
});
