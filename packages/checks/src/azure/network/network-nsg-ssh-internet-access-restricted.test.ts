import { describe, expect, it } from 'vitest';
import type { NetworkSecurityRule } from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID, denied, nsgInboundRule, networkData, networkSecurityGroup, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './network-nsg-ssh-internet-access-restricted.ts';

const NSG = `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/nsg-web`;
const run = (...securityRules: NetworkSecurityRule[]) =>
  runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkSecurityGroups: ok([networkSecurityGroup({ name: 'nsg-web', securityRules })]) }) }));

describe(check.id, () => {
  it.each([
    ['only the default rules', [], 'PASS'],
    ['SSH from a trusted range', [nsgInboundRule('allow-ssh-office', 100, '22', { source: '203.0.113.0/24' })], 'PASS'],
    ['RDP from the internet (another check)', [nsgInboundRule('allow-rdp', 100, '3389')], 'PASS'],
    ['internet Deny before the Allow', [nsgInboundRule('deny-ssh', 100, '22', { access: 'Deny', protocol: '*' }), nsgInboundRule('allow-ssh', 200, '22')], 'PASS'],
    ['SSH from Internet', [nsgInboundRule('allow-ssh', 100, '22')], 'FAIL'],
    ['a range such as 20-25 from *', [nsgInboundRule('allow-range', 100, '20-25', { source: '*' })], 'FAIL'],
    ['all ports from ::/0', [nsgInboundRule('allow-all-v6', 100, '*', { source: '::/0' })], 'FAIL'],
  ] as const)('%s → %s', (_name, rules, expected) => {
    expect(statuses(run(...rules))).toEqual([[expected, NSG]]);
  });

  it('reports ERROR on the subscription when the groups could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkSecurityGroups: denied('Microsoft.Network/networkSecurityGroups/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing when there are no groups', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ network: networkData() }))).toEqual([]);
  });
});
