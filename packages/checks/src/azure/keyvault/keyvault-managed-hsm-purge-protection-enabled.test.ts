import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armId, denied, keyVault, keyVaultManagedHsm, keyVaultScope, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './keyvault-managed-hsm-purge-protection-enabled.ts';

const ID = armId('Microsoft.KeyVault/managedHSMs', 'hsm-payments');
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

describe(check.id, () => {
  it.each([
    ['enabled', true, 'PASS'],
    ['disabled', false, 'FAIL'],
    ['unset', undefined, 'FAIL'],
  ] as const)('%s → %s', (_name, enablePurgeProtection, expected) => {
    const results = runAzureCheck(check, keyVaultScope([], [keyVaultManagedHsm({ name: 'hsm-payments', enablePurgeProtection })]));
    expect(statuses(results)).toEqual([[expected, ID]]);
  });

  it('reports ERROR on the subscription when managed HSMs could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ keyvault: { vaults: ok([keyVault({ name: 'kv-app' })]), managedHsms: denied('Microsoft.KeyVault/managedHSMs/read') } }));
    expect(statuses(results)).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports ERROR on the subscription when keyvault was not collected', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({})))).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports nothing for a subscription without managed HSMs', () => {
    expect(runAzureCheck(check, keyVaultScope([keyVault({ name: 'kv-app' })]))).toEqual([]);
  });
});
