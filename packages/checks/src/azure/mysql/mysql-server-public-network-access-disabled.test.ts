import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, mySqlServer, mySqlServerId, mySqlSnapshot, runAzureCheck, statuses } from '../../testing/azure/index.ts';
import check from './mysql-server-public-network-access-disabled.ts';

const SERVER = mySqlServerId('mysql-shop');

describe(check.id, () => {
  it.each([
    ['Disabled', 'PASS'],
    ['Enabled', 'FAIL'],
  ] as const)('%s → %s', (publicNetworkAccess, expected) => {
    expect(statuses(runAzureCheck(check, mySqlSnapshot([mySqlServer({ name: 'mysql-shop', publicNetworkAccess })])))).toEqual([[expected, SERVER]]);
  });

  it('reports ERROR on the subscription when servers could not be listed, nothing without servers', () => {
    expect(statuses(runAzureCheck(check, mySqlSnapshot(denied('Microsoft.DBforMySQL/flexibleServers/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, mySqlSnapshot([]))).toEqual([]);
  });
});
