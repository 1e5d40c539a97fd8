import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, cosmosDbAccount, cosmosDbAccountId, cosmosDbSnapshot, denied, runAzureCheck, statuses } from '../../testing/azure/index.ts';
import check from './cosmosdb-account-minimum-tls-1-2.ts';

const ACCOUNT = cosmosDbAccountId('cosmos-catalog');

describe(check.id, () => {
  it.each([
    ['Tls12', 'PASS'],
    ['Tls11', 'FAIL'],
    ['Tls', 'FAIL'],
  ] as const)('%s → %s', (minimalTlsVersion, expected) => {
    expect(statuses(runAzureCheck(check, cosmosDbSnapshot([cosmosDbAccount({ name: 'cosmos-catalog', minimalTlsVersion })])))).toEqual([[expected, ACCOUNT]]);
  });

  it('reports ERROR on the subscription when accounts could not be listed, nothing without accounts', () => {
    expect(statuses(runAzureCheck(check, cosmosDbSnapshot(denied('Microsoft.DocumentDB/databaseAccounts/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, cosmosDbSnapshot([]))).toEqual([]);
  });
});
