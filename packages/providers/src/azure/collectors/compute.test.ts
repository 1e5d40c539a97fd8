import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armError, fakeAzure, page } from '../testing.ts';
import { computeCollector } from './compute.ts';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const COMPUTE = `${SUB}/providers/Microsoft.Compute`;
const ARM = 'https://management.azure.com';
const APP_VM = `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-app`;
const LEGACY_VM = `${SUB}/resourceGroups/rg-legacy/providers/Microsoft.Compute/virtualMachines/vm-legacy`;
const DES = `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Compute/diskEncryptionSets/des-cmk`;

const denied = (action: string, scope: string) =>
  armError(403, 'AuthorizationFailed', `The client 'scanner@contoso.com' with object id '11111111-2222-3333-4444-555555555555' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid.`);

// Shaped like Virtual Machines - List All (2024-07-01).
const appVm = {
  name: 'vm-app',
  id: APP_VM,
  type: 'Microsoft.Compute/virtualMachines',
  location: 'eastus',
  tags: { env: 'prod' },
  properties: {
    vmId: '0f47b100-583c-48e3-a4c0-aefc2c9bbcc1',
    hardwareProfile: { vmSize: 'Standard_D2s_v5' },
    storageProfile: {
      imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest', exactVersion: '24.04.202501140' },
      osDisk: {
        osType: 'Linux',
        name: 'vm-app_OsDisk_1_5b2f',
        createOption: 'FromImage',
        caching: 'ReadWrite',
        managedDisk: { storageAccountType: 'Premium_LRS', id: `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Compute/disks/vm-app_OsDisk_1_5b2f`, diskEncryptionSet: { id: DES } },
        deleteOption: 'Delete',
        diskSizeGB: 30,
      },
      dataDisks: [
        {
          lun: 0,
          name: 'vm-app-data0',
          createOption: 'Attach',
          caching: 'ReadOnly',
          managedDisk: { storageAccountType: 'Premium_LRS', id: `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Compute/disks/vm-app-data0`, diskEncryptionSet: { id: DES } },
          deleteOption: 'Detach',
          diskSizeGB: 256,
          toBeDetached: false,
        },
      ],
      diskControllerType: 'SCSI',
    },
    osProfile: {
      computerName: 'vm-app',
      adminUsername: 'azureuser',
      linuxConfiguration: {
        disablePasswordAuthentication: true,
        ssh: { publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx0ZXN0a2V5 azureuser' }] },
        provisionVMAgent: true,
        patchSettings: { patchMode: 'AutomaticByPlatform', assessmentMode: 'AutomaticByPlatform' },
      },
      secrets: [],
      allowExtensionOperations: true,
      requireGuestProvisionSignal: true,
    },
    securityProfile: { uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, securityType: 'TrustedLaunch', encryptionAtHost: true },
    networkProfile: { networkInterfaces: [{ id: `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Network/networkInterfaces/vm-app-nic` }] },
    diagnosticsProfile: { bootDiagnostics: { enabled: true } },
    provisioningState: 'Succeeded',
    timeCreated: '2025-02-03T10:15:00.0000000+00:00',
  },
};

// An old Windows VM with unmanaged disks, in another location; ARM omits securityProfile for it.
const legacyVm = {
  name: 'vm-legacy',
  id: LEGACY_VM,
  type: 'Microsoft.Compute/virtualMachines',
  location: 'westeurope',
  properties: {
    hardwareProfile: { vmSize: 'Standard_A2_v2' },
    storageProfile: {
      imageReference: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2016-Datacenter', version: 'latest' },
      osDisk: { osType: 'Windows', name: 'vm-legacy-os', createOption: 'FromImage', vhd: { uri: 'https://stlegacyvhds.blob.core.windows.net/vhds/vm-legacy-os.vhd' }, caching: 'ReadWrite', diskSizeGB: 127 },
      dataDisks: [],
    },
    osProfile: { computerName: 'vm-legacy', adminUsername: 'winadmin', windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: true }, secrets: [] },
    networkProfile: { networkInterfaces: [{ id: `${SUB}/resourceGroups/rg-legacy/providers/Microsoft.Network/networkInterfaces/vm-legacy-nic` }] },
    provisioningState: 'Succeeded',
  },
};

