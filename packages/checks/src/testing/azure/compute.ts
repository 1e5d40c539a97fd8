import type { ComputeData, ManagedDisk, VirtualMachine, VirtualMachineExtension } from '@palisade/core/azure';
import { TEST_LOCATION, armId, ok } from './scope.ts';

/** Compute data with both lists empty unless overridden. */
export function computeData(overrides: Partial<ComputeData> = {}): ComputeData {
  return { virtualMachines: ok([]), disks: ok([]), ...overrides };
}

export const TEST_DISK_ENCRYPTION_SET = armId('Microsoft.Compute/diskEncryptionSets', 'des-cmk');

/** An extension of VM `vmName`: the Azure Monitor Agent for Linux unless overridden. */
export function vmExtension(overrides: Partial<VirtualMachineExtension> & { name: string }, vmName = 'vm-app'): VirtualMachineExtension {
  return {
    id: `${armId('Microsoft.Compute/virtualMachines', vmName)}/extensions/${overrides.name}`,
    publisher: 'Microsoft.Azure.Monitor',
    type: 'AzureMonitorLinuxAgent',
    typeHandlerVersion: '1.33',
    provisioningState: 'Succeeded',
    ...overrides,
  };
}

/**
 * A hardened Linux VM: managed disks, Trusted Launch with Secure Boot and vTPM, encryption at
 * host, SSH keys only, the Azure Monitor Agent and Defender for Endpoint installed.
 */
export function virtualMachine(overrides: Partial<VirtualMachine> & { name: string }): VirtualMachine {
  const name = overrides.name;
  return {
    id: armId('Microsoft.Compute/virtualMachines', name),
    location: TEST_LOCATION,
    tags: {},
    vmSize: 'Standard_D2s_v5',
    osType: 'Linux',
    storageProfile: {
      osDisk: { name: `${name}-osdisk`, managedDisk: { id: armId('Microsoft.Compute/disks', `${name}-osdisk`), diskEncryptionSetId: TEST_DISK_ENCRYPTION_SET } },
      dataDisks: [{ name: `${name}-data0`, lun: 0, managedDisk: { id: armId('Microsoft.Compute/disks', `${name}-data0`), diskEncryptionSetId: TEST_DISK_ENCRYPTION_SET } }],
    },
    securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, encryptionAtHost: true },
    osProfile: { computerName: name, linuxConfiguration: { disablePasswordAuthentication: true, sshPublicKeyCount: 1 } },
    extensions: ok([
      vmExtension({ name: 'AzureMonitorLinuxAgent' }, name),
      vmExtension({ name: 'MDE.Linux', publisher: 'Microsoft.Azure.AzureDefenderForServers', type: 'MDE.Linux', typeHandlerVersion: '1.0' }, name),
    ]),
    ...overrides,
  };
}

/** A disk attached to `vm-app`, encrypted with a customer-managed key, private and Entra-authorized for export. */
export function managedDisk(overrides: Partial<ManagedDisk> & { name: string }): ManagedDisk {
  return {
    id: armId('Microsoft.Compute/disks', overrides.name),
    location: TEST_LOCATION,
    tags: {},
    managedBy: armId('Microsoft.Compute/virtualMachines', 'vm-app'),
    diskState: 'Attached',
    diskSizeGB: 128,
    encryption: { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: TEST_DISK_ENCRYPTION_SET },
    networkAccessPolicy: 'DenyAll',
    publicNetworkAccess: 'Disabled',
    dataAccessAuthMode: 'AzureActiveDirectory',
    ...overrides,
  };
}

/** The same disk detached from any VM. */
export function unattachedDisk(overrides: Partial<ManagedDisk> & { name: string }): ManagedDisk {
  const { managedBy: _managedBy, ...attached } = managedDisk(overrides);
  return { ...attached, diskState: 'Unattached', ...overrides };
}
