import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraConditionalAccessPolicy as policy, entraData, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-conditional-access-risky-sign-ins-mfa.ts';

const withPolicies = (...policies: ReturnType<typeof policy>[]) => entraData({ conditionalAccessPolicies: ok(policies) });

describe(check.id, () => {
  it.each([
    ['high and medium → MFA', withPolicies(policy({ id: 'risk', conditions: { signInRiskLevels: ['high', 'medium'] } })), 'PASS'],
    ['high and medium → block', withPolicies(policy({ id: 'risk', conditions: { signInRiskLevels: ['high', 'medium'] }, grantControls: { builtInControls: ['block'] } })), 'PASS'],
    ['high only', withPolicies(policy({ id: 'risk', conditions: { signInRiskLevels: ['high'] } })), 'FAIL'],
    ['no risk condition', withPolicies(policy({ id: 'mfa' })), 'FAIL'],
    ['risk for one group', withPolicies(policy({ id: 'risk', users: { includeUsers: [], includeGroups: ['pilot'] }, conditions: { signInRiskLevels: ['high', 'medium'] } })), 'FAIL'],
    ['security defaults on', entraData({ securityDefaults: ok({ id: 'sd', isEnabled: true }) }), 'FAIL'],
    ['policies denied', entraData({ conditionalAccessPolicies: denied('graph:identity.conditionalAccess.policies.list') }), 'ERROR'],
  ] as const)('%s → %s', (_name, entra, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra })))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });
});
