import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, runAzureCheck, sqlServer, sqlServerId, sqlSnapshot, statuses } from '../../testing/azure/index.ts';
import check from './sql-server-minimum-tls-1-2.ts';

const SERVER = sqlServerId('sql-prod');

describe(check.id, () => {
  it.each([
    ['1.2', 'PASS'],
    ['1.3', 'PASS'],
    ['1.1', 'FAIL'],
    ['1.0', 'FAIL'],
    ['None', 'FAIL'],
  ] as const)('%s → %s', (minimalTlsVersion, expected) => {
    expect(statuses(runAzureCheck(check, sqlSnapshot([sqlServer({ name: 'sql-prod', minimalTlsVersion })])))).toEqual([[expected, SERVER]]);
  });

  it('reports ERROR on the subscription when servers could not be listed, nothing without servers', () => {
    expect(statuses(runAzureCheck(check, sqlSnapshot(denied('Microsoft.Sql/servers/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, sqlSnapshot([]))).toEqual([]);
  });
});
