import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, runAzureCheck, statuses, storageAccount, storageAccountId, storageScope, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './storage-key-rotation-reminders-enabled.ts';

const ID = storageAccountId('stdata');
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

describe(check.id, () => {
  it.each([
    ['reminder every 90 days', { allowSharedKeyAccess: true, keyPolicy: { keyExpirationPeriodInDays: 90 } }, 'PASS'],
    ['reminder every 30 days', { allowSharedKeyAccess: true, keyPolicy: { keyExpirationPeriodInDays: 30 } }, 'PASS'],
    ['reminder every 365 days', { allowSharedKeyAccess: true, keyPolicy: { keyExpirationPeriodInDays: 365 } }, 'FAIL'],
    ['no reminder', { allowSharedKeyAccess: true, keyPolicy: undefined }, 'FAIL'],
    ['no reminder, Shared Key unset (allowed)', { allowSharedKeyAccess: undefined, keyPolicy: undefined }, 'FAIL'],
    ['no reminder, Shared Key disallowed', { allowSharedKeyAccess: false, keyPolicy: undefined }, 'PASS'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, storageScope(storageAccount({ name: 'stdata', ...overrides })));
    expect(statuses(results)).toEqual([[expected, ID]]);
  });

  it('reads the maximum from the check config', () => {
    const account = storageAccount({ name: 'stdata', allowSharedKeyAccess: true, keyPolicy: { keyExpirationPeriodInDays: 90 } });
    expect(statuses(runAzureCheck(check, storageScope(account), { maxAccessKeyAgeDays: 60 }))).toEqual([['FAIL', ID]]);
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
