import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, runAzureCheck, sqlServer, sqlServerId, sqlSnapshot, statuses } from '../../testing/azure/index.ts';
import check from './sql-server-public-network-access-disabled.ts';

const SERVER = sqlServerId('sql-prod');

describe(check.id, () => {
  it.each([
    ['Disabled', 'PASS'],
    ['SecuredByPerimeter', 'PASS'],
    ['Enabled', 'FAIL'],
  ] as const)('%s → %s', (publicNetworkAccess, expected) => {
    expect(statuses(runAzureCheck(check, sqlSnapshot([sqlServer({ name: 'sql-prod', publicNetworkAccess })])))).toEqual([[expected, SERVER]]);
  });

  it('reports ERROR on the subscription when servers could not be listed, nothing without servers', () => {
    expect(statuses(runAzureCheck(check, sqlSnapshot(denied('Microsoft.Sql/servers/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, sqlSnapshot([]))).toEqual([]);
  });
});
