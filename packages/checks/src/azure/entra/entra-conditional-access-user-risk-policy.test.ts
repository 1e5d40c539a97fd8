import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraConditionalAccessPolicy as policy, entraData, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-conditional-access-user-risk-policy.ts';

const withPolicies = (...policies: ReturnType<typeof policy>[]) => entraData({ conditionalAccessPolicies: ok(policies) });
const highRisk = { userRiskLevels: ['high'] };

describe(check.id, () => {
  it.each([
    ['high risk → MFA and password change', withPolicies(policy({ id: 'risk', conditions: highRisk, grantControls: { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] } })), 'PASS'],
    ['high risk → block', withPolicies(policy({ id: 'risk', conditions: highRisk, grantControls: { builtInControls: ['block'] } })), 'PASS'],
    ['high risk → MFA only', withPolicies(policy({ id: 'risk', conditions: highRisk })), 'FAIL'],
    ['medium risk only → block', withPolicies(policy({ id: 'risk', conditions: { userRiskLevels: ['medium'] }, grantControls: { builtInControls: ['block'] } })), 'FAIL'],
    ['no policy', entraData(), 'FAIL'],
    ['policies denied', entraData({ conditionalAccessPolicies: denied('graph:identity.conditionalAccess.policies.list') }), 'ERROR'],
  ] as const)('%s → %s', (_name, entra, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra })))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });
});
