import { describe, expect, it } from 'vitest';
import type { NetworkSecurityRule } from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID, denied, nsgInboundRule, networkData, networkSecurityGroup, ok, runAzureCheck, statuses, subscriptionSnapshot, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './network-nsg-rdp-internet-access-restricted.ts';

const NSG = `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/nsg-web`;
const run = (...securityRules: NetworkSecurityRule[]) =>
  runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkSecurityGroups: ok([networkSecurityGroup({ name: 'nsg-web', securityRules })]) }) }));

describe(check.id, () => {
  it.each([
    ['only the default rules', [], 'PASS'],
    ['RDP from a trusted range', [nsgInboundRule('allow-rdp-office', 100, '3389', { source: '203.0.113.0/24' })], 'PASS'],
    ['RDP from the virtual network', [nsgInboundRule('allow-rdp-vnet', 100, '3389', { source: 'VirtualNetwork' })], 'PASS'],
    ['UDP 3389 only (TCP is the RDP port CIS names)', [nsgInboundRule('allow-rdp-udp', 100, '3389', { protocol: 'Udp' })], 'PASS'],
    ['internet Deny before the Allow', [nsgInboundRule('deny-rdp', 100, '3389', { access: 'Deny' }), nsgInboundRule('allow-rdp', 200, '3389')], 'PASS'],
    ['a Deny on a different port', [nsgInboundRule('deny-ssh', 100, '22', { access: 'Deny' }), nsgInboundRule('allow-ssh', 200, '22')], 'PASS'],
    ['RDP from Internet', [nsgInboundRule('allow-rdp', 100, '3389')], 'FAIL'],
    ['RDP from *', [nsgInboundRule('allow-rdp', 100, '3389', { source: '*' })], 'FAIL'],
    ['RDP from Any', [nsgInboundRule('allow-rdp', 100, '3389', { source: 'Any' })], 'FAIL'],
    ['RDP from 0.0.0.0/0', [nsgInboundRule('allow-rdp', 100, '3389', { source: '0.0.0.0/0' })], 'FAIL'],
    ['a range containing 3389', [nsgInboundRule('allow-range', 100, '3380-3390')], 'FAIL'],
    ['all ports, any protocol', [nsgInboundRule('allow-all', 100, '*', { protocol: '*' })], 'FAIL'],
    ['one of several ports', [nsgInboundRule('allow-admin', 100, ['22', '3389'])], 'FAIL'],
    ['internet among several sources', [nsgInboundRule('allow-rdp', 100, '3389', { source: ['10.0.0.0/8', 'Internet'] })], 'FAIL'],
    ['a Deny for one range only, then Allow', [nsgInboundRule('deny-range', 100, '3389', { access: 'Deny', source: '198.51.100.0/24' }), nsgInboundRule('allow-rdp', 200, '3389')], 'FAIL'],
    ['the Allow before the Deny', [nsgInboundRule('allow-rdp', 100, '3389'), nsgInboundRule('deny-rdp', 200, '3389', { access: 'Deny' })], 'FAIL'],
  ] as const)('%s → %s', (_name, rules, expected) => {
    expect(statuses(run(...rules))).toEqual([[expected, NSG]]);
  });

  it('names the rule that opens the port', () => {
    const [result] = run(nsgInboundRule('allow-rdp-anywhere', 110, '3389'));
    expect(result?.message).toContain('allow-rdp-anywhere (priority 110, source Internet)');
  });

  it('says when the group is not associated with anything', () => {
    const group = networkSecurityGroup({ name: 'nsg-web', securityRules: [nsgInboundRule('allow-rdp', 100, '3389')], subnetIds: [], networkInterfaceIds: [] });
    const [result] = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkSecurityGroups: ok([group]) }) }));
    expect(result?.message).toContain('not associated');
  });

  it('reports ERROR on the subscription when the groups could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkSecurityGroups: denied('Microsoft.Network/networkSecurityGroups/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(results[0]?.message).toContain('AuthorizationFailed');
  });

  it('reports ERROR when the network service was not collected, and nothing for the tenant scope', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({})))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, tenantSnapshot({}))).toEqual([]);
  });

  it('reports nothing when there are no groups', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ network: networkData() }))).toEqual([]);
  });
});