// Virtual Machine Extensions - List.
const appExtensions = {
  value: [
    {
      name: 'AzureMonitorLinuxAgent',
      id: `${APP_VM}/extensions/AzureMonitorLinuxAgent`,
      type: 'Microsoft.Compute/virtualMachines/extensions',
      location: 'eastus',
      properties: { autoUpgradeMinorVersion: true, enableAutomaticUpgrade: true, provisioningState: 'Succeeded', publisher: 'Microsoft.Azure.Monitor', type: 'AzureMonitorLinuxAgent', typeHandlerVersion: '1.33' },
    },
    {
      name: 'MDE.Linux',
      id: `${APP_VM}/extensions/MDE.Linux`,
      type: 'Microsoft.Compute/virtualMachines/extensions',
      location: 'eastus',
      properties: { autoUpgradeMinorVersion: true, provisioningState: 'Failed', publisher: 'Microsoft.Azure.AzureDefenderForServers', type: 'MDE.Linux', typeHandlerVersion: '1.0', settings: { azureResourceId: APP_VM } },
    },
  ],
};

// Disks - List (2024-03-02).
const osDisk = {
  name: 'vm-app_OsDisk_1_5b2f',
  id: `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Compute/disks/vm-app_OsDisk_1_5b2f`,
  type: 'Microsoft.Compute/disks',
  location: 'eastus',
  tags: {},
  managedBy: APP_VM,
  sku: { name: 'Premium_LRS', tier: 'Premium' },
  properties: {
    osType: 'Linux',
    hyperVGeneration: 'V2',
    creationData: { createOption: 'FromImage', imageReference: { id: '/Subscriptions/x/Providers/Microsoft.Compute/Locations/eastus/Publishers/canonical/ArtifactTypes/VMImage/Offers/ubuntu-24_04-lts/Skus/server/Versions/24.04.202501140' } },
    diskSizeGB: 30,
    encryption: { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: DES },
    networkAccessPolicy: 'DenyAll',
    publicNetworkAccess: 'Disabled',
    dataAccessAuthMode: 'AzureActiveDirectory',
    timeCreated: '2025-02-03T10:15:00.0000000+00:00',
    provisioningState: 'Succeeded',
    diskState: 'Attached',
    securityProfile: { securityType: 'TrustedLaunch' },
  },
};
const orphanDisk = {
  name: 'disk-orphan',
  id: `${SUB}/resourceGroups/rg-legacy/providers/Microsoft.Compute/disks/disk-orphan`,
  type: 'Microsoft.Compute/disks',
  location: 'westeurope',
  sku: { name: 'Standard_LRS', tier: 'Standard' },
  properties: {
    creationData: { createOption: 'Empty' },
    diskSizeGB: 128,
    encryption: { type: 'EncryptionAtRestWithPlatformKey' },
    networkAccessPolicy: 'AllowAll',
    publicNetworkAccess: 'Enabled',
    timeCreated: '2023-05-01T09:00:00.0000000+00:00',
    provisioningState: 'Succeeded',
    diskState: 'Unattached',
  },
};

const routes = (overrides: Record<string, unknown> = {}) => ({
  [`GET ${COMPUTE}/virtualMachines`]: page([appVm], `${ARM}${COMPUTE}/virtualMachines?api-version=2024-07-01&$skiptoken=vm2`),
  [`GET ${COMPUTE}/virtualMachines?$skiptoken=vm2`]: page([legacyVm]),
  [`GET ${APP_VM}/extensions`]: appExtensions,
  [`GET ${LEGACY_VM}/extensions`]: {},
  [`GET ${COMPUTE}/disks`]: page([osDisk], `${ARM}${COMPUTE}/disks?api-version=2024-03-02&$skiptoken=disk2`),
  [`GET ${COMPUTE}/disks?$skiptoken=disk2`]: page([orphanDisk]),
  ...overrides,
});

