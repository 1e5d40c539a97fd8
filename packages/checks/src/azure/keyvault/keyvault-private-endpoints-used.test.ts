import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, keyVault, keyVaultId, keyVaultScope, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './keyvault-private-endpoints-used.ts';

const ID = keyVaultId('kv-app');
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

describe(check.id, () => {
  it.each([
    ['approved connection', { privateEndpointConnections: [{ id: `${keyVaultId('kv-app')}/privateEndpointConnections/pe-1`, status: 'Approved' }] }, 'PASS'],
    ['rejected connection only', { privateEndpointConnections: [{ id: `${keyVaultId('kv-app')}/privateEndpointConnections/pe-1`, status: 'Rejected' }] }, 'FAIL'],
    ['no connection', { privateEndpointConnections: [] }, 'FAIL'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, keyVaultScope([keyVault({ name: 'kv-app', ...overrides })]));
    expect(statuses(results)).toEqual([[expected, ID]]);
  });

  it('reports ERROR on the subscription when key vaults could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ keyvault: { vaults: denied('Microsoft.KeyVault/vaults/read'), managedHsms: ok([]) } }));
    expect(statuses(results)).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports ERROR on the subscription when keyvault was not collected', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({})))).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports nothing for a subscription without key vaults', () => {
    expect(runAzureCheck(check, keyVaultScope([]))).toEqual([]);
  });
});
