import { describe, expect, it } from 'vitest';
import type { NetworkFlowLog } from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID, denied, networkFlowLog, networkData, networkWatcher, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './network-flow-log-traffic-analytics-enabled.ts';

const WATCHER = `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_eastus`;
const FLOW_LOG = `${WATCHER}/flowLogs/fl-vnet-prod`;
const run = (...flowLogs: NetworkFlowLog[]) => runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkWatchers: ok([networkWatcher({ flowLogs: ok(flowLogs) })]) }) }));

describe(check.id, () => {
  it.each([
    ['traffic analytics to a workspace', {}, 'PASS'],
    ['traffic analytics off', { trafficAnalytics: { enabled: false } }, 'FAIL'],
    ['no analytics configuration', { trafficAnalytics: undefined }, 'FAIL'],
    ['on without a workspace', { trafficAnalytics: { enabled: true } }, 'FAIL'],
    ['flow log disabled', { enabled: false }, 'FAIL'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    expect(statuses(run(networkFlowLog({ name: 'fl-vnet-prod', ...overrides })))).toEqual([[expected, FLOW_LOG]]);
  });

  it('names the workspace', () => {
    expect(run(networkFlowLog({ name: 'fl-vnet-prod' }))[0]?.message).toContain('law-security');
  });

  it('reports ERROR on the watcher whose flow logs could not be read', () => {
    const results = runAzureCheck(
      check,
      subscriptionSnapshot({ network: networkData({ networkWatchers: ok([networkWatcher({ flowLogs: denied('Microsoft.Network/networkWatchers/flowLogs/read', WATCHER) })]) }) }),
    );
    expect(statuses(results)).toEqual([['ERROR', WATCHER]]);
  });

  it('reports ERROR on the subscription when the watchers could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkWatchers: denied('Microsoft.Network/networkWatchers/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing without flow logs', () => {
    expect(run()).toEqual([]);
  });
});
