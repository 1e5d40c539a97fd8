import { describe, expect, it } from 'vitest';
import type { NetworkSecurityRule } from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID, denied, nsgInboundRule, networkData, networkSecurityGroup, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './network-nsg-database-ports-internet-access-restricted.ts';

const NSG = `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/nsg-web`;
const snapshot = (...securityRules: NetworkSecurityRule[]) => subscriptionSnapshot({ network: networkData({ networkSecurityGroups: ok([networkSecurityGroup({ name: 'nsg-web', securityRules })]) }) });

describe(check.id, () => {
  it.each([
    ['only the default rules', [], 'PASS'],
    ['PostgreSQL from the application subnet', [nsgInboundRule('allow-pg-app', 100, '5432', { source: '10.0.2.0/24' })], 'PASS'],
    ['HTTPS from the internet (another check)', [nsgInboundRule('allow-https', 100, '443')], 'PASS'],
    ['SQL Server from Internet', [nsgInboundRule('allow-sql', 100, '1433')], 'FAIL'],
    ['MongoDB through a range from *', [nsgInboundRule('allow-mongo', 100, '27000-28000', { source: '*' })], 'FAIL'],
  ] as const)('%s → %s', (_name, rules, expected) => {
    expect(statuses(runAzureCheck(check, snapshot(...rules)))).toEqual([[expected, NSG]]);
  });

  it('reads the ports from the databasePorts setting', () => {
    const rules = [nsgInboundRule('allow-cassandra', 100, '9042')];
    expect(statuses(runAzureCheck(check, snapshot(...rules)))).toEqual([['PASS', NSG]]);
    expect(statuses(runAzureCheck(check, snapshot(...rules), { databasePorts: [9042] }))).toEqual([['FAIL', NSG]]);
  });

  it('reports ERROR on the subscription when the groups could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ network: networkData({ networkSecurityGroups: denied('Microsoft.Network/networkSecurityGroups/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
  });

  it('reports nothing when there are no groups', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ network: networkData() }))).toEqual([]);
  });
});
