import { describe, expect, it } from 'vitest';
import {
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
import check from './monitor-activity-log-storage-not-public.ts';

const ACCOUNT = activityLogStorageAccountId();

describe(check.id, () => {
  it.each([
    ['account forbids anonymous access', activityLogStorageAccount({ activityLogContainer: ok({ publicAccess: 'Container' }) }), 'PASS'],
    ['account allows it, container private', activityLogStorageAccount({ allowBlobPublicAccess: true }), 'PASS'],
    ['setting absent on an old account, container private', activityLogStorageAccount({ allowBlobPublicAccess: undefined }), 'PASS'],
    ['container not created yet', activityLogStorageAccount({ allowBlobPublicAccess: true, activityLogContainer: ok(null) }), 'PASS'],
    ['container public (Container)', activityLogStorageAccount({ allowBlobPublicAccess: true, activityLogContainer: ok({ publicAccess: 'Container' }) }), 'FAIL'],
    ['container public (Blob)', activityLogStorageAccount({ allowBlobPublicAccess: undefined, activityLogContainer: ok({ publicAccess: 'Blob' }) }), 'FAIL'],
    ['container read denied', activityLogStorageAccount({ allowBlobPublicAccess: true, activityLogContainer: denied('Microsoft.Storage/storageAccounts/blobServices/containers/read', ACCOUNT) }), 'ERROR'],
  ] as const)('%s → %s', (_name, account, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ monitor: monitorData({ diagnosticSettings: ok([archivingDiagnosticSetting(account)]) }) }));
    expect(statuses(results)).toEqual([[expected, ACCOUNT]]);
  });

  it('reports nothing when the activity log is not archived to storage', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ monitor: monitorData({ diagnosticSettings: ok([monitorDiagnosticSetting()]) }) }))).toEqual([]);
  });

  it('reports ERROR on the account when it could not be read', () => {
    const setting = monitorDiagnosticSetting({ storageAccountId: ACCOUNT, storageAccount: denied('Microsoft.Storage/storageAccounts/read', ACCOUNT) });
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ monitor: monitorData({ diagnosticSettings: ok([setting]) }) })))).toEqual([['ERROR', ACCOUNT]]);
  });
});
