import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, cosmosDbAccount, cosmosDbAccountId, cosmosDbSnapshot, denied, runAzureCheck, statuses } from '../../testing/azure/index.ts';
import check from './cosmosdb-account-private-endpoint.ts';

const ACCOUNT = cosmosDbAccountId('cosmos-catalog');

describe(check.id, () => {
  const connection = (status: string) => ({ id: `${ACCOUNT}/privateEndpointConnections/pe-1`, privateEndpointId: '/subscriptions/x/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/pe-1', status });

  it.each([
    ['approved connection', [connection('Approved')], 'PASS'],
    ['approved among pending', [connection('Pending'), connection('Approved')], 'PASS'],
    ['pending only', [connection('Pending')], 'FAIL'],
    ['rejected only', [connection('Rejected')], 'FAIL'],
    ['no connection', [], 'FAIL'],
  ] as const)('%s → %s', (_name, privateEndpointConnections, expected) => {
    expect(statuses(runAzureCheck(check, cosmosDbSnapshot([cosmosDbAccount({ name: 'cosmos-catalog', privateEndpointConnections })])))).toEqual([[expected, ACCOUNT]]);
  });

  it('reports ERROR on the subscription when accounts could not be listed, nothing without accounts', () => {
    expect(statuses(runAzureCheck(check, cosmosDbSnapshot(denied('Microsoft.DocumentDB/databaseAccounts/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, cosmosDbSnapshot([]))).toEqual([]);
  });
});
