import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, appServiceSite, armId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './appservice-managed-identity-enabled.ts';

const SITE = armId('Microsoft.Web/sites', 'contoso-orders');
const USER_IDENTITY = armId('Microsoft.ManagedIdentity/userAssignedIdentities', 'orders-identity');

describe(check.id, () => {
  it.each([
    ['system-assigned', { type: 'SystemAssigned', principalId: '3f6e8a3c-9f1d-4a55-8a3e-2f1c6b2d9e10', userAssignedIdentityIds: [] }, 'PASS'],
    ['user-assigned', { type: 'UserAssigned', userAssignedIdentityIds: [USER_IDENTITY] }, 'PASS'],
    ['no identity', null, 'FAIL'],
  ] as const)('%s → %s', (_name, identity, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-orders', kind: 'functionapp,linux', identity })]) } }));
    expect(statuses(results)).toEqual([[expected, SITE]]);
  });

  it('reports ERROR on the subscription when sites could not be listed, nothing without sites', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: denied('Microsoft.Web/sites/read') } })))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([]) } }))).toEqual([]);
  });
});
