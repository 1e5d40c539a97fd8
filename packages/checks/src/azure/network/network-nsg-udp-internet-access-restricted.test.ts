import { describe, expect, it } from 'vitest';
import type { NetworkSecurityRule } from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID, denied, nsgInboundRule, networkData, networkSecurityGroup, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './network-nsg-udp-internet-access-restricted.ts';

const NSG = `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/nsg-web`;
const run = (...securityRules: NetworkSecurityRule[]) =>
  runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkSecurityGroups: ok([networkSecurityGroup({ name: 'nsg-web', securityRules })]) }) }));

describe(check.id, () => {
  it.each([
    ['only the default rules', [], 'PASS'],
    ['TCP from the internet', [nsgInboundRule('allow-https', 100, '443')], 'PASS'],
    ['DNS from a partner range', [nsgInboundRule('allow-dns-partner', 100, '53', { protocol: 'Udp', source: '198.51.100.0/24' })], 'PASS'],
    ['internet-wide UDP Deny first', [nsgInboundRule('deny-udp', 100, '*', { protocol: 'Udp', access: 'Deny' }), nsgInboundRule('allow-any', 200, '*', { protocol: '*' })], 'PASS'],
    ['DNS from Internet', [nsgInboundRule('allow-dns', 100, '53', { protocol: 'Udp' })], 'FAIL'],
    ['SSDP from *', [nsgInboundRule('allow-ssdp', 100, '1900', { protocol: 'Udp', source: '*' })], 'FAIL'],
    ['any protocol on a high port', [nsgInboundRule('allow-game', 100, '27015', { protocol: '*' })], 'FAIL'],
  ] as const)('%s → %s', (_name, rules, expected) => {
    expect(statuses(run(...rules))).toEqual([[expected, NSG]]);
  });

  it('lists the UDP ports each rule opens', () => {
    const [result] = run(nsgInboundRule('deny-ntp', 100, '123', { protocol: 'Udp', access: 'Deny' }), nsgInboundRule('allow-range', 200, '100-200', { protocol: 'Udp' }));
    expect(result?.message).toContain('UDP 100-122, 124-200 through rule allow-range');
  });

  it('reports ERROR on the subscription when the groups could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkSecurityGroups: denied('Microsoft.Network/networkSecurityGroups/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing when there are no groups', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ network: networkData() }))).toEqual([]);
  });
});
