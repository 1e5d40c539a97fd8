import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armId, computeData, denied, ok, runAzureCheck, statuses, subscriptionSnapshot, virtualMachine } from '../../testing/azure/index.ts';
import check from './compute-vm-linux-ssh-key-authentication.ts';

const VM = armId('Microsoft.Compute/virtualMachines', 'vm-app');
const run = (overrides: Parameters<typeof virtualMachine>[0]) => runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: ok([virtualMachine(overrides)]) }) }));

describe(check.id, () => {
  it.each([
    ['password authentication disabled', {}, 'PASS'],
    ['password authentication allowed', { osProfile: { computerName: 'vm-app', linuxConfiguration: { disablePasswordAuthentication: false, sshPublicKeyCount: 0 } } }, 'FAIL'],
    ['password authentication allowed next to a key', { osProfile: { computerName: 'vm-app', linuxConfiguration: { disablePasswordAuthentication: false, sshPublicKeyCount: 1 } } }, 'FAIL'],
    ['no Linux configuration reported', { osProfile: { computerName: 'vm-app' } }, 'FAIL'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    expect(statuses(run({ name: 'vm-app', ...overrides }))).toEqual([[expected, VM]]);
  });

  it('says nothing about Windows VMs or VMs without an OS profile', () => {
    expect(run({ name: 'vm-app', osType: 'Windows', osProfile: { computerName: 'vm-app' } })).toEqual([]);
    expect(run({ name: 'vm-app', osProfile: undefined })).toEqual([]);
  });

  it('reports ERROR on the subscription when the VMs could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: denied('Microsoft.Compute/virtualMachines/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing without VMs', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ compute: computeData() }))).toEqual([]);
  });
});
