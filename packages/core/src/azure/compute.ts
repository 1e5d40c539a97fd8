/**
 * The compute service of a subscription (`Microsoft.Compute`): virtual machines with their
 * extensions, and managed disks. Property names and values follow ARM's.
 */
import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';

/** A disk as a virtual machine's storage profile names it. */
export interface VirtualMachineDisk {
  readonly name: string;
  /** Data disks only: the logical unit number. */
  readonly lun?: number;
  /** Present for a managed disk: its ARM id and the disk encryption set the VM asked for, if any. */
  readonly managedDisk?: { readonly id?: string; readonly diskEncryptionSetId?: string };
  /** Present for an unmanaged disk: the page blob holding the VHD. */
  readonly vhdUri?: string;
}

/** `Microsoft.Compute/virtualMachines/extensions`. */
export interface VirtualMachineExtension {
  readonly id: string;
  readonly name: string;
  /** e.g. `Microsoft.Azure.Monitor`. */
  readonly publisher: string;
  /** The extension type (ARM's `properties.type`), e.g. `AzureMonitorLinuxAgent`. */
  readonly type: string;
  readonly typeHandlerVersion?: string;
  /** `Succeeded` once installed. */
  readonly provisioningState?: string;
}

/** `Microsoft.Compute/virtualMachines`. */
export interface VirtualMachine {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags: Tags;
  readonly vmSize?: string;
  /** From the OS disk: `Windows` or `Linux`. */
  readonly osType?: string;
  readonly storageProfile: {
    readonly osDisk: VirtualMachineDisk;
    readonly dataDisks: readonly VirtualMachineDisk[];
  };
  /** Absent on VMs created without one (ARM omits it for `Standard` VMs of older API versions). */
  readonly securityProfile?: {
    /** `TrustedLaunch`, `ConfidentialVM` or `Standard` (also meant by an absent value). */
    readonly securityType?: string;
    readonly uefiSettings?: { readonly secureBootEnabled?: boolean; readonly vTpmEnabled?: boolean };
    readonly encryptionAtHost?: boolean;
  };
  /**
   * Absent for a VM created from a specialized disk (Azure never provisioned its OS). For Linux,
   * `linuxConfiguration` says whether password sign-in is disabled.
   */
  readonly osProfile?: {
    readonly computerName?: string;
    readonly linuxConfiguration?: { readonly disablePasswordAuthentication?: boolean; readonly sshPublicKeyCount: number };
  };
  /** The VM's extensions (`virtualMachines/{name}/extensions`). */
  readonly extensions: Fetched<readonly VirtualMachineExtension[]>;
}

/** `Microsoft.Compute/disks`. */
export interface ManagedDisk {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags: Tags;
  /** The VM the disk is attached to; absent for an unattached disk. */
  readonly managedBy?: string;
  /** `Attached`, `Unattached`, `Reserved` (VM deallocated), `ActiveSAS`, `ReadyToUpload`, … */
  readonly diskState?: string;
  readonly osType?: string;
  readonly diskSizeGB?: number;
  /**
   * Server-side encryption: `EncryptionAtRestWithPlatformKey` (the default),
   * `EncryptionAtRestWithCustomerKey` or `EncryptionAtRestWithPlatformAndCustomerKeys`, with the
   * disk encryption set holding the customer key.
   */
  readonly encryption: { readonly type?: string; readonly diskEncryptionSetId?: string };
  /** Import and export over SAS: `AllowAll` (the default), `AllowPrivate` (through a disk access) or `DenyAll`. */
  readonly networkAccessPolicy?: string;
  /** `Disabled` forbids export over the public internet even under `AllowAll`. */
  readonly publicNetworkAccess?: string;
  /** `AzureActiveDirectory` requires Entra ID authorization to export or upload the disk's data. */
  readonly dataAccessAuthMode?: string;
  readonly diskAccessId?: string;
}

/** Everything the compute checks read for one subscription; resources outside the scanned locations are left out. */
export interface ComputeData {
  readonly virtualMachines: Fetched<readonly VirtualMachine[]>;
  readonly disks: Fetched<readonly ManagedDisk[]>;
}
