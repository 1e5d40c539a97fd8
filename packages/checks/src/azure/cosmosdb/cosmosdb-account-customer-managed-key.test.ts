import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, cosmosDbAccount, cosmosDbAccountId, cosmosDbSnapshot, denied, runAzureCheck, statuses } from '../../testing/azure/index.ts';
import check from './cosmosdb-account-customer-managed-key.ts';

const ACCOUNT = cosmosDbAccountId('cosmos-catalog');

describe(check.id, () => {
  it.each([
    ['Key Vault key', 'https://kv-data.vault.azure.net/keys/cosmos-cmk', 'PASS'],
    ['service-managed keys', undefined, 'FAIL'],
  ] as const)('%s → %s', (_name, keyVaultKeyUri, expected) => {
    expect(statuses(runAzureCheck(check, cosmosDbSnapshot([cosmosDbAccount({ name: 'cosmos-catalog', keyVaultKeyUri })])))).toEqual([[expected, ACCOUNT]]);
  });

  it('reports ERROR on the subscription when accounts could not be listed, nothing without accounts', () => {
    expect(statuses(runAzureCheck(check, cosmosDbSnapshot(denied('Microsoft.DocumentDB/databaseAccounts/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, cosmosDbSnapshot([]))).toEqual([]);
  });
});
