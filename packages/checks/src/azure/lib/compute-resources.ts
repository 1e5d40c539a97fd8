/**
 * Virtual machine and disk helpers for the compute checks: resources for findings, what counts as
 * a customer-managed key, and which VM extensions are endpoint protection or monitoring agents.
 */
import type { ResourceRef } from '@palisade/core';
import { armResource } from '@palisade/core/azure';
import type { ManagedDisk, VirtualMachine, VirtualMachineExtension } from '@palisade/core/azure';

export function virtualMachineResource(machine: VirtualMachine): ResourceRef {
  return armResource(machine.id, 'Microsoft.Compute/virtualMachines', machine.name, machine.location, machine.tags);
}

export function diskResource(disk: ManagedDisk): ResourceRef {
  return armResource(disk.id, 'Microsoft.Compute/disks', disk.name, disk.location, disk.tags);
}

/** Server-side encryption types that use a customer-managed key (alone or on top of the platform key). */
export const CUSTOMER_KEY_ENCRYPTION_TYPES: readonly string[] = ['EncryptionAtRestWithCustomerKey', 'EncryptionAtRestWithPlatformAndCustomerKeys'];

export function isEncryptedWithCustomerKey(disk: ManagedDisk): boolean {
  return disk.encryption.type !== undefined && CUSTOMER_KEY_ENCRYPTION_TYPES.includes(disk.encryption.type);
}

/** A disk attached to a VM (including a deallocated one: state `Reserved`); the others are unattached. */
export function isAttached(disk: ManagedDisk): boolean {
  return disk.managedBy !== undefined && disk.managedBy !== '';
}

export function describeEncryption(disk: ManagedDisk): string {
  switch (disk.encryption.type) {
    case 'EncryptionAtRestWithPlatformKey':
      return 'a platform-managed key';
    case 'EncryptionAtRestWithCustomerKey':
      return 'a customer-managed key';
    case 'EncryptionAtRestWithPlatformAndCustomerKeys':
      return 'platform-managed and customer-managed keys (double encryption)';
    case undefined:
      return 'the default platform-managed key';
    default:
      return disk.encryption.type;
  }
}

const lower = (value: string) => value.toLowerCase();

/**
 * Endpoint protection delivered as a VM extension: Microsoft Defender for Endpoint, Microsoft
 * Antimalware, and the third-party agents Defender for Cloud recognises (Trend Micro, Symantec,
 * McAfee/Trellix and others), matched on the extension type.
 */
const ENDPOINT_PROTECTION_TYPES: readonly RegExp[] = [
  /^mde\.(windows|linux)$/,
  /^iaasantimalware$/,
  /antimalware/,
  /^trendmicrodsa/,
  /endpointsecurity/,
  /endpointprotection/,
  /^scwpagent/,
  /^portalprotectextension/,
  /^filesecurity/,
];

export function isEndpointProtection(extension: VirtualMachineExtension): boolean {
  return ENDPOINT_PROTECTION_TYPES.some((pattern) => pattern.test(lower(extension.type)));
}

/** The Azure Monitor Agent, which replaced the Log Analytics agent retired in August 2024. */
export function isAzureMonitorAgent(extension: VirtualMachineExtension): boolean {
  return lower(extension.publisher) === 'microsoft.azure.monitor' && /^azuremonitor(windows|linux)agent$/.test(lower(extension.type));
}

/** The retired Log Analytics agents (`MicrosoftMonitoringAgent`, `OmsAgentForLinux`). */
export function isLegacyLogAnalyticsAgent(extension: VirtualMachineExtension): boolean {
  return /^(microsoftmonitoringagent|omsagentforlinux)$/.test(lower(extension.type));
}

export function isInstalled(extension: VirtualMachineExtension): boolean {
  return extension.provisioningState === undefined || extension.provisioningState === 'Succeeded';
}

export function describeExtension(extension: VirtualMachineExtension): string {
  return `${extension.name} (${extension.publisher}.${extension.type}${extension.typeHandlerVersion ? ` ${extension.typeHandlerVersion}` : ''}${extension.provisioningState && extension.provisioningState !== 'Succeeded' ? `, ${extension.provisioningState}` : ''})`;
}
