import { describe, expect, it } from 'vitest';
import type { ActivityLogAlert } from '@palisade/core/azure';
import { MONITOR_SUBSCRIPTION_UID, activityLogAlert, denied, monitorData, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './monitor-activity-log-alert-service-health.ts';

const serviceHealth = (overrides: Partial<ActivityLogAlert> = {}) =>
  activityLogAlert('ServiceHealth', { name: 'service-health', condition: { allOf: [{ field: 'category', equals: 'ServiceHealth' }] }, ...overrides });
const incidentTypes = (...types: string[]) => ({
  allOf: [{ field: 'category', equals: 'ServiceHealth' }, { anyOf: types.map((type) => ({ field: 'properties.incidentType', equals: type })) }],
});

function run(alerts: readonly ActivityLogAlert[]) {
  return runAzureCheck(check, subscriptionSnapshot({ monitor: monitorData({ activityLogAlerts: ok(alerts) }) }));
}

describe(check.id, () => {
  it.each([
    ['all service health events', [serviceHealth()], 'PASS'],
    ['incidents and maintenance', [serviceHealth({ condition: incidentTypes('Incident', 'Maintenance') })], 'PASS'],
    ['maintenance only', [serviceHealth({ condition: incidentTypes('Maintenance') })], 'FAIL'],
    ['disabled', [serviceHealth({ enabled: false })], 'FAIL'],
    ['no action group', [serviceHealth({ actionGroupIds: [] })], 'FAIL'],
    ['only administrative alerts', [activityLogAlert('Microsoft.Network/networkSecurityGroups/write')], 'FAIL'],
    ['no alerts', [], 'FAIL'],
  ] as const)('%s → %s', (_name, alerts, expected) => {
    expect(statuses(run(alerts))).toEqual([[expected, MONITOR_SUBSCRIPTION_UID]]);
  });

  it('reports ERROR on the subscription when alert rules could not be read', () => {
    const scope = subscriptionSnapshot({ monitor: monitorData({ activityLogAlerts: denied('Microsoft.Insights/activityLogAlerts/read') }) });
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', MONITOR_SUBSCRIPTION_UID]]);
  });
});
