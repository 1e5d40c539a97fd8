import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armId, computeData, denied, managedDisk, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './compute-disk-data-access-auth-mode-enabled.ts';

const DISK = armId('Microsoft.Compute/disks', 'disk-data');

describe(check.id, () => {
  it.each([
    ['AzureActiveDirectory', { dataAccessAuthMode: 'AzureActiveDirectory' }, 'PASS'],
    ['None', { dataAccessAuthMode: 'None' }, 'FAIL'],
    ['not set', { dataAccessAuthMode: undefined }, 'FAIL'],
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
