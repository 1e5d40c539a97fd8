import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, daysAgo, denied, runAzureCheck, statuses, storageAccount, storageAccountId, storageScope, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './storage-access-keys-rotated.ts';

const ID = storageAccountId('stdata');
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

describe(check.id, () => {
  it.each([
    ['both keys 30 days old', { allowSharedKeyAccess: true, keyCreationTime: { key1: daysAgo(30), key2: daysAgo(10) } }, 'PASS'],
    ['key2 120 days old', { allowSharedKeyAccess: true, keyCreationTime: { key1: daysAgo(30), key2: daysAgo(120) } }, 'FAIL'],
    ['no recorded creation time', { allowSharedKeyAccess: true, keyCreationTime: {} }, 'FAIL'],
    ['no keyCreationTime at all', { allowSharedKeyAccess: undefined, keyCreationTime: undefined }, 'FAIL'],
    ['old keys, Shared Key disallowed', { allowSharedKeyAccess: false, keyCreationTime: { key1: daysAgo(900), key2: daysAgo(900) } }, 'PASS'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, storageScope(storageAccount({ name: 'stdata', ...overrides })));
    expect(statuses(results)).toEqual([[expected, ID]]);
  });

  it('names each stale key and its age', () => {
    const account = storageAccount({ name: 'stdata', allowSharedKeyAccess: true, keyCreationTime: { key1: daysAgo(120) } });
    const [result] = runAzureCheck(check, storageScope(account));
    expect(result?.message).toContain('key1 is 120 days old');
    expect(result?.message).toContain('key2 has no recorded creation time');
  });

  it('reads the maximum age from the check config', () => {
    const account = storageAccount({ name: 'stdata', allowSharedKeyAccess: true, keyCreationTime: { key1: daysAgo(45), key2: daysAgo(45) } });
    expect(statuses(runAzureCheck(check, storageScope(account), { maxAccessKeyAgeDays: 30 }))).toEqual([['FAIL', ID]]);
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
