import { describe, expect, it } from 'vitest';
import type { NetworkSecurityRule } from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID, denied, nsgInboundRule, networkData, networkSecurityGroup, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './network-nsg-http-internet-access-restricted.ts';

const NSG = `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/nsg-web`;
const run = (...securityRules: NetworkSecurityRule[]) =>
  runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkSecurityGroups: ok([networkSecurityGroup({ name: 'nsg-web', securityRules })]) }) }));

describe(check.id, () => {
  it.each([
    ['only the default rules', [], 'PASS'],
    ['HTTPS from the Application Gateway subnet', [nsgInboundRule('allow-https-appgw', 100, '443', { source: '10.0.1.0/24' })], 'PASS'],
    ['HTTPS from the GatewayManager tag', [nsgInboundRule('allow-gateway-manager', 100, '443', { source: 'GatewayManager' })], 'PASS'],
    ['HTTP from Internet', [nsgInboundRule('allow-http', 100, '80')], 'FAIL'],
    ['HTTPS from *', [nsgInboundRule('allow-https', 100, '443', { source: '*' })], 'FAIL'],
    ['both through a range', [nsgInboundRule('allow-web', 100, '80-443')], 'FAIL'],
  ] as const)('%s → %s', (_name, rules, expected) => {
    expect(statuses(run(...rules))).toEqual([[expected, NSG]]);
  });

  it('lists both ports when both are open', () => {
    const [result] = run(nsgInboundRule('allow-web', 100, ['80', '443']));
    expect(result?.message).toContain('TCP 80, 443 through rule allow-web (priority 100, source Internet)');
  });

  it('reports ERROR on the subscription when the groups could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkSecurityGroups: denied('Microsoft.Network/networkSecurityGroups/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing when there are no groups', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ network: networkData() }))).toEqual([]);
  });
});
