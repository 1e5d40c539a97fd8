import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, ok, runAzureCheck, sqlFirewallRule, sqlServer, sqlServerId, sqlSnapshot, statuses } from '../../testing/azure/index.ts';
import check from './sql-server-firewall-not-open-to-internet.ts';

const SERVER = sqlServerId('sql-prod');
const rule = (start: string, end: string, name = 'rule') => sqlFirewallRule('sql-prod', name, start, end);

describe(check.id, () => {
  it.each([
    ['no rules', [], 'Enabled', 'PASS'],
    ['single addresses', [rule('203.0.113.10', '203.0.113.10'), rule('198.51.100.0', '198.51.100.255')], 'Enabled', 'PASS'],
    ['the Azure services rule only', [rule('0.0.0.0', '0.0.0.0', 'AllowAllWindowsAzureIps')], 'Enabled', 'PASS'],
    ['exactly a /16', [rule('198.51.0.0', '198.51.255.255')], 'Enabled', 'PASS'],
    ['0.0.0.0–255.255.255.255', [rule('0.0.0.0', '255.255.255.255', 'AllowAll')], 'Enabled', 'FAIL'],
    ['a /8', [rule('10.0.0.0', '10.255.255.255')], 'Enabled', 'FAIL'],
    ['a /15', [rule('198.50.0.0', '198.51.255.255')], 'Enabled', 'FAIL'],
    ['open rule but public access disabled', [rule('0.0.0.0', '255.255.255.255')], 'Disabled', 'PASS'],
  ] as const)('%s → %s', (_name, rules, publicNetworkAccess, expected) => {
    const server = sqlServer({ name: 'sql-prod', publicNetworkAccess, firewallRules: ok(rules) });
    expect(statuses(runAzureCheck(check, sqlSnapshot([server])))).toEqual([[expected, SERVER]]);
  });

  it('follows the configured prefix length', () => {
    const server = sqlServer({ name: 'sql-prod', publicNetworkAccess: 'Enabled', firewallRules: ok([rule('198.51.100.0', '198.51.100.255')]) });
    expect(statuses(runAzureCheck(check, sqlSnapshot([server]), { minPublicIngressPrefixLength: 28 }))).toEqual([['FAIL', SERVER]]);
  });

  it('names the open rule', () => {
    const server = sqlServer({ name: 'sql-prod', publicNetworkAccess: 'Enabled', firewallRules: ok([rule('0.0.0.0', '255.255.255.255', 'AllowAll')]) });
    expect(runAzureCheck(check, sqlSnapshot([server]))[0]?.message).toContain('AllowAll (0.0.0.0–255.255.255.255)');
  });

  it('reports ERROR on the server when rules were denied and on the subscription when servers were', () => {
    const server = sqlServer({ name: 'sql-prod', firewallRules: denied('Microsoft.Sql/servers/firewallRules/read', SERVER) });
    expect(statuses(runAzureCheck(check, sqlSnapshot([server])))).toEqual([['ERROR', SERVER]]);
    expect(statuses(runAzureCheck(check, sqlSnapshot(denied('Microsoft.Sql/servers/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, sqlSnapshot([]))).toEqual([]);
  });
});
