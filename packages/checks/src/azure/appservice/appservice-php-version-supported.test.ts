import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_CONFIG } from '@palisade/core';
import { TEST_SUBSCRIPTION_ID, appServiceSite, armId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './appservice-php-version-supported.ts';

const SITE = armId('Microsoft.Web/sites', 'contoso-blog');

// Evaluated at TEST_NOW (2026-06-01): PHP 8.1 ended on 2025-12-31, 8.2 is supported until 2026-12-31.
describe(check.id, () => {
  it.each([
    ['Linux PHP 8.3', { linuxFxVersion: 'PHP|8.3' }, 'PASS'],
    ['Linux PHP 8.2 (still in security support)', { linuxFxVersion: 'php|8.2' }, 'PASS'],
    ['a release newer than the table', { linuxFxVersion: 'PHP|9.0' }, 'PASS'],
    ['Linux PHP 8.1', { linuxFxVersion: 'PHP|8.1' }, 'FAIL'],
    ['Linux PHP 7.4', { linuxFxVersion: 'PHP|7.4' }, 'FAIL'],
    ['Windows PHP 5.6 left enabled', { linuxFxVersion: '', phpVersion: '5.6' }, 'FAIL'],
    ['unreadable version', { linuxFxVersion: 'PHP|latest' }, 'MANUAL'],
  ] as const)('%s → %s', (_name, siteConfig, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-blog', siteConfig })]) } }));
    expect(statuses(results)).toEqual([[expected, SITE]]);
  });

  it.each([
    ['a .NET app', { linuxFxVersion: 'DOTNETCORE|8.0' }],
    ['a Python app', { linuxFxVersion: 'PYTHON|3.12' }],
    ['a container', { linuxFxVersion: 'DOCKER|contoso.azurecr.io/blog:1.4' }],
    ['a Windows app with PHP off', { linuxFxVersion: '', phpVersion: 'Off' }],
    ['a Windows app with no PHP version', { linuxFxVersion: '', phpVersion: '' }],
  ] as const)('reports nothing for %s', (_name, siteConfig) => {
    expect(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-blog', siteConfig })]) } }))).toEqual([]);
  });

  it('fails a release once its end of support has passed', () => {
    const scope = subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-blog', siteConfig: { linuxFxVersion: 'PHP|8.2' } })]) } });
    const results = check.evaluate(scope, { config: DEFAULT_CHECK_CONFIG, now: new Date('2027-01-01T00:00:00Z') });
    expect(statuses(results)).toEqual([['FAIL', SITE]]);
    expect(results[0]?.message).toContain('2026-12-31');
  });

  it('reports ERROR on the site when its configuration could not be read, and on the subscription when sites could not be listed', () => {
    const site = appServiceSite({ name: 'contoso-blog', config: denied('Microsoft.Web/sites/config/read', SITE) });
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([site]) } })))).toEqual([['ERROR', SITE]]);
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: denied('Microsoft.Web/sites/read') } })))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([]) } }))).toEqual([]);
  });
});
