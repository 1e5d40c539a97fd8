import { describe, expect, it } from 'vitest';
import { MONITOR_SUBSCRIPTION_UID, denied, monitorData, monitorDiagnosticSetting, ok, runAzureCheck, statuses, subscriptionSnapshot, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './monitor-activity-log-diagnostic-setting-exists.ts';

describe(check.id, () => {
  it.each([
    ['a setting exporting to a workspace', [monitorDiagnosticSetting()], 'PASS'],
    ['a setting with the allLogs group', [monitorDiagnosticSetting({ logs: [{ categoryGroup: 'allLogs', enabled: true }] })], 'PASS'],
    ['a setting with every category off', [monitorDiagnosticSetting({ logs: [{ category: 'Administrative', enabled: false }] })], 'FAIL'],
    ['no setting', [], 'FAIL'],
  ] as const)('%s → %s', (_name, settings, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ monitor: monitorData({ diagnosticSettings: ok(settings) }) }));
    expect(statuses(results)).toEqual([[expected, MONITOR_SUBSCRIPTION_UID]]);
  });

  it('names the setting and its destination', () => {
    const [result] = runAzureCheck(check, subscriptionSnapshot({ monitor: monitorData({ diagnosticSettings: ok([monitorDiagnosticSetting()]) }) }));
    expect(result?.message).toContain('activity-log → workspace law-security');
  });

  it('reports ERROR on the subscription when the settings could not be read, nothing for the tenant scope', () => {
    const scope = subscriptionSnapshot({ monitor: monitorData({ diagnosticSettings: denied('Microsoft.Insights/diagnosticSettings/read') }) });
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', MONITOR_SUBSCRIPTION_UID]]);
    expect(statuses(runAzureCheck(check, subscriptionSnapshot()))).toEqual([['ERROR', MONITOR_SUBSCRIPTION_UID]]);
    expect(runAzureCheck(check, tenantSnapshot())).toEqual([]);
  });
});
