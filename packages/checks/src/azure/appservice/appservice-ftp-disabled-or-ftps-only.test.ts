import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, appServiceSite, armId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './appservice-ftp-disabled-or-ftps-only.ts';

const SITE = armId('Microsoft.Web/sites', 'contoso-portal');

describe(check.id, () => {
  it.each([
    ['FTP disabled', { ftpsState: 'Disabled' }, 'PASS'],
    ['FTPS only', { ftpsState: 'FtpsOnly' }, 'PASS'],
    ['FTP and FTPS allowed', { ftpsState: 'AllAllowed' }, 'FAIL'],
    ['not reported (default allows all)', { ftpsState: undefined }, 'FAIL'],
  ] as const)('%s → %s', (_name, siteConfig, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-portal', siteConfig })]) } }));
    expect(statuses(results)).toEqual([[expected, SITE]]);
  });

  it('reports ERROR on the site when its configuration could not be read', () => {
    const site = appServiceSite({ name: 'contoso-portal', config: denied('Microsoft.Web/sites/config/read', SITE) });
    const results = runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([site]) } }));
    expect(statuses(results)).toEqual([['ERROR', SITE]]);
    expect(results[0]?.error?.api).toBe('Microsoft.Web/sites/config/read');
  });

  it('reports ERROR on the subscription when sites could not be listed, nothing without sites', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: denied('Microsoft.Web/sites/read') } })))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([]) } }))).toEqual([]);
  });
});
