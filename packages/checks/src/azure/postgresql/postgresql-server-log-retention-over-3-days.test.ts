import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, postgreSqlServer, postgreSqlServerId, postgreSqlServerWith, postgreSqlSnapshot, runAzureCheck, statuses } from '../../testing/azure/index.ts';
import check from './postgresql-server-log-retention-over-3-days.ts';

const SERVER = postgreSqlServerId('pg-orders');

describe(check.id, () => {
  it.each([
    ['7 days', '7', 'PASS'],
    ['4 days', '4', 'PASS'],
    ['3 days (default)', '3', 'FAIL'],
    ['1 day', '1', 'FAIL'],
    ['parameter not reported', undefined, 'FAIL'],
  ] as const)('logfiles.retention_days %s → %s', (_name, value, expected) => {
    const server = postgreSqlServerWith('pg-orders', { 'logfiles.retention_days': value });
    expect(statuses(runAzureCheck(check, postgreSqlSnapshot([server])))).toEqual([[expected, SERVER]]);
  });

  it('names the value in the message', () => {
    const [result] = runAzureCheck(check, postgreSqlSnapshot([postgreSqlServer({ name: 'pg-orders' })]));
    expect(result?.message).toContain('logfiles.retention_days =');
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
