import { describe, expect, it } from 'vitest';
import type { NetworkFlowLog } from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID, denied, networkFlowLog, networkData, networkWatcher, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './network-flow-log-retention-90-days.ts';

const WATCHER = `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_eastus`;
const FLOW_LOG = `${WATCHER}/flowLogs/fl-vnet-prod`;
const run = (...flowLogs: NetworkFlowLog[]) => runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkWatchers: ok([networkWatcher({ flowLogs: ok(flowLogs) })]) }) }));

describe(check.id, () => {
  it.each([
    ['90 days', { retentionPolicy: { enabled: true, days: 90 } }, 'PASS'],
    ['365 days', { retentionPolicy: { enabled: true, days: 365 } }, 'PASS'],
    ['0 days (no limit)', { retentionPolicy: { enabled: true, days: 0 } }, 'PASS'],
    ['retention policy disabled (no deletion)', { retentionPolicy: { enabled: false, days: 7 } }, 'PASS'],
    ['no retention policy', { retentionPolicy: undefined }, 'PASS'],
    ['30 days', { retentionPolicy: { enabled: true, days: 30 } }, 'FAIL'],
    ['89 days', { retentionPolicy: { enabled: true, days: 89 } }, 'FAIL'],
    ['disabled flow log', { enabled: false }, 'FAIL'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    expect(statuses(run(networkFlowLog({ name: 'fl-vnet-prod', ...overrides })))).toEqual([[expected, FLOW_LOG]]);
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
    expect(runAzureCheck(check, subscriptionSnapshot({ network: networkData() }))).toEqual([]);
  });
});
