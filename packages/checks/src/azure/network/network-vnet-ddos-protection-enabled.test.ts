import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armId, denied, networkData, ok, runAzureCheck, statuses, subscriptionSnapshot, virtualNetwork } from '../../testing/azure/index.ts';
import check from './network-vnet-ddos-protection-enabled.ts';

const VNET = armId('Microsoft.Network/virtualNetworks', 'vnet-prod');
const PLAN = armId('Microsoft.Network/ddosProtectionPlans', 'ddos-plan', 'rg-hub');

describe(check.id, () => {
  it.each([
    ['enabled with a plan', { enableDdosProtection: true, ddosProtectionPlanId: PLAN }, 'PASS'],
    ['not enabled', {}, 'FAIL'],
    ['a plan linked but protection off', { enableDdosProtection: false, ddosProtectionPlanId: PLAN }, 'FAIL'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ virtualNetworks: ok([virtualNetwork({ name: 'vnet-prod', ...overrides })]) }) }));
    expect(statuses(results)).toEqual([[expected, VNET]]);
  });

  it('reports ERROR on the subscription when the networks could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ virtualNetworks: denied('Microsoft.Network/virtualNetworks/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing without virtual networks', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ network: networkData() }))).toEqual([]);
  });
});
