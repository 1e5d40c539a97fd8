import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraConditionalAccessPolicy, entraData, ok, runAzureCheck, statuses, subscriptionSnapshot, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-security-defaults-enabled.ts';

const defaults = (isEnabled: boolean) => ok({ id: '00000000-0000-0000-0000-000000000005', isEnabled });

describe(check.id, () => {
  it.each([
    ['security defaults on', entraData({ securityDefaults: defaults(true) }), 'PASS'],
    ['off, an enabled Conditional Access policy', entraData({ conditionalAccessPolicies: ok([entraConditionalAccessPolicy({ id: 'mfa' })]) }), 'PASS'],
    ['off, no policy', entraData(), 'FAIL'],
    ['off, only a report-only policy', entraData({ conditionalAccessPolicies: ok([entraConditionalAccessPolicy({ id: 'mfa', state: 'enabledForReportingButNotEnforced' })]) }), 'FAIL'],
    ['security defaults denied', entraData({ securityDefaults: denied('graph:policies.identitySecurityDefaultsEnforcementPolicy.get') }), 'ERROR'],
    ['off, policies denied', entraData({ conditionalAccessPolicies: denied('graph:identity.conditionalAccess.policies.list') }), 'ERROR'],
  ] as const)('%s → %s', (_name, entra, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra })))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });

  it('reports ERROR on the tenant when Entra ID was not collected, and nothing on a subscription', () => {
    expect(statuses(runAzureCheck(check, tenantSnapshot()))).toEqual([['ERROR', ENTRA_TENANT_UID]]);
    expect(runAzureCheck(check, subscriptionSnapshot())).toEqual([]);
  });
});
