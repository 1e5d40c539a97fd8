import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, postgreSqlServer, postgreSqlServerId, postgreSqlServerWith, postgreSqlSnapshot, runAzureCheck, statuses } from '../../testing/azure/index.ts';
import check from './postgresql-server-minimum-tls-1-2.ts';

const SERVER = postgreSqlServerId('pg-orders');

describe(check.id, () => {
  it.each([
    ['TLSv1.2', 'TLSv1.2', 'PASS'],
    ['TLSv1.3', 'TLSv1.3', 'PASS'],
    ['TLSv1.1', 'TLSv1.1', 'FAIL'],
    ['TLSv1', 'TLSv1', 'FAIL'],
    ['parameter not reported', undefined, 'FAIL'],
  ] as const)('ssl_min_protocol_version %s → %s', (_name, value, expected) => {
    const server = postgreSqlServerWith('pg-orders', { ssl_min_protocol_version: value });
    expect(statuses(runAzureCheck(check, postgreSqlSnapshot([server])))).toEqual([[expected, SERVER]]);
  });

  it('names the value in the message', () => {
    const [result] = runAzureCheck(check, postgreSqlSnapshot([postgreSqlServer({ name: 'pg-orders' })]));
    expect(result?.message).toContain('ssl_min_protocol_version =');
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
