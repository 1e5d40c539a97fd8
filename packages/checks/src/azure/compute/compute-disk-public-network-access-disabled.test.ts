import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armId, computeData, denied, managedDisk, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './compute-disk-public-network-access-disabled.ts';

const DISK = armId('Microsoft.Compute/disks', 'disk-data');

describe(check.id, () => {
  it.each([
    ['DenyAll, public access disabled', {}, 'PASS'],
    ['AllowPrivate through a disk access', { networkAccessPolicy: 'AllowPrivate', diskAccessId: armId('Microsoft.Compute/diskAccesses', 'da-prod') }, 'PASS'],
    ['AllowAll but public network access disabled', { networkAccessPolicy: 'AllowAll', publicNetworkAccess: 'Disabled' }, 'PASS'],
    ['AllowAll, public access enabled', { networkAccessPolicy: 'AllowAll', publicNetworkAccess: 'Enabled' }, 'FAIL'],
    ['the defaults (neither property set)', { networkAccessPolicy: undefined, publicNetworkAccess: undefined }, 'FAIL'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ disks: ok([managedDisk({ name: 'disk-data', ...overrides })]) }) }));
    expect(statuses(results)).toEqual([[expected, DISK]]);
  });

  it('reports ERROR on the subscription when the disks could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ compute: computeData({ disks: denied('Microsoft.Compute/disks/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing without disks', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ compute: computeData() }))).toEqual([]);
  });
});
