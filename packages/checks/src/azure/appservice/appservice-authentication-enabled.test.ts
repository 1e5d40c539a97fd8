import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, appServiceSite, armId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './appservice-authentication-enabled.ts';

const SITE = armId('Microsoft.Web/sites', 'contoso-portal');

describe(check.id, () => {
  it.each([
    ['Entra authentication on', ok({ platform: { enabled: true }, enabledIdentityProviders: ['azureActiveDirectory'] }), 'PASS'],
    ['authentication off', ok({ platform: { enabled: false }, globalValidation: { unauthenticatedClientAction: 'AllowAnonymous' }, enabledIdentityProviders: [] }), 'FAIL'],
    ['never set up', ok(null), 'FAIL'],
    ['denied', denied('Microsoft.Web/sites/config/read', SITE), 'ERROR'],
  ] as const)('%s → %s', (_name, authSettings, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-portal', authSettings })]) } }));
    expect(statuses(results)).toEqual([[expected, SITE]]);
  });

  it('names the providers and the unauthenticated action', () => {
    const [result] = runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-portal' })]) } }));
    expect(result?.message).toContain('azureActiveDirectory');
    expect(result?.message).toContain('RedirectToLoginPage');
  });

  it('reports ERROR on the subscription when sites could not be listed, nothing without sites', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: denied('Microsoft.Web/sites/read') } })))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([]) } }))).toEqual([]);
  });
});