describe('compute collector', () => {
  it('maps VMs with their extensions and disks, across pages', async () => {
    const fake = fakeAzure(routes());
    const data = await computeCollector.collect(fake.context());
    expect(fake.unmatched).toEqual([]);

    const [app, legacy] = data.virtualMachines.value ?? [];
    expect(app).toEqual({
      id: APP_VM,
      name: 'vm-app',
      location: 'eastus',
      tags: { env: 'prod' },
      vmSize: 'Standard_D2s_v5',
      osType: 'Linux',
      storageProfile: {
        osDisk: { name: 'vm-app_OsDisk_1_5b2f', managedDisk: { id: osDisk.id, diskEncryptionSetId: DES } },
        dataDisks: [{ name: 'vm-app-data0', lun: 0, managedDisk: { id: `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Compute/disks/vm-app-data0`, diskEncryptionSetId: DES } }],
      },
      securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, encryptionAtHost: true },
      osProfile: { computerName: 'vm-app', linuxConfiguration: { disablePasswordAuthentication: true, sshPublicKeyCount: 1 } },
      extensions: {
        value: [
          { id: `${APP_VM}/extensions/AzureMonitorLinuxAgent`, name: 'AzureMonitorLinuxAgent', publisher: 'Microsoft.Azure.Monitor', type: 'AzureMonitorLinuxAgent', typeHandlerVersion: '1.33', provisioningState: 'Succeeded' },
          { id: `${APP_VM}/extensions/MDE.Linux`, name: 'MDE.Linux', publisher: 'Microsoft.Azure.AzureDefenderForServers', type: 'MDE.Linux', typeHandlerVersion: '1.0', provisioningState: 'Failed' },
        ],
      },
    });
    expect(legacy).toEqual({
      id: LEGACY_VM,
      name: 'vm-legacy',
      location: 'westeurope',
      tags: {},
      vmSize: 'Standard_A2_v2',
      osType: 'Windows',
      storageProfile: { osDisk: { name: 'vm-legacy-os', vhdUri: 'https://stlegacyvhds.blob.core.windows.net/vhds/vm-legacy-os.vhd' }, dataDisks: [] },
      osProfile: { computerName: 'vm-legacy' },
      extensions: { value: [] },
    });

    expect(data.disks.value).toEqual([
      {
        id: osDisk.id,
        name: 'vm-app_OsDisk_1_5b2f',
        location: 'eastus',
        tags: {},
        managedBy: APP_VM,
        diskState: 'Attached',
        osType: 'Linux',
        diskSizeGB: 30,
        encryption: { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: DES },
        networkAccessPolicy: 'DenyAll',
        publicNetworkAccess: 'Disabled',
        dataAccessAuthMode: 'AzureActiveDirectory',
      },
      {
        id: orphanDisk.id,
        name: 'disk-orphan',
        location: 'westeurope',
        tags: {},
        diskState: 'Unattached',
        diskSizeGB: 128,
        encryption: { type: 'EncryptionAtRestWithPlatformKey' },
        networkAccessPolicy: 'AllowAll',
        publicNetworkAccess: 'Enabled',
      },
    ]);
  });

  it('keeps only the scanned locations and reads no extensions of VMs outside them', async () => {
    const fake = fakeAzure(routes());
    const data = await computeCollector.collect(fake.context({ locations: new Set(['eastus']) }));
    expect(data.virtualMachines.value?.map((machine) => machine.name)).toEqual(['vm-app']);
    expect(data.disks.value?.map((disk) => disk.name)).toEqual(['vm-app_OsDisk_1_5b2f']);
    expect(fake.requests.some((request) => request.url.includes('vm-legacy/extensions'))).toBe(false);
  });

  it('turns a denied VM list into an error and still reads the disks', async () => {
    const fake = fakeAzure(routes({ [`GET ${COMPUTE}/virtualMachines`]: denied('Microsoft.Compute/virtualMachines/read', SUB) }));
    const data = await computeCollector.collect(fake.context());
    expect(data.virtualMachines.error).toMatchObject({ api: 'Microsoft.Compute/virtualMachines/read', code: 'AuthorizationFailed', httpStatus: 403 });
    expect(data.disks.value).toHaveLength(2);
    expect(fake.requests.some((request) => request.url.includes('/extensions'))).toBe(false);
  });

  it('turns denied extensions into an error on that VM only', async () => {
    const fake = fakeAzure(routes({ [`GET ${LEGACY_VM}/extensions`]: denied('Microsoft.Compute/virtualMachines/extensions/read', LEGACY_VM) }));
    const data = await computeCollector.collect(fake.context());
    const [app, legacy] = data.virtualMachines.value ?? [];
    expect(app?.extensions.value).toHaveLength(2);
    expect(legacy?.extensions.error).toMatchObject({ api: 'Microsoft.Compute/virtualMachines/extensions/read', code: 'AuthorizationFailed', resourceUid: LEGACY_VM });
  });

  it('turns a denied disk list into an error', async () => {
    const fake = fakeAzure(routes({ [`GET ${COMPUTE}/disks`]: denied('Microsoft.Compute/disks/read', SUB) }));
    const data = await computeCollector.collect(fake.context());
    expect(data.disks.error).toMatchObject({ api: 'Microsoft.Compute/disks/read', code: 'AuthorizationFailed' });
    expect(data.virtualMachines.value).toHaveLength(2);
  });
});
