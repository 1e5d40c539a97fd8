import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, ok, runAzureCheck, sqlFirewallRule, sqlServer, sqlServerId, sqlSnapshot, statuses } from '../../testing/azure/index.ts';
import check from './sql-server-azure-services-access-disabled.ts';

const SERVER = sqlServerId('sql-prod');
const AZURE_SERVICES = sqlFirewallRule('sql-prod', 'AllowAllWindowsAzureIps', '0.0.0.0', '0.0.0.0');

describe(check.id, () => {
  it.each([
    ['no rules', [], 'Enabled', 'PASS'],
    ['an office address only', [sqlFirewallRule('sql-prod', 'office', '203.0.113.10', '203.0.113.10')], 'Enabled', 'PASS'],
    ['Azure services rule', [AZURE_SERVICES], 'Enabled', 'FAIL'],
    ['Azure services rule, public access disabled', [AZURE_SERVICES], 'Disabled', 'PASS'],
  ] as const)('%s → %s', (_name, rules, publicNetworkAccess, expected) => {
    const server = sqlServer({ name: 'sql-prod', publicNetworkAccess, firewallRules: ok(rules) });
    expect(statuses(runAzureCheck(check, sqlSnapshot([server])))).toEqual([[expected, SERVER]]);
  });

  it('reports ERROR on the server when rules were denied and on the subscription when servers were', () => {
    const server = sqlServer({ name: 'sql-prod', firewallRules: denied('Microsoft.Sql/servers/firewallRules/read', SERVER) });
    expect(statuses(runAzureCheck(check, sqlSnapshot([server])))).toEqual([['ERROR', SERVER]]);
    expect(statuses(runAzureCheck(check, sqlSnapshot(denied('Microsoft.Sql/servers/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, sqlSnapshot([]))).toEqual([]);
  });
});
