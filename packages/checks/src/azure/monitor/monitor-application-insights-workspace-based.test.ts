import { describe, expect, it } from 'vitest';
import { MONITOR_SUBSCRIPTION_UID, applicationInsightsComponent, armId, denied, monitorData, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './monitor-application-insights-workspace-based.ts';

const COMPONENT = armId('Microsoft.Insights/components', 'appi-web', 'rg-app');

describe(check.id, () => {
  it.each([
    ['workspace-based', applicationInsightsComponent(), 'PASS'],
    ['classic', applicationInsightsComponent({ workspaceResourceId: undefined, ingestionMode: 'ApplicationInsights' }), 'FAIL'],
  ] as const)('%s → %s', (_name, component, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ monitor: monitorData({ applicationInsightsComponents: ok([component]) }) }));
    expect(statuses(results)).toEqual([[expected, COMPONENT]]);
  });

  it('reports nothing without components, ERROR on the subscription when they could not be read', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ monitor: monitorData() }))).toEqual([]);
    const scope = subscriptionSnapshot({ monitor: monitorData({ applicationInsightsComponents: denied('Microsoft.Insights/components/read') }) });
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', MONITOR_SUBSCRIPTION_UID]]);
  });
});
