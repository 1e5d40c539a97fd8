import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armId, computeData, denied, managedDisk, ok, runAzureCheck, statuses, subscriptionSnapshot, unattachedDisk } from '../../testing/azure/index.ts';
import check from './compute-os-and-data-disks-encrypted-with-cmk.ts';

const DISK = armId('Microsoft.Compute/disks', 'vm-app-osdisk');

describe(check.id, () => {
  it.each([
    ['customer-managed key', {}, 'PASS'],
    ['platform and customer keys', { encryption: { type: 'EncryptionAtRestWithPlatformAndCustomerKeys', diskEncryptionSetId: armId('Microsoft.Compute/diskEncryptionSets', 'des-double') } }, 'PASS'],
    ['attached to a deallocated VM', { diskState: 'Reserved' }, 'PASS'],
    ['platform-managed key', { encryption: { type: 'EncryptionAtRestWithPlatformKey' } }, 'FAIL'],
    ['no encryption type reported', { encryption: {} }, 'FAIL'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ disks: ok([managedDisk({ name: 'vm-app-osdisk', ...overrides })]) }) }));
    expect(statuses(results)).toEqual([[expected, DISK]]);
  });

  it('names the VM and the key type', () => {
    const [result] = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ disks: ok([managedDisk({ name: 'vm-app-osdisk', encryption: { type: 'EncryptionAtRestWithPlatformKey' } })]) }) }));
    expect(result?.message).toBe('Disk vm-app-osdisk of VM vm-app is encrypted with a platform-managed key, not a customer-managed key.');
  });

  it('leaves unattached disks to the unattached-disk check', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ disks: ok([unattachedDisk({ name: 'old', encryption: { type: 'EncryptionAtRestWithPlatformKey' } })]) }) }))).toEqual([]);
  });

  it('reports ERROR on the subscription when the disks could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ disks: denied('Microsoft.Compute/disks/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing without disks', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ compute: computeData() }))).toEqual([]);
  });
});
