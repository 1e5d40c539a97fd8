import { describe, expect, it } from 'vitest';
import type { SqlServerAuditingSettings } from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID, denied, ok, runAzureCheck, sqlServer, sqlServerId, sqlSnapshot, statuses } from '../../testing/azure/index.ts';
import check from './sql-server-audit-retention-over-90-days.ts';

const SERVER = sqlServerId('sql-prod');
const auditing = (overrides: Partial<SqlServerAuditingSettings>) =>
  ok<SqlServerAuditingSettings | null>({ state: 'Enabled', storageEndpoint: 'https://staudit.blob.core.windows.net/', retentionDays: 180, isAzureMonitorTargetEnabled: false, auditActionsAndGroups: [], ...overrides });

describe(check.id, () => {
  it.each([
    ['180 days in storage', auditing({}), 'PASS'],
    ['91 days in storage', auditing({ retentionDays: 91 }), 'PASS'],
    ['unlimited retention (0)', auditing({ retentionDays: 0 }), 'PASS'],
    ['exactly 90 days', auditing({ retentionDays: 90 }), 'FAIL'],
    ['30 days', auditing({ retentionDays: 30 }), 'FAIL'],
    ['Log Analytics only', auditing({ storageEndpoint: undefined, retentionDays: 0, isAzureMonitorTargetEnabled: true }), 'MANUAL'],
    ['enabled without a destination', auditing({ storageEndpoint: undefined, retentionDays: 0 }), 'FAIL'],
    ['auditing disabled', auditing({ state: 'Disabled' }), 'FAIL'],
    ['never configured', ok(null), 'FAIL'],
    ['denied', denied('Microsoft.Sql/servers/auditingSettings/read', SERVER), 'ERROR'],
  ] as const)('%s → %s', (_name, settings, expected) => {
    expect(statuses(runAzureCheck(check, sqlSnapshot([sqlServer({ name: 'sql-prod', auditing: settings })])))).toEqual([[expected, SERVER]]);
  });

  it('names the retention in the message', () => {
    const [result] = runAzureCheck(check, sqlSnapshot([sqlServer({ name: 'sql-prod', auditing: auditing({ retentionDays: 30 }) })]));
    expect(result?.message).toContain('30 days');
  });

  it('reports ERROR on the subscription when servers could not be listed, nothing without servers', () => {
    expect(statuses(runAzureCheck(check, sqlSnapshot(denied('Microsoft.Sql/servers/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, sqlSnapshot([]))).toEqual([]);
  });
});
