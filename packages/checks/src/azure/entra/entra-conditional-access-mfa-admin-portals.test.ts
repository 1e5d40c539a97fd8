import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraConditionalAccessPolicy as policy, entraData, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-conditional-access-mfa-admin-portals.ts';

const apps = (includeApplications: string[], excludeApplications: string[] = []) => ({ applications: { includeApplications, excludeApplications, includeUserActions: [] } });
const withPolicies = (...policies: ReturnType<typeof policy>[]) => entraData({ conditionalAccessPolicies: ok(policies) });

describe(check.id, () => {
  it.each([
    ['admin portals targeted', withPolicies(policy({ id: 'portals', conditions: apps(['MicrosoftAdminPortals']) })), 'PASS'],
    ['all resources', withPolicies(policy({ id: 'all' })), 'PASS'],
    ['all resources except admin portals', withPolicies(policy({ id: 'all', conditions: apps(['All'], ['MicrosoftAdminPortals']) })), 'FAIL'],
    ['admin portals for one group only', withPolicies(policy({ id: 'portals', users: { includeUsers: [], includeGroups: ['it'] }, conditions: apps(['MicrosoftAdminPortals']) })), 'FAIL'],
    ['security defaults on, no policy', entraData({ securityDefaults: ok({ id: 'sd', isEnabled: true }) }), 'FAIL'],
    ['policies denied', entraData({ conditionalAccessPolicies: denied('graph:identity.conditionalAccess.policies.list') }), 'ERROR'],
  ] as const)('%s → %s', (_name, entra, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra })))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });
});
