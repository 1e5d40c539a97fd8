import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armId, computeData, denied, ok, runAzureCheck, statuses, subscriptionSnapshot, virtualMachine } from '../../testing/azure/index.ts';
import check from './compute-vm-trusted-launch-enabled.ts';

const VM = armId('Microsoft.Compute/virtualMachines', 'vm-app');

describe(check.id, () => {
  it.each([
    ['Trusted Launch with Secure Boot and vTPM', {}, 'PASS'],
    ['confidential VM', { securityProfile: { securityType: 'ConfidentialVM', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } } }, 'PASS'],
    ['no security profile (Standard)', { securityProfile: undefined }, 'FAIL'],
    ['Standard', { securityProfile: { securityType: 'Standard' } }, 'FAIL'],
    ['Trusted Launch without Secure Boot', { securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: false, vTpmEnabled: true } } }, 'FAIL'],
    ['Trusted Launch without UEFI settings', { securityProfile: { securityType: 'TrustedLaunch' } }, 'FAIL'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: ok([virtualMachine({ name: 'vm-app', ...overrides })]) }) }));
    expect(statuses(results)).toEqual([[expected, VM]]);
  });

  it('names what is disabled', () => {
    const machine = virtualMachine({ name: 'vm-app', securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: false, vTpmEnabled: false } } });
    const [result] = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: ok([machine]) }) }));
    expect(result?.message).toContain('Secure Boot and vTPM are disabled');
  });

  it('reports ERROR on the subscription when the VMs could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ virtualMachines: denied('Microsoft.Compute/virtualMachines/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing without VMs', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ compute: computeData() }))).toEqual([]);
  });
});
