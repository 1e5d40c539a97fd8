import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armId, computeData, denied, ok, runAzureCheck, statuses, subscriptionSnapshot, virtualMachine } from '../../testing/azure/index.ts';
import check from './compute-vm-encryption-at-host-enabled.ts';

const VM = armId('Microsoft.Compute/virtualMachines', 'vm-app');

describe(check.id, () => {
  it.each([
    ['enabled', {}, 'PASS'],
    ['disabled', { securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, encryptionAtHost: false } }, 'FAIL'],
    ['not set', { securityProfile: { securityType: 'TrustedLaunch' } }, 'FAIL'],
    ['no security profile', { securityProfile: undefined }, 'FAIL'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: ok([virtualMachine({ name: 'vm-app', ...overrides })]) }) }));
    expect(statuses(results)).toEqual([[expected, VM]]);
  });

  it('reports ERROR on the subscription when the VMs could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: denied('Microsoft.Compute/virtualMachines/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing without VMs', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ compute: computeData() }))).toEqual([]);
  });
});
