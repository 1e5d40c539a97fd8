import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, postgreSqlServer, postgreSqlServerId, postgreSqlSnapshot, runAzureCheck, statuses } from '../../testing/azure/index.ts';
import check from './postgresql-server-public-network-access-disabled.ts';

const SERVER = postgreSqlServerId('pg-orders');

describe(check.id, () => {
  it.each([
    ['Disabled', 'PASS'],
    ['Enabled', 'FAIL'],
  ] as const)('%s → %s', (publicNetworkAccess, expected) => {
    expect(statuses(runAzureCheck(check, postgreSqlSnapshot([postgreSqlServer({ name: 'pg-orders', publicNetworkAccess })])))).toEqual([[expected, SERVER]]);
  });

  it('reports ERROR on the subscription when servers could not be listed, nothing without servers', () => {
    expect(statuses(runAzureCheck(check, postgreSqlSnapshot(denied('Microsoft.DBforPostgreSQL/flexibleServers/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, postgreSqlSnapshot([]))).toEqual([]);
  });
});
