import { describe, expect, it } from 'vitest';
import { MONITOR_SUBSCRIPTION_UID, applicationInsightsComponent, denied, monitorData, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './monitor-application-insights-configured.ts';

describe(check.id, () => {
  it.each([
    ['one component', [applicationInsightsComponent()], 'PASS'],
    ['a classic component', [applicationInsightsComponent({ workspaceResourceId: undefined, ingestionMode: 'ApplicationInsights' })], 'PASS'],
    ['none', [], 'FAIL'],
  ] as const)('%s → %s', (_name, components, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ monitor: monitorData({ applicationInsightsComponents: ok(components) }) }));
    expect(statuses(results)).toEqual([[expected, MONITOR_SUBSCRIPTION_UID]]);
  });

  it('reports ERROR on the subscription when components could not be read', () => {
    const scope = subscriptionSnapshot({ monitor: monitorData({ applicationInsightsComponents: denied('Microsoft.Insights/components/read') }) });
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', MONITOR_SUBSCRIPTION_UID]]);
  });
});
