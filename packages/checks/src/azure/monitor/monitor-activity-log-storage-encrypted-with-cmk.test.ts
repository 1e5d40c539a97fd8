import { describe, expect, it } from 'vitest';
import {
  MONITOR_SUBSCRIPTION_UID,
  activityLogStorageAccount,
  activityLogStorageAccountId,
  archivingDiagnosticSetting,
  denied,
  monitorData,
  monitorDiagnosticSetting,
  ok,
  runAzureCheck,
  statuses,
  subscriptionSnapshot,
} from '../../testing/azure/index.ts';
import check from './monitor-activity-log-storage-encrypted-with-cmk.ts';

const ACCOUNT = activityLogStorageAccountId();

function run(settings: Parameters<typeof monitorData>[0]) {
  return runAzureCheck(check, subscriptionSnapshot({ monitor: monitorData(settings) }));
}

describe(check.id, () => {
  it.each([
    ['customer-managed key', activityLogStorageAccount(), 'PASS'],
    ['Microsoft-managed key', activityLogStorageAccount({ keySource: 'Microsoft.Storage', keyVaultUri: undefined, keyName: undefined }), 'FAIL'],
  ] as const)('%s → %s', (_name, account, expected) => {
    expect(statuses(run({ diagnosticSettings: ok([archivingDiagnosticSetting(account)]) }))).toEqual([[expected, ACCOUNT]]);
  });

  it('reports an account shared by two settings once', () => {
    const account = activityLogStorageAccount();
    const results = run({ diagnosticSettings: ok([archivingDiagnosticSetting(account), archivingDiagnosticSetting(account, { name: 'second' })]) });
    expect(statuses(results)).toEqual([['PASS', ACCOUNT]]);
  });

  it('reports nothing without an archive account, or when the account no longer exists', () => {
    expect(run({ diagnosticSettings: ok([monitorDiagnosticSetting()]) })).toEqual([]);
    expect(run({ diagnosticSettings: ok([]) })).toEqual([]);
    expect(run({ diagnosticSettings: ok([monitorDiagnosticSetting({ storageAccountId: ACCOUNT, storageAccount: ok(null) })]) })).toEqual([]);
  });

  it('reports ERROR on the account when it could not be read, on the subscription when the settings could not', () => {
    const deniedAccount = monitorDiagnosticSetting({ storageAccountId: ACCOUNT, storageAccount: denied('Microsoft.Storage/storageAccounts/read', ACCOUNT) });
    expect(statuses(run({ diagnosticSettings: ok([deniedAccount]) }))).toEqual([['ERROR', ACCOUNT]]);
    expect(statuses(run({ diagnosticSettings: denied('Microsoft.Insights/diagnosticSettings/read') }))).toEqual([['ERROR', MONITOR_SUBSCRIPTION_UID]]);
  });
});
