import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, ok, runAzureCheck, sqlServer, sqlServerId, sqlSnapshot, statuses, subscriptionSnapshot, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './sql-server-auditing-enabled.ts';

const SERVER = sqlServerId('sql-prod');
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

describe(check.id, () => {
  it.each([
    ['auditing enabled', sqlServer({ name: 'sql-prod' }), 'PASS'],
    [
      'auditing disabled',
      sqlServer({ name: 'sql-prod', auditing: ok({ state: 'Disabled', retentionDays: 0, isAzureMonitorTargetEnabled: false, auditActionsAndGroups: [] }) }),
      'FAIL',
    ],
    ['auditing never configured', sqlServer({ name: 'sql-prod', auditing: ok(null) }), 'FAIL'],
    ['auditing settings denied', sqlServer({ name: 'sql-prod', auditing: denied('Microsoft.Sql/servers/auditingSettings/read', SERVER) }), 'ERROR'],
  ] as const)('%s → %s', (_name, server, expected) => {
    expect(statuses(runAzureCheck(check, sqlSnapshot([server])))).toEqual([[expected, SERVER]]);
  });

  it('reports ERROR on the subscription when servers could not be listed', () => {
    expect(statuses(runAzureCheck(check, sqlSnapshot(denied('Microsoft.Sql/servers/read'))))).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports ERROR on the subscription when sql was not collected', () => {
    const [result] = runAzureCheck(check, subscriptionSnapshot({}));
    expect(result).toMatchObject({ status: 'ERROR', resource: { uid: SUBSCRIPTION }, error: { code: 'NotCollected' } });
  });

  it('reports nothing for a subscription without servers or for the tenant scope', () => {
    expect(runAzureCheck(check, sqlSnapshot([]))).toEqual([]);
    expect(runAzureCheck(check, tenantSnapshot({}))).toEqual([]);
  });
});
