import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraConditionalAccessPolicy as policy, entraData, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import { MFA_ADMIN_ROLES } from './lib/directory.ts';
import check from './entra-conditional-access-mfa-administrators.ts';

const ADMIN_ROLES = Object.keys(MFA_ADMIN_ROLES);
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const withPolicies = (...policies: ReturnType<typeof policy>[]) => entraData({ conditionalAccessPolicies: ok(policies) });
const byRoles = (id: string, roles: readonly string[]) => policy({ id, users: { includeUsers: [], includeRoles: roles } });

describe(check.id, () => {
  it.each([
    ['all admin roles in one policy', withPolicies(byRoles('admins', ADMIN_ROLES)), 'PASS'],
    ['admin roles split over two policies', withPolicies(byRoles('a', ADMIN_ROLES.slice(0, 7)), byRoles('b', ADMIN_ROLES.slice(7))), 'PASS'],
    ['MFA for all users', withPolicies(policy({ id: 'all' })), 'PASS'],
    ['Global Administrator only', withPolicies(byRoles('ga', [GLOBAL_ADMIN])), 'FAIL'],
    ['all users but Global Administrator excluded', withPolicies(policy({ id: 'all', users: { excludeRoles: [GLOBAL_ADMIN] } })), 'FAIL'],
    ['admin roles, report-only', withPolicies(policy({ id: 'admins', state: 'enabledForReportingButNotEnforced', users: { includeUsers: [], includeRoles: ADMIN_ROLES } })), 'FAIL'],
    ['admin roles, admin portals only', withPolicies(policy({ id: 'admins', users: { includeUsers: [], includeRoles: ADMIN_ROLES }, conditions: { applications: { includeApplications: ['MicrosoftAdminPortals'], excludeApplications: [], includeUserActions: [] } } })), 'FAIL'],
    ['no policy, security defaults on', entraData({ securityDefaults: ok({ id: 'sd', isEnabled: true }) }), 'PASS'],
    ['no policy', entraData(), 'FAIL'],
    ['policies denied', entraData({ conditionalAccessPolicies: denied('graph:identity.conditionalAccess.policies.list') }), 'ERROR'],
    ['no policy, security defaults denied', entraData({ securityDefaults: denied('graph:policies.identitySecurityDefaultsEnforcementPolicy.get') }), 'ERROR'],
  ] as const)('%s → %s', (_name, entra, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra })))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });

  it('names the uncovered roles', () => {
    const [result] = runAzureCheck(check, tenantSnapshot({ entra: withPolicies(byRoles('most', ADMIN_ROLES.filter((role) => role !== GLOBAL_ADMIN))) }));
    expect(result?.message).toBe('No enabled Conditional Access policy requires MFA for 1 administrator role: Global Administrator.');
  });
});
