import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, mySqlServer, mySqlServerId, mySqlServerWith, mySqlSnapshot, runAzureCheck, statuses } from '../../testing/azure/index.ts';
import check from './mysql-server-secure-transport-required.ts';

const SERVER = mySqlServerId('mysql-shop');

describe(check.id, () => {
  it.each([
    ['ON', 'ON', 'PASS'],
    ['OFF', 'OFF', 'FAIL'],
    ['parameter not reported', undefined, 'FAIL'],
  ] as const)('require_secure_transport %s → %s', (_name, value, expected) => {
    const server = mySqlServerWith('mysql-shop', { require_secure_transport: value });
    expect(statuses(runAzureCheck(check, mySqlSnapshot([server])))).toEqual([[expected, SERVER]]);
  });

  it('reports ERROR on the server when its parameters could not be read', () => {
    const server = mySqlServer({ name: 'mysql-shop', configurations: denied('Microsoft.DBforMySQL/flexibleServers/configurations/read', SERVER) });
    expect(statuses(runAzureCheck(check, mySqlSnapshot([server])))).toEqual([['ERROR', SERVER]]);
  });

  it('reports ERROR on the subscription when servers could not be listed, nothing without servers', () => {
    expect(statuses(runAzureCheck(check, mySqlSnapshot(denied('Microsoft.DBforMySQL/flexibleServers/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, mySqlSnapshot([]))).toEqual([]);
  });
});
