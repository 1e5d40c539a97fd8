import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, ok, postgreSqlFirewallRule, postgreSqlServer, postgreSqlServerId, postgreSqlSnapshot, runAzureCheck, statuses } from '../../testing/azure/index.ts';
import check from './postgresql-server-azure-services-access-disabled.ts';

const SERVER = postgreSqlServerId('pg-orders');
const AZURE_SERVICES = postgreSqlFirewallRule('pg-orders', 'AllowAllAzureServicesAndResourcesWithinAzureIps_2024-5-2_10-15-3', '0.0.0.0', '0.0.0.0');

describe(check.id, () => {
  it.each([
    ['no rules', [], 'Enabled', 'PASS'],
    ['an office address', [postgreSqlFirewallRule('pg-orders', 'office', '203.0.113.10', '203.0.113.10')], 'Enabled', 'PASS'],
    ['Azure services rule', [AZURE_SERVICES], 'Enabled', 'FAIL'],
    ['Azure services rule, public access disabled', [AZURE_SERVICES], 'Disabled', 'PASS'],
  ] as const)('%s → %s', (_name, rules, publicNetworkAccess, expected) => {
    const server = postgreSqlServer({ name: 'pg-orders', publicNetworkAccess, firewallRules: ok(rules) });
    expect(statuses(runAzureCheck(check, postgreSqlSnapshot([server])))).toEqual([[expected, SERVER]]);
  });

  it('reports ERROR on the server when rules were denied and on the subscription when servers were', () => {
    const server = postgreSqlServer({ name: 'pg-orders', firewallRules: denied('Microsoft.DBforPostgreSQL/flexibleServers/firewallRules/read', SERVER) });
    expect(statuses(runAzureCheck(check, postgreSqlSnapshot([server])))).toEqual([['ERROR', SERVER]]);
    expect(statuses(runAzureCheck(check, postgreSqlSnapshot(denied('Microsoft.DBforPostgreSQL/flexibleServers/read'))))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, postgreSqlSnapshot([]))).toEqual([]);
  });
});
