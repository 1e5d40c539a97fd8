import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, cosmosDbAccount, cosmosDbAccountId, cosmosDbSnapshot, denied, runAzureCheck, statuses } from '../../testing/azure/index.ts';
import check from './cosmosdb-account-network-access-restricted.ts';

const ACCOUNT = cosmosDbAccountId('cosmos-catalog');

describe(check.id, () => {
  it.each([
    ['public access disabled', { publicNetworkAccess: 'Disabled' }, 'PASS'],
    ['secured by perimeter', { publicNetworkAccess: 'SecuredByPerimeter' }, 'PASS'],
    ['virtual network rules', { publicNetworkAccess: 'Enabled', isVirtualNetworkFilterEnabled: true, virtualNetworkRules: ['/subscriptions/x/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/app'] }, 'PASS'],
    ['an office address', { publicNetworkAccess: 'Enabled', ipRules: [{ ipAddressOrRange: '203.0.113.10' }] }, 'PASS'],
    ['a /24', { publicNetworkAccess: 'Enabled', ipRules: [{ ipAddressOrRange: '198.51.100.0/24' }] }, 'PASS'],
    ['all networks', { publicNetworkAccess: 'Enabled', isVirtualNetworkFilterEnabled: false, ipRules: [] }, 'FAIL'],
    ['any Azure datacenter', { publicNetworkAccess: 'Enabled', ipRules: [{ ipAddressOrRange: '0.0.0.0' }, { ipAddressOrRange: '203.0.113.10' }] }, 'FAIL'],
    ['a /8', { publicNetworkAccess: 'Enabled', ipRules: [{ ipAddressOrRange: '10.0.0.0/8' }] }, 'FAIL'],
    ['0.0.0.0/0', { publicNetworkAccess: 'Enabled', isVirtualNetworkFilterEnabled: true, ipRules: [{ ipAddressOrRange: '0.0.0.0/0' }] }, 'FAIL'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    expect(statuses(runAzureCheck(check, cosmosDbSnapshot([cosmosDbAccount({ name: 'cosmos-catalog', ...overrides })])))).toEqual([[expected, ACCOUNT]]);
  });

  it('names the Azure datacenter rule', () => {
    const account = cosmosDbAccount({ name: 'cosmos-catalog', publicNetworkAccess: 'Enabled', ipRules: [{ ipAddressOrRange: '0.0.0.0' }] });
    expect(runAzureCheck(check, cosmosDbSnapshot([account]))[0]?.message).toContain('every public Azure datacenter');
  });

  it('reports ERROR on the subscription when accounts could not be listed, nothing without accounts', () => {
    expect(statuses(runAzureCheck(check, cosmosDbSnapshot(denied('Microsoft.DocumentDB/databaseAccounts/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, cosmosDbSnapshot([]))).toEqual([]);
  });
});
