import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armId, computeData, denied, ok, runAzureCheck, statuses, subscriptionSnapshot, virtualMachine } from '../../testing/azure/index.ts';
import check from './compute-vm-managed-disks.ts';

const VM = armId('Microsoft.Compute/virtualMachines', 'vm-app');
const VHD = 'https://stlegacyvhds.blob.core.windows.net/vhds/vm-app-data1.vhd';

describe(check.id, () => {
  it.each([
    ['managed OS and data disks', {}, 'PASS'],
    ['no data disks', { storageProfile: { osDisk: { name: 'os', managedDisk: { id: armId('Microsoft.Compute/disks', 'os') } }, dataDisks: [] } }, 'PASS'],
    ['unmanaged OS disk', { storageProfile: { osDisk: { name: 'os', vhdUri: 'https://stlegacyvhds.blob.core.windows.net/vhds/os.vhd' }, dataDisks: [] } }, 'FAIL'],
    [
      'one unmanaged data disk',
      { storageProfile: { osDisk: { name: 'os', managedDisk: { id: armId('Microsoft.Compute/disks', 'os') } }, dataDisks: [{ name: 'data1', lun: 1, vhdUri: VHD }] } },
      'FAIL',
    ],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: ok([virtualMachine({ name: 'vm-app', ...overrides })]) }) }));
    expect(statuses(results)).toEqual([[expected, VM]]);
  });

  it('names the unmanaged disk and its blob', () => {
    const machine = virtualMachine({ name: 'vm-app', storageProfile: { osDisk: { name: 'os', managedDisk: {} }, dataDisks: [{ name: 'data1', vhdUri: VHD }] } });
    const [result] = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: ok([machine]) }) }));
    expect(result?.message).toContain(`data1 (${VHD})`);
  });

  it('reports ERROR on the subscription when the VMs could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: denied('Microsoft.Compute/virtualMachines/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports ERROR when compute was not collected, and nothing without VMs', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({})))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, subscriptionSnapshot({ compute: computeData() }))).toEqual([]);
  });
});
