import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, ok, runAzureCheck, sqlServer, sqlServerId, sqlSnapshot, statuses } from '../../testing/azure/index.ts';
import check from './sql-server-defender-enabled.ts';

const SERVER = sqlServerId('sql-prod');
const policy = (state: 'Enabled' | 'Disabled' | 'New') => ok({ state, emailAccountAdmins: false, emailAddresses: [], disabledAlerts: [] });

describe(check.id, () => {
  it.each([
    ['Enabled', policy('Enabled'), 'PASS'],
    ['Disabled', policy('Disabled'), 'FAIL'],
    ['New (never set)', policy('New'), 'FAIL'],
    ['not configured', ok(null), 'FAIL'],
    ['denied', denied('Microsoft.Sql/servers/securityAlertPolicies/read', SERVER), 'ERROR'],
  ] as const)('%s → %s', (_name, securityAlertPolicy, expected) => {
    expect(statuses(runAzureCheck(check, sqlSnapshot([sqlServer({ name: 'sql-prod', securityAlertPolicy })])))).toEqual([[expected, SERVER]]);
  });

  it('reports ERROR on the subscription when servers could not be listed, nothing without servers', () => {
    expect(statuses(runAzureCheck(check, sqlSnapshot(denied('Microsoft.Sql/servers/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, sqlSnapshot([]))).toEqual([]);
  });
});
