import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, ok, postgreSqlFirewallRule, postgreSqlServer, postgreSqlServerId, postgreSqlSnapshot, runAzureCheck, statuses } from '../../testing/azure/index.ts';
import check from './postgresql-server-firewall-not-open-to-internet.ts';

const SERVER = postgreSqlServerId('pg-orders');
const rule = (start: string, end: string, name = 'rule') => postgreSqlFirewallRule('pg-orders', name, start, end);

describe(check.id, () => {
  it.each([
    ['no rules', [], 'Enabled', 'PASS'],
    ['a /24', [rule('198.51.100.0', '198.51.100.255')], 'Enabled', 'PASS'],
    ['the Azure services rule', [rule('0.0.0.0', '0.0.0.0')], 'Enabled', 'PASS'],
    ['every address', [rule('0.0.0.0', '255.255.255.255', 'AllowAll_2024-5-2')], 'Enabled', 'FAIL'],
    ['half the internet', [rule('0.0.0.0', '127.255.255.255')], 'Enabled', 'FAIL'],
    ['every address, public access disabled', [rule('0.0.0.0', '255.255.255.255')], 'Disabled', 'PASS'],
  ] as const)('%s → %s', (_name, rules, publicNetworkAccess, expected) => {
    const server = postgreSqlServer({ name: 'pg-orders', publicNetworkAccess, firewallRules: ok(rules) });
    expect(statuses(runAzureCheck(check, postgreSqlSnapshot([server])))).toEqual([[expected, SERVER]]);
  });

  it('follows the configured prefix length', () => {
    const server = postgreSqlServer({ name: 'pg-orders', publicNetworkAccess: 'Enabled', firewallRules: ok([rule('198.51.100.0', '198.51.100.255')]) });
    expect(statuses(runAzureCheck(check, postgreSqlSnapshot([server]), { minPublicIngressPrefixLength: 30 }))).toEqual([['FAIL', SERVER]]);
  });

  it('reports ERROR on the server when rules were denied and on the subscription when servers were', () => {
    const server = postgreSqlServer({ name: 'pg-orders', firewallRules: denied('Microsoft.DBforPostgreSQL/flexibleServers/firewallRules/read', SERVER) });
    expect(statuses(runAzureCheck(check, postgreSqlSnapshot([server])))).toEqual([['ERROR', SERVER]]);
    expect(statuses(runAzureCheck(check, postgreSqlSnapshot(denied('Microsoft.DBforPostgreSQL/flexibleServers/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, postgreSqlSnapshot([]))).toEqual([]);
  });
});
