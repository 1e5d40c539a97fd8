import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, runAzureCheck, statuses, storageAccount, storageAccountId, storageScope, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './storage-minimum-tls-version-1-2.ts';

const ID = storageAccountId('stdata');
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

describe(check.id, () => {
  it.each([
    ['TLS 1.2', { minimumTlsVersion: 'TLS1_2' }, 'PASS'],
    ['TLS 1.3', { minimumTlsVersion: 'TLS1_3' }, 'PASS'],
    ['TLS 1.1', { minimumTlsVersion: 'TLS1_1' }, 'FAIL'],
    ['TLS 1.0', { minimumTlsVersion: 'TLS1_0' }, 'FAIL'],
    ['unset (TLS 1.0 accepted)', { minimumTlsVersion: undefined }, 'FAIL'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, storageScope(storageAccount({ name: 'stdata', ...overrides })));
    expect(statuses(results)).toEqual([[expected, ID]]);
  });

  it('names the accepted version', () => {
    const [result] = runAzureCheck(check, storageScope(storageAccount({ name: 'stdata', minimumTlsVersion: 'TLS1_0' })));
    expect(result?.message).toContain('TLS1_0');
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
