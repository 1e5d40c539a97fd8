import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, ok, runAzureCheck, statuses, storageAccount, storageAccountId, storageScope, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './storage-container-soft-delete-enabled.ts';

const ID = storageAccountId('stdata');
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

describe(check.id, () => {
  it.each([
    ['enabled, 14 days', { blobService: ok({ containerDeleteRetentionPolicy: { enabled: true, days: 14 } }) }, 'PASS'],
    ['enabled, 1 day', { blobService: ok({ containerDeleteRetentionPolicy: { enabled: true, days: 1 } }) }, 'FAIL'],
    ['disabled', { blobService: ok({ containerDeleteRetentionPolicy: { enabled: false } }) }, 'FAIL'],
    ['blob soft delete only', { blobService: ok({ deleteRetentionPolicy: { enabled: true, days: 14 } }) }, 'FAIL'],
    ['denied', { blobService: denied('Microsoft.Storage/storageAccounts/blobServices/read', storageAccountId('stdata')) }, 'ERROR'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, storageScope(storageAccount({ name: 'stdata', ...overrides })));
    expect(statuses(results)).toEqual([[expected, ID]]);
  });

  it('does not evaluate an account without a blob service (FileStorage)', () => {
    expect(runAzureCheck(check, storageScope(storageAccount({ name: 'stdata', kind: 'FileStorage', blobService: undefined })))).toEqual([]);
  });

  it('reports ERROR on the subscription when storage accounts could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ storage: { accounts: denied('Microsoft.Storage/storageAccounts/read') } }));
    expect(statuses(results)).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports ERROR on the subscription when storage was not collected', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({})))).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports nothing for a subscription without storage accounts', () => {
    expect(runAzureCheck(check, storageScope())).toEqual([]);
  });
});
