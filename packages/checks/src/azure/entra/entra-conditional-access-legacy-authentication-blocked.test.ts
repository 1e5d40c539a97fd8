import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraConditionalAccessPolicy as policy, entraData, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-conditional-access-legacy-authentication-blocked.ts';

const withPolicies = (...policies: ReturnType<typeof policy>[]) => entraData({ conditionalAccessPolicies: ok(policies) });
const block = { builtInControls: ['block'] };

describe(check.id, () => {
  it.each([
    ['legacy clients blocked', withPolicies(policy({ id: 'legacy', conditions: { clientAppTypes: ['exchangeActiveSync', 'other'] }, grantControls: block })), 'PASS'],
    ['only "other" blocked', withPolicies(policy({ id: 'legacy', conditions: { clientAppTypes: ['other'] }, grantControls: block })), 'FAIL'],
    ['legacy clients require MFA (cannot be met, not a block)', withPolicies(policy({ id: 'legacy', conditions: { clientAppTypes: ['exchangeActiveSync', 'other'] } })), 'FAIL'],
    ['blocked for one group', withPolicies(policy({ id: 'legacy', users: { includeUsers: [], includeGroups: ['pilot'] }, conditions: { clientAppTypes: ['exchangeActiveSync', 'other'] }, grantControls: block })), 'FAIL'],
    ['security defaults on', entraData({ securityDefaults: ok({ id: 'sd', isEnabled: true }) }), 'PASS'],
    ['nothing', entraData(), 'FAIL'],
    ['policies denied', entraData({ conditionalAccessPolicies: denied('graph:identity.conditionalAccess.policies.list') }), 'ERROR'],
  ] as const)('%s → %s', (_name, entra, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra })))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });
});
