import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, mySqlServer, mySqlServerId, mySqlServerWith, mySqlSnapshot, runAzureCheck, statuses } from '../../testing/azure/index.ts';
import check from './mysql-server-audit-log-connection-events.ts';

const SERVER = mySqlServerId('mysql-shop');

describe(check.id, () => {
  it.each([
    ['CONNECTION only', 'CONNECTION', 'PASS'],
    ['CONNECTION among others', 'DDL,CONNECTION,DCL', 'PASS'],
    ['without CONNECTION', 'DDL,DML', 'FAIL'],
    ['empty', '', 'FAIL'],
    ['parameter not reported', undefined, 'FAIL'],
  ] as const)('audit_log_events %s → %s', (_name, value, expected) => {
    const server = mySqlServerWith('mysql-shop', { audit_log_events: value });
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

describe(`${check.id} message`, () => {
  it('says when audit logging itself is off', () => {
    const [result] = runAzureCheck(check, mySqlSnapshot([mySqlServerWith('mysql-shop', { audit_log_enabled: 'OFF' })]));
    expect(result).toMatchObject({ status: 'PASS', message: expect.stringContaining('audit logging itself is off') });
  });
});
