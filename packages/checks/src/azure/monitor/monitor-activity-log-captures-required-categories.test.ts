import { describe, expect, it } from 'vitest';
import { MONITOR_SUBSCRIPTION_UID, denied, monitorData, monitorDiagnosticSetting, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './monitor-activity-log-captures-required-categories.ts';

const only = (...categories: string[]) => categories.map((category) => ({ category, enabled: true }));

describe(check.id, () => {
  it.each([
    ['all four in one setting', [monitorDiagnosticSetting()], 'PASS'],
    ['allLogs group', [monitorDiagnosticSetting({ logs: [{ categoryGroup: 'allLogs', enabled: true }] })], 'PASS'],
    ['split across two settings', [monitorDiagnosticSetting({ logs: only('Administrative', 'Security') }), monitorDiagnosticSetting({ name: 'second', logs: only('alert', 'policy') })], 'PASS'],
    ['Policy disabled', [monitorDiagnosticSetting({ logs: [...only('Administrative', 'Security', 'Alert'), { category: 'Policy', enabled: false }] })], 'FAIL'],
    ['allLogs group disabled', [monitorDiagnosticSetting({ logs: [{ categoryGroup: 'allLogs', enabled: false }] })], 'FAIL'],
    ['no setting', [], 'FAIL'],
  ] as const)('%s → %s', (_name, settings, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ monitor: monitorData({ diagnosticSettings: ok(settings) }) }));
    expect(statuses(results)).toEqual([[expected, MONITOR_SUBSCRIPTION_UID]]);
  });

  it('lists the missing categories', () => {
    const [result] = runAzureCheck(check, subscriptionSnapshot({ monitor: monitorData({ diagnosticSettings: ok([monitorDiagnosticSetting({ logs: only('Administrative') })]) }) }));
    expect(result?.message).toContain('Alert, Policy, Security');
  });

  it('reports ERROR on the subscription when the settings could not be read', () => {
    const scope = subscriptionSnapshot({ monitor: monitorData({ diagnosticSettings: denied('Microsoft.Insights/diagnosticSettings/read') }) });
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', MONITOR_SUBSCRIPTION_UID]]);
  });
});
