import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, cosmosDbAccount, cosmosDbAccountId, cosmosDbSnapshot, denied, runAzureCheck, statuses } from '../../testing/azure/index.ts';
import check from './cosmosdb-account-key-based-metadata-write-disabled.ts';

const ACCOUNT = cosmosDbAccountId('cosmos-catalog');

describe(check.id, () => {
  it.each([
    ['metadata writes with keys blocked', true, 'PASS'],
    ['metadata writes with keys allowed', false, 'FAIL'],
  ] as const)('%s → %s', (_name, disableKeyBasedMetadataWriteAccess, expected) => {
    expect(statuses(runAzureCheck(check, cosmosDbSnapshot([cosmosDbAccount({ name: 'cosmos-catalog', disableKeyBasedMetadataWriteAccess })])))).toEqual([[expected, ACCOUNT]]);
  });

  it('reports ERROR on the subscription when accounts could not be listed, nothing without accounts', () => {
    expect(statuses(runAzureCheck(check, cosmosDbSnapshot(denied('Microsoft.DocumentDB/databaseAccounts/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, cosmosDbSnapshot([]))).toEqual([]);
  });
});
