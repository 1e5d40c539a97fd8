import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, ok, runAzureCheck, sqlDatabase, sqlServer, sqlServerId, sqlSnapshot, statuses } from '../../testing/azure/index.ts';
import check from './sql-database-tde-enabled.ts';

const SERVER = sqlServerId('sql-prod');
const DATABASE = `${SERVER}/databases/orders`;

describe(check.id, () => {
  it.each([
    ['TDE on', ok({ state: 'Enabled' as const }), 'PASS'],
    ['TDE off', ok({ state: 'Disabled' as const }), 'FAIL'],
    ['no TDE setting answered', ok(null), 'FAIL'],
    ['denied', denied('Microsoft.Sql/servers/databases/transparentDataEncryption/read', DATABASE), 'ERROR'],
  ] as const)('%s → %s', (_name, transparentDataEncryption, expected) => {
    const server = sqlServer({ name: 'sql-prod', databases: ok([sqlDatabase('sql-prod', { name: 'orders', transparentDataEncryption })]) });
    expect(statuses(runAzureCheck(check, sqlSnapshot([server])))).toEqual([[expected, DATABASE]]);
  });

  it('reports each database of each server', () => {
    const server = sqlServer({
      name: 'sql-prod',
      databases: ok([sqlDatabase('sql-prod', { name: 'orders' }), sqlDatabase('sql-prod', { name: 'legacy', transparentDataEncryption: ok({ state: 'Disabled' }) })]),
    });
    expect(statuses(runAzureCheck(check, sqlSnapshot([server])))).toEqual([
      ['PASS', DATABASE],
      ['FAIL', `${SERVER}/databases/legacy`],
    ]);
  });

  it('reports ERROR on the server when its databases could not be listed', () => {
    const server = sqlServer({ name: 'sql-prod', databases: denied('Microsoft.Sql/servers/databases/read', SERVER) });
    expect(statuses(runAzureCheck(check, sqlSnapshot([server])))).toEqual([['ERROR', SERVER]]);
  });

  it('reports ERROR on the subscription when servers could not be listed, nothing without databases', () => {
    expect(statuses(runAzureCheck(check, sqlSnapshot(denied('Microsoft.Sql/servers/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, sqlSnapshot([]))).toEqual([]);
    expect(runAzureCheck(check, sqlSnapshot([sqlServer({ name: 'sql-prod', databases: ok([]) })]))).toEqual([]);
  });
});
