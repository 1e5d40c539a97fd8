import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, keyVaultDiagnosticSetting, denied, keyVault, keyVaultId, keyVaultScope, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './keyvault-logging-enabled.ts';

const ID = keyVaultId('kv-app');
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

describe(check.id, () => {
  it.each([
    ['audit group to a workspace', { diagnosticSettings: ok([keyVaultDiagnosticSetting()]) }, 'PASS'],
    ['AuditEvent to a storage account', { diagnosticSettings: ok([keyVaultDiagnosticSetting({ workspaceId: undefined, storageAccountId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stlogs', logs: [{ category: 'AuditEvent', enabled: true }] })]) }, 'PASS'],
    ['allLogs to an event hub', { diagnosticSettings: ok([keyVaultDiagnosticSetting({ workspaceId: undefined, eventHubAuthorizationRuleId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ehn/authorizationRules/send', logs: [{ categoryGroup: 'allLogs', enabled: true }] })]) }, 'PASS'],
    ['AuditEvent disabled', { diagnosticSettings: ok([keyVaultDiagnosticSetting({ logs: [{ category: 'AuditEvent', enabled: false }, { category: 'AzurePolicyEvaluationDetails', enabled: true }] })]) }, 'FAIL'],
    ['no destination', { diagnosticSettings: ok([keyVaultDiagnosticSetting({ workspaceId: undefined })]) }, 'FAIL'],
    ['no diagnostic setting', { diagnosticSettings: ok([]) }, 'FAIL'],
    ['denied', { diagnosticSettings: denied('Microsoft.Insights/diagnosticSettings/read', keyVaultId('kv-app')) }, 'ERROR'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, keyVaultScope([keyVault({ name: 'kv-app', ...overrides })]));
    expect(statuses(results)).toEqual([[expected, ID]]);
  });

  it('reports ERROR on the subscription when key vaults could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ keyvault: { vaults: denied('Microsoft.KeyVault/vaults/read'), managedHsms: ok([]) } }));
    expect(statuses(results)).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports ERROR on the subscription when keyvault was not collected', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({})))).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports nothing for a subscription without key vaults', () => {
    expect(runAzureCheck(check, keyVaultScope([]))).toEqual([]);
  });
});
