import { describe, expect, it } from 'vitest';
import type { ActivityLogAlert } from '@palisade/core/azure';
import { MONITOR_SUBSCRIPTION_UID, activityLogAlert, armId, denied, monitorData, ok, runAzureCheck, statuses, subscriptionSnapshot, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './monitor-activity-log-alert-delete-sql-firewall-rule.ts';

const OPERATION = 'Microsoft.Sql/servers/firewallRules/delete';
const OTHER = 'Microsoft.Network/networkSecurityGroups/write';

function run(alerts: readonly ActivityLogAlert[]) {
  return runAzureCheck(check, subscriptionSnapshot({ monitor: monitorData({ activityLogAlerts: ok(alerts) }) }));
}

describe(check.id, () => {
  it.each([
    ['an alert on the operation', [activityLogAlert(OPERATION)], 'PASS'],
    [
      'one rule for several operations, scope written without a leading slash',
      [activityLogAlert(OPERATION, { scopes: [MONITOR_SUBSCRIPTION_UID.slice(1)], condition: { allOf: [{ field: 'category', equals: 'Administrative' }, { anyOf: [{ field: 'operationName', equals: OTHER }, { field: 'operationName', equals: OPERATION.toLowerCase() }] }] } })],
      'PASS',
    ],
    ['no alert rules', [], 'FAIL'],
    ['only a rule on another operation', [activityLogAlert(OTHER)], 'FAIL'],
    ['a rule on the whole Administrative category (no operation named)', [activityLogAlert(OPERATION, { condition: { allOf: [{ field: 'category', equals: 'Administrative' }] } })], 'FAIL'],
    ['a disabled rule', [activityLogAlert(OPERATION, { enabled: false })], 'FAIL'],
    ['a rule scoped to one resource group', [activityLogAlert(OPERATION, { scopes: [`${MONITOR_SUBSCRIPTION_UID}/resourceGroups/rg-app`] })], 'FAIL'],
    ['a rule without action group', [activityLogAlert(OPERATION, { actionGroupIds: [] })], 'FAIL'],
    ['a rule filtering on level', [activityLogAlert(OPERATION, { condition: { allOf: [{ field: 'operationName', equals: OPERATION }, { field: 'level', equals: 'Critical' }] } })], 'FAIL'],
    ['a rule that can never match (wrong category)', [activityLogAlert(OPERATION, { condition: { allOf: [{ field: 'category', equals: 'ServiceHealth' }, { field: 'operationName', equals: OPERATION }] } })], 'FAIL'],
  ] as const)('%s → %s', (_name, alerts, expected) => {
    expect(statuses(run(alerts))).toEqual([[expected, MONITOR_SUBSCRIPTION_UID]]);
  });

  it('names the matching rule, or why the near misses do not count', () => {
    expect(run([activityLogAlert(OPERATION, { name: 'secops-alert' })])[0]?.message).toContain('secops-alert');
    const [miss] = run([activityLogAlert(OPERATION, { name: 'stale-alert', enabled: false, actionGroupIds: [] })]);
    expect(miss?.message).toContain('stale-alert (disabled, no action group)');
  });

  it('passes when one of several rules is usable', () => {
    const results = run([activityLogAlert(OPERATION, { name: 'old', enabled: false }), activityLogAlert(OPERATION, { name: 'current', id: armId('microsoft.insights/activityLogAlerts', 'current', 'rg-monitor') })]);
    expect(statuses(results)).toEqual([['PASS', MONITOR_SUBSCRIPTION_UID]]);
  });

  it('reports ERROR on the subscription when alert rules could not be read or monitor was not collected', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ monitor: monitorData({ activityLogAlerts: denied('Microsoft.Insights/activityLogAlerts/read') }) })))).toEqual([
      ['ERROR', MONITOR_SUBSCRIPTION_UID],
    ]);
    expect(statuses(runAzureCheck(check, subscriptionSnapshot()))).toEqual([['ERROR', MONITOR_SUBSCRIPTION_UID]]);
    expect(runAzureCheck(check, tenantSnapshot())).toEqual([]);
  });
});
