import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, appServiceSite, armId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './appservice-https-only.ts';

const SITE = armId('Microsoft.Web/sites', 'contoso-portal');
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

describe(check.id, () => {
  it.each([
    ['HTTPS only', true, 'PASS'],
    ['plain HTTP served', false, 'FAIL'],
  ] as const)('%s → %s', (_name, httpsOnly, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-portal', httpsOnly })]) } }));
    expect(statuses(results)).toEqual([[expected, SITE]]);
  });

  it('reports the site in its own region with its tags', () => {
    const [result] = runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-portal', location: 'West Europe', tags: { env: 'prod' } })]) } }));
    expect(result?.resource).toEqual({ uid: SITE, type: 'Microsoft.Web/sites', name: 'contoso-portal', region: 'westeurope', tags: { env: 'prod' } });
  });

  it('reports ERROR on the subscription when sites could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: denied('Microsoft.Web/sites/read') } }));
    expect(statuses(results)).toEqual([['ERROR', SUBSCRIPTION]]);
    expect(results[0]?.error?.code).toBe('AuthorizationFailed');
  });

  it('reports ERROR on the subscription when App Service was not collected', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({})))).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports nothing without sites', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([]) } }))).toEqual([]);
  });
});
