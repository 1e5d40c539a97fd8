import { describe, expect, it } from 'vitest';
import type { NetworkSecurityRule } from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID, denied, nsgInboundRule, networkData, networkSecurityGroup, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './network-nsg-all-ports-internet-access-restricted.ts';

const NSG = `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/nsg-web`;
const run = (...securityRules: NetworkSecurityRule[]) =>
  runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkSecurityGroups: ok([networkSecurityGroup({ name: 'nsg-web', securityRules })]) }) }));

describe(check.id, () => {
  it.each([
    ['only the default rules', [], 'PASS'],
    ['one port from the internet', [nsgInboundRule('allow-https', 100, '443')], 'PASS'],
    ['all ports from the virtual network', [nsgInboundRule('allow-vnet', 100, '*', { source: 'VirtualNetwork', protocol: '*' })], 'PASS'],
    ['all ports shadowed by an earlier internet Deny', [nsgInboundRule('deny-all', 100, '*', { access: 'Deny', protocol: '*' }), nsgInboundRule('allow-all', 200, '*', { protocol: '*' })], 'PASS'],
    ['all ports, any protocol, from Internet', [nsgInboundRule('allow-all', 100, '*', { protocol: '*' })], 'FAIL'],
    ['0-65535 over TCP from *', [nsgInboundRule('allow-tcp', 100, '0-65535', { source: '*' })], 'FAIL'],
    ['all ports after a Deny for SSH only', [nsgInboundRule('deny-ssh', 100, '22', { access: 'Deny' }), nsgInboundRule('allow-all', 200, '*')], 'FAIL'],
  ] as const)('%s → %s', (_name, rules, expected) => {
    expect(statuses(run(...rules))).toEqual([[expected, NSG]]);
  });

  it('names an any-protocol rule once', () => {
    const [result] = run(nsgInboundRule('allow-all', 100, '*', { protocol: '*' }));
    expect(result?.message.match(/allow-all/g)).toHaveLength(1);
  });

  it('reports ERROR on the subscription when the groups could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkSecurityGroups: denied('Microsoft.Network/networkSecurityGroups/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing when there are no groups', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ network: networkData() }))).toEqual([]);
  });
});
