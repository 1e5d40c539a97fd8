/**
 * The compute collector: the subscription's virtual machines (with each VM's extensions) and
 * managed disks (`Microsoft.Compute`).
 */
import { normalizeLocation } from '@palisade/core/azure';
import type { ComputeData, ManagedDisk, VirtualMachine, VirtualMachineDisk, VirtualMachineExtension } from '@palisade/core/azure';
import type { ArmClient } from '../client.ts';
import { inLocations, mapLimit } from '../collector.ts';
import type { AzureCollector } from '../collector.ts';

export const VIRTUAL_MACHINES_API_VERSION = '2024-07-01';
export const DISKS_API_VERSION = '2024-03-02';

interface ArmVmDisk {
  readonly name?: string;
  readonly lun?: number;
  readonly osType?: string;
  readonly managedDisk?: { readonly id?: string; readonly diskEncryptionSet?: { readonly id?: string } };
  readonly vhd?: { readonly uri?: string };
}

interface ArmVirtualMachine {
  readonly id: string;
  readonly name: string;
  readonly location?: string;
  readonly tags?: Record<string, string> | null;
  readonly properties?: {
    readonly hardwareProfile?: { readonly vmSize?: string };
    readonly storageProfile?: { readonly osDisk?: ArmVmDisk; readonly dataDisks?: readonly ArmVmDisk[] };
    readonly securityProfile?: {
      readonly securityType?: string;
      readonly uefiSettings?: { readonly secureBootEnabled?: boolean; readonly vTpmEnabled?: boolean };
      readonly encryptionAtHost?: boolean;
    };
    readonly osProfile?: {
      readonly computerName?: string;
      readonly linuxConfiguration?: { readonly disablePasswordAuthentication?: boolean; readonly ssh?: { readonly publicKeys?: readonly unknown[] } };
    };
  };
}

interface ArmExtension {
  readonly id?: string;
  readonly name?: string;
  readonly properties?: { readonly publisher?: string; readonly type?: string; readonly typeHandlerVersion?: string; readonly provisioningState?: string };
}

interface ArmDisk {
  readonly id: string;
  readonly name: string;
  readonly location?: string;
  readonly tags?: Record<string, string> | null;
  readonly managedBy?: string | null;
  readonly properties?: {
    readonly osType?: string;
    readonly diskSizeGB?: number;
    readonly diskState?: string;
    readonly encryption?: { readonly type?: string; readonly diskEncryptionSetId?: string };
    readonly networkAccessPolicy?: string;
    readonly publicNetworkAccess?: string;
    readonly dataAccessAuthMode?: string;
    readonly diskAccessId?: string;
  };
}

export const computeCollector: AzureCollector<'compute'> = {
  service: 'compute',
  async collect(context) {
    const { arm, subscriptionId } = context;
    const providers = `/subscriptions/${subscriptionId}/providers/Microsoft.Compute`;
    const [machines, disks] = await Promise.all([
      arm.list<ArmVirtualMachine>('Microsoft.Compute/virtualMachines/read', `${providers}/virtualMachines`, VIRTUAL_MACHINES_API_VERSION),
      arm.list<ArmDisk>('Microsoft.Compute/disks/read', `${providers}/disks`, DISKS_API_VERSION),
    ]);
    const inScan = <T extends { readonly location?: string }>(items: readonly T[]) => items.filter((item) => inLocations(context, item.location));
    return {
      virtualMachines: machines.error ? machines : { value: await mapLimit(inScan(machines.value), 8, (machine) => collectMachine(arm, machine)) },
      disks: disks.error ? disks : { value: inScan(disks.value).map(toDisk) },
    } satisfies ComputeData;
  },
};

