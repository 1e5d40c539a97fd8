import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, postgreSqlServer, postgreSqlServerId, postgreSqlServerWith, postgreSqlSnapshot, runAzureCheck, statuses } from '../../testing/azure/index.ts';
import check from './postgresql-server-connection-throttling-on.ts';

const SERVER = postgreSqlServerId('pg-orders');

describe(check.id, () => {
  it.each([
    ['on', 'on', 'PASS'],
    ['off', 'off', 'FAIL'],
    ['parameter not reported', undefined, 'FAIL'],
  ] as const)('connection_throttle.enable %s → %s', (_name, value, expected) => {
    const server = postgreSqlServerWith('pg-orders', { 'connection_throttle.enable': value });
    expect(statuses(runAzureCheck(check, postgreSqlSnapshot([server])))).toEqual([[expected, SERVER]]);
  });

  it('names the value in the message', () => {
    const [result] = runAzureCheck(check, postgreSqlSnapshot([postgreSqlServer({ name: 'pg-orders' })]));
    expect(result?.message).toContain('connection_throttle.enable =');
  });

  it('reports ERROR on the server when its parameters could not be read', () => {
    const server = postgreSqlServer({ name: 'pg-orders', configurations: denied('Microsoft.DBforPostgreSQL/flexibleServers/configurations/read', SERVER) });
    expect(statuses(runAzureCheck(check, postgreSqlSnapshot([server])))).toEqual([['ERROR', SERVER]]);
  });

  it('reports ERROR on the subscription when servers could not be listed, nothing without servers', () => {
    expect(statuses(runAzureCheck(check, postgreSqlSnapshot(denied('Microsoft.DBforPostgreSQL/flexibleServers/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, postgreSqlSnapshot([]))).toEqual([]);
  });
});
