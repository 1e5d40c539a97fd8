import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraConditionalAccessPolicy as policy, entraData, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-conditional-access-mfa-all-users.ts';

const run = (entra: ReturnType<typeof entraData>) => runAzureCheck(check, tenantSnapshot({ entra }));
const withPolicies = (...policies: ReturnType<typeof policy>[]) => entraData({ conditionalAccessPolicies: ok(policies) });

describe(check.id, () => {
  it.each([
    ['MFA for all users', withPolicies(policy({ id: 'mfa' })), 'PASS'],
    ['MFA with break-glass exclusion', withPolicies(policy({ id: 'mfa', users: { excludeUsers: ['break-glass'] } })), 'PASS'],
    ['phishing-resistant strength', withPolicies(policy({ id: 'mfa', grantControls: { builtInControls: [], authenticationStrength: { id: '00000000-0000-0000-0000-000000000004', displayName: 'Phishing-resistant MFA', requirementsSatisfied: 'mfa' } } })), 'PASS'],
    ['MFA AND compliant device', withPolicies(policy({ id: 'mfa', grantControls: { operator: 'AND', builtInControls: ['mfa', 'compliantDevice'] } })), 'PASS'],
    ['MFA OR compliant device', withPolicies(policy({ id: 'mfa', grantControls: { operator: 'OR', builtInControls: ['mfa', 'compliantDevice'] } })), 'FAIL'],
    ['MFA OR terms of use', withPolicies(policy({ id: 'mfa', grantControls: { termsOfUse: ['tou-1'] } })), 'FAIL'],
    ['only some users', withPolicies(policy({ id: 'mfa', users: { includeUsers: [], includeGroups: ['finance'] } })), 'FAIL'],
    ['only Office 365', withPolicies(policy({ id: 'mfa', conditions: { applications: { includeApplications: ['Office365'], excludeApplications: [], includeUserActions: [] } } })), 'FAIL'],
    ['only risky sign-ins', withPolicies(policy({ id: 'mfa', conditions: { signInRiskLevels: ['high'] } })), 'FAIL'],
    ['disabled', withPolicies(policy({ id: 'mfa', state: 'disabled' })), 'FAIL'],
    ['report-only', withPolicies(policy({ id: 'mfa', state: 'enabledForReportingButNotEnforced' })), 'FAIL'],
    ['no policies, security defaults on', entraData({ securityDefaults: ok({ id: 'sd', isEnabled: true }) }), 'PASS'],
    ['no policies', entraData(), 'FAIL'],
    ['policies denied', entraData({ conditionalAccessPolicies: denied('graph:identity.conditionalAccess.policies.list') }), 'ERROR'],
    ['no policies, security defaults denied', entraData({ securityDefaults: denied('graph:policies.identitySecurityDefaultsEnforcementPolicy.get') }), 'ERROR'],
  ] as const)('%s → %s', (_name, entra, expected) => {
    expect(statuses(run(entra))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });

  it('passes on security defaults even when Conditional Access cannot be read (no P1 licence)', () => {
    const entra = entraData({
      securityDefaults: ok({ id: 'sd', isEnabled: true }),
      conditionalAccessPolicies: { error: { api: 'graph:identity.conditionalAccess.policies.list', code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', message: "Neither tenant is B2C or tenant doesn't have premium license", httpStatus: 403 } },
    });
    expect(statuses(run(entra))).toEqual([['PASS', ENTRA_TENANT_UID]]);
  });

  it('names the licence error and report-only policies in its messages', () => {
    const error = run(entraData({ conditionalAccessPolicies: { error: { api: 'graph:identity.conditionalAccess.policies.list', code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', message: 'no premium licence' } } }));
    expect(error[0]?.message).toContain('graph:identity.conditionalAccess.policies.list failed with Authentication_RequestFromNonPremiumTenantOrB2CTenant');
    expect(error[0]?.message).toContain('Entra ID P1');
    const reportOnly = run(withPolicies(policy({ id: 'mfa', displayName: 'MFA pilot', state: 'enabledForReportingButNotEnforced' })));
    expect(reportOnly[0]?.message).toContain("'MFA pilot' would, but it is in report-only mode");
    const excluded = run(withPolicies(policy({ id: 'mfa', users: { excludeUsers: ['a', 'b'], excludeGroups: ['g'] } })));
    expect(excluded[0]?.message).toContain('excludes 2 users, 1 group');
  });
});