async function collectMachine(arm: ArmClient, machine: ArmVirtualMachine): Promise<VirtualMachine> {
  // The extension list is one answer without paging; a VM without extensions answers an empty (or no) `value`.
  const extensions = await arm.get<{ readonly value?: readonly ArmExtension[] }>('Microsoft.Compute/virtualMachines/extensions/read', `${machine.id}/extensions`, VIRTUAL_MACHINES_API_VERSION, {
    resourceUid: machine.id,
  });
  const properties = machine.properties ?? {};
  const osDisk = properties.storageProfile?.osDisk ?? {};
  const security = properties.securityProfile;
  const linux = properties.osProfile?.linuxConfiguration;
  return {
    id: machine.id,
    name: machine.name,
    location: normalizeLocation(machine.location),
    tags: machine.tags ?? {},
    ...(properties.hardwareProfile?.vmSize ? { vmSize: properties.hardwareProfile.vmSize } : {}),
    ...(osDisk.osType ? { osType: osDisk.osType } : {}),
    storageProfile: { osDisk: toVmDisk(osDisk), dataDisks: (properties.storageProfile?.dataDisks ?? []).map(toVmDisk) },
    ...(security
      ? {
          securityProfile: {
            ...(security.securityType ? { securityType: security.securityType } : {}),
            ...(security.uefiSettings ? { uefiSettings: { ...security.uefiSettings } } : {}),
            ...(security.encryptionAtHost !== undefined ? { encryptionAtHost: security.encryptionAtHost } : {}),
          },
        }
      : {}),
    ...(properties.osProfile
      ? {
          osProfile: {
            ...(properties.osProfile.computerName ? { computerName: properties.osProfile.computerName } : {}),
            ...(linux
              ? {
                  linuxConfiguration: {
                    ...(linux.disablePasswordAuthentication !== undefined ? { disablePasswordAuthentication: linux.disablePasswordAuthentication } : {}),
                    sshPublicKeyCount: linux.ssh?.publicKeys?.length ?? 0,
                  },
                }
              : {}),
          },
        }
      : {}),
    extensions: extensions.error ? extensions : { value: (extensions.value?.value ?? []).map(toExtension) },
  };
}

function toVmDisk(disk: ArmVmDisk): VirtualMachineDisk {
  return {
    name: disk.name ?? '',
    ...(disk.lun !== undefined ? { lun: disk.lun } : {}),
    ...(disk.managedDisk
      ? { managedDisk: { ...(disk.managedDisk.id ? { id: disk.managedDisk.id } : {}), ...(disk.managedDisk.diskEncryptionSet?.id ? { diskEncryptionSetId: disk.managedDisk.diskEncryptionSet.id } : {}) } }
      : {}),
    ...(disk.vhd?.uri ? { vhdUri: disk.vhd.uri } : {}),
  };
}

function toExtension(extension: ArmExtension): VirtualMachineExtension {
  const properties = extension.properties ?? {};
  return {
    id: extension.id ?? '',
    name: extension.name ?? '',
    publisher: properties.publisher ?? '',
    type: properties.type ?? '',
    ...(properties.typeHandlerVersion ? { typeHandlerVersion: properties.typeHandlerVersion } : {}),
    ...(properties.provisioningState ? { provisioningState: properties.provisioningState } : {}),
  };
}

function toDisk(disk: ArmDisk): ManagedDisk {
  const properties = disk.properties ?? {};
  return {
    id: disk.id,
    name: disk.name,
    location: normalizeLocation(disk.location),
    tags: disk.tags ?? {},
    ...(disk.managedBy ? { managedBy: disk.managedBy } : {}),
    ...(properties.diskState ? { diskState: properties.diskState } : {}),
    ...(properties.osType ? { osType: properties.osType } : {}),
    ...(properties.diskSizeGB !== undefined ? { diskSizeGB: properties.diskSizeGB } : {}),
    encryption: {
      ...(properties.encryption?.type ? { type: properties.encryption.type } : {}),
      ...(properties.encryption?.diskEncryptionSetId ? { diskEncryptionSetId: properties.encryption.diskEncryptionSetId } : {}),
    },
    ...(properties.networkAccessPolicy ? { networkAccessPolicy: properties.networkAccessPolicy } : {}),
    ...(properties.publicNetworkAccess ? { publicNetworkAccess: properties.publicNetworkAccess } : {}),
    ...(properties.dataAccessAuthMode ? { dataAccessAuthMode: properties.dataAccessAuthMode } : {}),
    ...(properties.diskAccessId ? { diskAccessId: properties.diskAccessId } : {}),
  };
}
