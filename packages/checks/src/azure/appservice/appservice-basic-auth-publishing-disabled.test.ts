import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, appServiceSite, armId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './appservice-basic-auth-publishing-disabled.ts';

const SITE = armId('Microsoft.Web/sites', 'contoso-portal');
const policies = (ftp: boolean, scm: boolean) =>
  ok([
    { name: 'ftp', allow: ftp },
    { name: 'scm', allow: scm },
  ]);

describe(check.id, () => {
  it.each([
    ['both channels refuse basic auth', policies(false, false), 'PASS'],
    ['FTP allows basic auth', policies(true, false), 'FAIL'],
    ['SCM allows basic auth', policies(false, true), 'FAIL'],
    ['both allow basic auth', policies(true, true), 'FAIL'],
    ['denied', denied('Microsoft.Web/sites/basicPublishingCredentialsPolicies/read', SITE), 'ERROR'],
  ] as const)('%s → %s', (_name, publishingCredentialsPolicies, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-portal', publishingCredentialsPolicies })]) } }));
    expect(statuses(results)).toEqual([[expected, SITE]]);
  });

  it('names the channels that allow basic authentication', () => {
    const [result] = runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-portal', publishingCredentialsPolicies: policies(true, true) })]) } }));
    expect(result?.message).toContain('FTP and SCM');
  });

  it('reports nothing for a site without publishing policies', () => {
    expect(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-portal', publishingCredentialsPolicies: ok([]) })]) } }))).toEqual([]);
  });

  it('reports ERROR on the subscription when sites could not be listed, nothing without sites', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: denied('Microsoft.Web/sites/read') } })))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([]) } }))).toEqual([]);
  });
});
