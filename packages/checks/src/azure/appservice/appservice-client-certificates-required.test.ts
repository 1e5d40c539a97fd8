import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, appServiceSite, armId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './appservice-client-certificates-required.ts';

const SITE = armId('Microsoft.Web/sites', 'contoso-api');

describe(check.id, () => {
  it.each([
    ['required', true, 'Required', 'PASS'],
    ['optional', true, 'Optional', 'FAIL'],
    ['optional for interactive users', true, 'OptionalInteractiveUser', 'FAIL'],
    ['off (mode ignored)', false, 'Required', 'FAIL'],
  ] as const)('%s → %s', (_name, clientCertEnabled, clientCertMode, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-api', clientCertEnabled, clientCertMode })]) } }));
    expect(statuses(results)).toEqual([[expected, SITE]]);
  });

  it('reports ERROR on the subscription when sites could not be listed, nothing without sites', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: denied('Microsoft.Web/sites/read') } })))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([]) } }))).toEqual([]);
  });
});
