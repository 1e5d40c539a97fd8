import { describe, expect, it } from 'vitest';
import type { NetworkFlowLog, NetworkWatcher, VirtualNetwork } from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID, armId, denied, networkFlowLog, networkData, networkWatcher, ok, runAzureCheck, statuses, subscriptionSnapshot, virtualNetwork } from '../../testing/azure/index.ts';
import check from './network-vnet-flow-logs-enabled.ts';

const VNET = armId('Microsoft.Network/virtualNetworks', 'vnet-prod');
const NSG = armId('Microsoft.Network/networkSecurityGroups', 'nsg-web');
const run = (flowLogs: readonly NetworkFlowLog[], network: VirtualNetwork = virtualNetwork({ name: 'vnet-prod' }), watchers?: readonly NetworkWatcher[]) =>
  runAzureCheck(check, subscriptionSnapshot({ network: networkData({ virtualNetworks: ok([network]), networkWatchers: ok(watchers ?? [networkWatcher({ flowLogs: ok(flowLogs) })]) }) }));

describe(check.id, () => {
  it.each([
    ['a flow log on the network', [networkFlowLog({ name: 'fl-vnet' })], 'PASS'],
    ['a flow log on the network, id in other case', [networkFlowLog({ name: 'fl-vnet', targetResourceId: VNET.toUpperCase() })], 'PASS'],
    ['a flow log on the subnet', [networkFlowLog({ name: 'fl-subnet', targetResourceId: `${VNET}/subnets/web` })], 'PASS'],
    ['a flow log on the subnet\'s network security group', [networkFlowLog({ name: 'fl-nsg', targetResourceId: NSG })], 'PASS'],
    ['no flow log', [], 'FAIL'],
    ['a disabled flow log on the network', [networkFlowLog({ name: 'fl-vnet', enabled: false })], 'FAIL'],
    ['a flow log on another network', [networkFlowLog({ name: 'fl-other', targetResourceId: armId('Microsoft.Network/virtualNetworks', 'vnet-other') })], 'FAIL'],
  ] as const)('%s → %s', (_name, flowLogs, expected) => {
    expect(statuses(run(flowLogs))).toEqual([[expected, VNET]]);
  });

  it('fails when only some subnets are recorded, naming the others', () => {
    const network = virtualNetwork({
      name: 'vnet-prod',
      subnets: [
        { id: `${VNET}/subnets/web`, name: 'web', networkSecurityGroupId: NSG },
        { id: `${VNET}/subnets/data`, name: 'data' },
      ],
    });
    const results = run([networkFlowLog({ name: 'fl-nsg', targetResourceId: NSG })], network);
    expect(statuses(results)).toEqual([['FAIL', VNET]]);
    expect(results[0]?.message).toContain('flow log either: data.');
  });

  it('only counts flow logs of the watcher in the network\'s location', () => {
    const elsewhere = networkWatcher({ location: 'westeurope', flowLogs: ok([networkFlowLog({ name: 'fl-vnet' }, 'NetworkWatcher_westeurope')]) });
    expect(statuses(run([], virtualNetwork({ name: 'vnet-prod' }), [elsewhere]))).toEqual([['FAIL', VNET]]);
  });

  it('passes a network without subnets', () => {
    expect(statuses(run([], virtualNetwork({ name: 'vnet-prod', subnets: [] })))).toEqual([['PASS', VNET]]);
  });

  it('reports ERROR on the network when its location\'s flow logs could not be read', () => {
    const watcher = networkWatcher({ flowLogs: denied('Microsoft.Network/networkWatchers/flowLogs/read') });
    const results = run([], virtualNetwork({ name: 'vnet-prod' }), [watcher]);
    expect(statuses(results)).toEqual([['ERROR', VNET]]);
    expect(results[0]?.message).toContain('Microsoft.Network/networkWatchers/flowLogs/read');
  });

  it('reports ERROR on each network when the watchers could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ virtualNetworks: ok([virtualNetwork({ name: 'vnet-prod' })]), networkWatchers: denied('Microsoft.Network/networkWatchers/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', VNET]]);
  });

  it('reports ERROR on the subscription when the networks could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ virtualNetworks: denied('Microsoft.Network/virtualNetworks/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing without virtual networks', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ network: networkData() }))).toEqual([]);
  });
});
