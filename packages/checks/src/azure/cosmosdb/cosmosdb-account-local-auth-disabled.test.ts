import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, cosmosDbAccount, cosmosDbAccountId, cosmosDbSnapshot, denied, runAzureCheck, statuses } from '../../testing/azure/index.ts';
import check from './cosmosdb-account-local-auth-disabled.ts';

const ACCOUNT = cosmosDbAccountId('cosmos-catalog');

describe(check.id, () => {
  it.each([
    ['keys disabled', true, 'PASS'],
    ['keys enabled', false, 'FAIL'],
  ] as const)('%s → %s', (_name, disableLocalAuth, expected) => {
    expect(statuses(runAzureCheck(check, cosmosDbSnapshot([cosmosDbAccount({ name: 'cosmos-catalog', disableLocalAuth })])))).toEqual([[expected, ACCOUNT]]);
  });

  it('reports ERROR on the subscription when accounts could not be listed, nothing without accounts', () => {
    expect(statuses(runAzureCheck(check, cosmosDbSnapshot(denied('Microsoft.DocumentDB/databaseAccounts/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, cosmosDbSnapshot([]))).toEqual([]);
  });
});
