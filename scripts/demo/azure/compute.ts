/**
 * Demo compute: production runs Trusted Launch VMs with encryption at host, customer-managed disk
 * keys, private disks, Defender for Endpoint and the Azure Monitor Agent (one Windows VM still
 * lacks encryption at host); development has a password-enabled Linux VM on Standard security,
 * a legacy VM on unmanaged disks with the retired Log Analytics agent, and leftover public disks.
 */
import type { Fetched } from '@palisade/core';
import type { ComputeData, ManagedDisk, VirtualMachine, VirtualMachineExtension } from '@palisade/core/azure';
import type { DemoSubscription } from './types.ts';

const ok = <T>(value: T): Fetched<T> => ({ value });

export function demoCompute(subscription: DemoSubscription): ComputeData {
  const { subscriptionId, index } = subscription;
  const [primary = 'eastus', secondary = 'westeurope'] = subscription.locations;
  const env = index === 0 ? 'prod' : 'dev';
  const id = (group: string, type: string, name: string) => `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.Compute/${type}/${name}`;
  const group = `rg-${env}-compute`;
  const vmId = (name: string) => id(group, 'virtualMachines', name);
  const diskId = (name: string) => id(group, 'disks', name);
  const encryptionSet = id('rg-prod-security', 'diskEncryptionSets', 'des-prod-cmk');
  const tags = { env, owner: index === 0 ? 'platform' : 'dev-team' };

  const extension = (vm: string, name: string, publisher: string, type: string, version: string, provisioningState = 'Succeeded'): VirtualMachineExtension => ({
    id: `${vmId(vm)}/extensions/${name}`,
    name,
    publisher,
    type,
    typeHandlerVersion: version,
    provisioningState,
  });
  const machine = (name: string, location: string, osType: 'Linux' | 'Windows', overrides: Partial<VirtualMachine>): VirtualMachine => ({
    id: vmId(name),
    name,
    location,
    tags,
    vmSize: 'Standard_D4s_v5',
    osType,
    storageProfile: {
      osDisk: { name: `${name}-osdisk`, managedDisk: { id: diskId(`${name}-osdisk`), ...(index === 0 ? { diskEncryptionSetId: encryptionSet } : {}) } },
      dataDisks: [{ name: `${name}-data0`, lun: 0, managedDisk: { id: diskId(`${name}-data0`), ...(index === 0 ? { diskEncryptionSetId: encryptionSet } : {}) } }],
    },
    securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, encryptionAtHost: true },
    osProfile: { computerName: name, ...(osType === 'Linux' ? { linuxConfiguration: { disablePasswordAuthentication: true, sshPublicKeyCount: 1 } } : {}) },
    extensions: ok([]),
    ...overrides,
  });
  const disk = (name: string, location: string, overrides: Partial<ManagedDisk>): ManagedDisk => ({
    id: diskId(name),
    name,
    location,
    tags,
    diskState: 'Attached',
    diskSizeGB: 128,
    encryption: { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: encryptionSet },
    networkAccessPolicy: 'DenyAll',
    publicNetworkAccess: 'Disabled',
    dataAccessAuthMode: 'AzureActiveDirectory',
    ...overrides,
  });

  if (index === 0) {
    const web = 'vm-prod-web-01';
    const sql = 'vm-prod-sql-01';
    const machines = [
      machine(web, primary, 'Linux', {
        extensions: ok([
          extension(web, 'AzureMonitorLinuxAgent', 'Microsoft.Azure.Monitor', 'AzureMonitorLinuxAgent', '1.33'),
          extension(web, 'MDE.Linux', 'Microsoft.Azure.AzureDefenderForServers', 'MDE.Linux', '1.0'),
        ]),
      }),
      machine(sql, secondary, 'Windows', {
        vmSize: 'Standard_E8s_v5',
        // The SQL VM's size family was chosen before encryption at host was supported for it.
        securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, encryptionAtHost: false },
        extensions: ok([
          extension(sql, 'AzureMonitorWindowsAgent', 'Microsoft.Azure.Monitor', 'AzureMonitorWindowsAgent', '1.30'),
          extension(sql, 'MDE.Windows', 'Microsoft.Azure.AzureDefenderForServers', 'MDE.Windows', '1.0'),
          extension(sql, 'SqlIaasExtension', 'Microsoft.SqlServer.Management', 'SqlIaaSAgent', '2.0'),
        ]),
      }),
    ];
    const disks = [
      disk(`${web}-osdisk`, primary, { managedBy: vmId(web), osType: 'Linux', diskSizeGB: 64 }),
      disk(`${web}-data0`, primary, { managedBy: vmId(web) }),
      disk(`${sql}-osdisk`, secondary, { managedBy: vmId(sql), osType: 'Windows' }),
      disk(`${sql}-data0`, secondary, { managedBy: vmId(sql), diskSizeGB: 1024 }),
      // Kept after a migration for rollback; still customer-key encrypted and private.
      disk('disk-prod-sql-archive', secondary, { diskState: 'Unattached', diskSizeGB: 512 }),
    ];
    return { virtualMachines: ok(machines), disks: ok(disks) };
  }

  const build = 'vm-dev-build-01';
  const legacy = 'vm-dev-legacy-01';
  const platformKey = { type: 'EncryptionAtRestWithPlatformKey' };
  const machines = [
    machine(build, primary, 'Linux', {
      securityProfile: { securityType: 'Standard' },
      osProfile: { computerName: build, linuxConfiguration: { disablePasswordAuthentication: false, sshPublicKeyCount: 0 } },
      extensions: ok([
        extension(build, 'OmsAgentForLinux', 'Microsoft.EnterpriseCloud.Monitoring', 'OmsAgentForLinux', '1.19'),
        extension(build, 'CustomScript', 'Microsoft.Azure.Extensions', 'CustomScript', '2.1'),
      ]),
    }),
    machine(legacy, secondary, 'Windows', {
      vmSize: 'Standard_A2_v2',
      storageProfile: { osDisk: { name: `${legacy}-os`, vhdUri: `https://stdev${subscriptionId.replace(/-/g, '').slice(0, 6).toLowerCase()}legacy.blob.core.windows.net/vhds/${legacy}-os.vhd` }, dataDisks: [] },
      securityProfile: undefined,
      extensions: ok([
        extension(legacy, 'MicrosoftMonitoringAgent', 'Microsoft.EnterpriseCloud.Monitoring', 'MicrosoftMonitoringAgent', '1.0'),
        extension(legacy, 'IaaSAntimalware', 'Microsoft.Azure.Security', 'IaaSAntimalware', '1.3', 'Failed'),
      ]),
    }),
  ];
  const disks = [
    disk(`${build}-osdisk`, primary, { managedBy: vmId(build), osType: 'Linux', encryption: platformKey, networkAccessPolicy: 'AllowAll', publicNetworkAccess: 'Enabled', dataAccessAuthMode: 'None' }),
    disk(`${build}-data0`, primary, { managedBy: vmId(build), encryption: platformKey, networkAccessPolicy: 'AllowAll', publicNetworkAccess: 'Enabled', dataAccessAuthMode: 'None' }),
    disk('disk-dev-old-db', secondary, { diskState: 'Unattached', encryption: platformKey, networkAccessPolicy: 'AllowAll', publicNetworkAccess: 'Enabled', dataAccessAuthMode: 'None', diskSizeGB: 256 }),
  ];
  return { virtualMachines: ok(machines), disks: ok(disks) };
}
