import { describe, expect, it } from 'vitest';
import type { AppServiceDiagnosticSetting } from '@palisade/core/azure';
import { APP_SERVICE_TEST_WORKSPACE_ID, TEST_SUBSCRIPTION_ID, appServiceSite, armId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './appservice-http-logs-enabled.ts';

const SITE = armId('Microsoft.Web/sites', 'contoso-portal');
const STORAGE = armId('Microsoft.Storage/storageAccounts', 'contosologs');
const setting = (overrides: Partial<AppServiceDiagnosticSetting>): AppServiceDiagnosticSetting => ({
  id: `${SITE}/providers/microsoft.insights/diagnosticSettings/to-workspace`,
  name: 'to-workspace',
  workspaceId: APP_SERVICE_TEST_WORKSPACE_ID,
  logs: [{ category: 'AppServiceHTTPLogs', enabled: true }],
  ...overrides,
});

describe(check.id, () => {
  it.each([
    ['HTTP logs to a workspace', ok([setting({})]), 'PASS'],
    ['allLogs group to a storage account', ok([setting({ workspaceId: undefined, storageAccountId: STORAGE, logs: [{ categoryGroup: 'allLogs', enabled: true }] })]), 'PASS'],
    ['HTTP logs category present but off', ok([setting({ logs: [{ category: 'AppServiceHTTPLogs', enabled: false }, { category: 'AppServiceConsoleLogs', enabled: true }] })]), 'FAIL'],
    ['only other categories', ok([setting({ logs: [{ category: 'AppServiceAuditLogs', enabled: true }] })]), 'FAIL'],
    ['no destination', ok([setting({ workspaceId: undefined })]), 'FAIL'],
    ['no diagnostic setting', ok([]), 'FAIL'],
    ['denied', denied('Microsoft.Insights/diagnosticSettings/read', SITE), 'ERROR'],
  ] as const)('%s → %s', (_name, diagnosticSettings, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-portal', diagnosticSettings })]) } }));
    expect(statuses(results)).toEqual([[expected, SITE]]);
  });

  it('reports nothing for function apps, which have no HTTP log category', () => {
    const site = appServiceSite({ name: 'contoso-orders', kind: 'functionapp,linux', diagnosticSettings: ok([]) });
    expect(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([site]) } }))).toEqual([]);
  });

  it('reports ERROR on the subscription when sites could not be listed, nothing without sites', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: denied('Microsoft.Web/sites/read') } })))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([]) } }))).toEqual([]);
  });
});
