import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, appServiceSite, armId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './appservice-python-version-supported.ts';

const SITE = armId('Microsoft.Web/sites', 'contoso-api');

// Evaluated at TEST_NOW (2026-06-01): Python 3.9 ended in October 2025, 3.10 ends on 2026-10-31.
describe(check.id, () => {
  it.each([
    ['Linux Python 3.12', { linuxFxVersion: 'PYTHON|3.12' }, 'PASS'],
    ['function app Python 3.10', { linuxFxVersion: 'Python|3.10' }, 'PASS'],
    ['Linux Python 3.9', { linuxFxVersion: 'PYTHON|3.9' }, 'FAIL'],
    ['Linux Python 3.7', { linuxFxVersion: 'PYTHON|3.7' }, 'FAIL'],
    ['Windows Python 2.7', { linuxFxVersion: '', pythonVersion: '2.7' }, 'FAIL'],
  ] as const)('%s → %s', (_name, siteConfig, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-api', siteConfig })]) } }));
    expect(statuses(results)).toEqual([[expected, SITE]]);
  });

  it.each([
    ['a Node app', { linuxFxVersion: 'NODE|20-lts' }],
    ['a Windows app with Python off', { linuxFxVersion: '', pythonVersion: '' }],
  ] as const)('reports nothing for %s', (_name, siteConfig) => {
    expect(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-api', siteConfig })]) } }))).toEqual([]);
  });

  it('reports ERROR on the site when its configuration could not be read, and on the subscription when sites could not be listed', () => {
    const site = appServiceSite({ name: 'contoso-api', config: denied('Microsoft.Web/sites/config/read', SITE) });
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([site]) } })))).toEqual([['ERROR', SITE]]);
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: denied('Microsoft.Web/sites/read') } })))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([]) } }))).toEqual([]);
  });
});
