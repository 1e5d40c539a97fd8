import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, storageDiagnosticSetting, denied, ok, runAzureCheck, statuses, storageAccount, storageAccountId, storageScope, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './storage-queue-logging-enabled.ts';

const ID = storageAccountId('stdata');
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

describe(check.id, () => {
  it.each([
    ['read, write and delete to a workspace', { diagnosticSettings: { queue: ok([storageDiagnosticSetting()]) } }, 'PASS'],
    ['allLogs group to a storage account', { diagnosticSettings: { queue: ok([storageDiagnosticSetting({ workspaceId: undefined, storageAccountId: storageAccountId('stlogs'), logs: [{ categoryGroup: 'allLogs', enabled: true }] })]) } }, 'PASS'],
    ['write and delete only', { diagnosticSettings: { queue: ok([storageDiagnosticSetting({ logs: [{ category: 'StorageWrite', enabled: true }, { category: 'StorageDelete', enabled: true }] })]) } }, 'FAIL'],
    ['read disabled', { diagnosticSettings: { queue: ok([storageDiagnosticSetting({ logs: [{ category: 'StorageRead', enabled: false }, { category: 'StorageWrite', enabled: true }, { category: 'StorageDelete', enabled: true }] })]) } }, 'FAIL'],
    ['audit group only', { diagnosticSettings: { queue: ok([storageDiagnosticSetting({ logs: [{ categoryGroup: 'audit', enabled: true }] })]) } }, 'FAIL'],
    ['no destination', { diagnosticSettings: { queue: ok([storageDiagnosticSetting({ workspaceId: undefined })]) } }, 'FAIL'],
    ['no diagnostic setting', { diagnosticSettings: { queue: ok([]) } }, 'FAIL'],
    ['denied', { diagnosticSettings: { queue: denied('Microsoft.Insights/diagnosticSettings/read', storageAccountId('stdata')) } }, 'ERROR'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, storageScope(storageAccount({ name: 'stdata', ...overrides })));
    expect(statuses(results)).toEqual([[expected, ID]]);
  });

  it('does not evaluate an account without a queue service (BlockBlobStorage)', () => {
    expect(runAzureCheck(check, storageScope(storageAccount({ name: 'stdata', kind: 'BlockBlobStorage', diagnosticSettings: {} })))).toEqual([]);
  });

  it('says what each setting misses', () => {
    const partial = storageDiagnosticSetting({ name: 'writes-only', logs: [{ category: 'StorageWrite', enabled: true }] });
    const [result] = runAzureCheck(check, storageScope(storageAccount({ name: 'stdata', diagnosticSettings: { queue: ok([partial]) } })));
    expect(result?.message).toContain('writes-only: missing StorageRead, StorageDelete');
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
