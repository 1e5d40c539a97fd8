import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armId, computeData, denied, managedDisk, ok, runAzureCheck, statuses, subscriptionSnapshot, unattachedDisk } from '../../testing/azure/index.ts';
import check from './compute-unattached-disks-encrypted-with-cmk.ts';

const DISK = armId('Microsoft.Compute/disks', 'disk-old');

describe(check.id, () => {
  it.each([
    ['customer-managed key', {}, 'PASS'],
    ['platform and customer keys', { encryption: { type: 'EncryptionAtRestWithPlatformAndCustomerKeys' } }, 'PASS'],
    ['platform-managed key', { encryption: { type: 'EncryptionAtRestWithPlatformKey' } }, 'FAIL'],
    ['ready to upload, platform key', { diskState: 'ReadyToUpload', encryption: { type: 'EncryptionAtRestWithPlatformKey' } }, 'FAIL'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ disks: ok([unattachedDisk({ name: 'disk-old', ...overrides })]) }) }));
    expect(statuses(results)).toEqual([[expected, DISK]]);
  });

  it('leaves attached disks to the OS and data disk check', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ disks: ok([managedDisk({ name: 'vm-app-osdisk', encryption: { type: 'EncryptionAtRestWithPlatformKey' } })]) }) }))).toEqual([]);
  });

  it('reports ERROR on the subscription when the disks could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ disks: denied('Microsoft.Compute/disks/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing without disks', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ compute: computeData() }))).toEqual([]);
  });
});
