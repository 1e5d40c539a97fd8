import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraConditionalAccessPolicy as policy, entraData, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-conditional-access-mfa-azure-management.ts';

const AZURE_MANAGEMENT = '797f4846-ba00-4fd7-ba43-dac1f8f63013';
const apps = (includeApplications: string[], excludeApplications: string[] = []) => ({ applications: { includeApplications, excludeApplications, includeUserActions: [] } });
const withPolicies = (...policies: ReturnType<typeof policy>[]) => entraData({ conditionalAccessPolicies: ok(policies) });

describe(check.id, () => {
  it.each([
    ['Azure management targeted', withPolicies(policy({ id: 'arm', conditions: apps([AZURE_MANAGEMENT]) })), 'PASS'],
    ['all resources', withPolicies(policy({ id: 'all' })), 'PASS'],
    ['all resources except Azure management', withPolicies(policy({ id: 'all', conditions: apps(['All'], [AZURE_MANAGEMENT]) })), 'FAIL'],
    ['Office 365 only', withPolicies(policy({ id: 'o365', conditions: apps(['Office365']) })), 'FAIL'],
    ['Azure management, compliant device instead of MFA', withPolicies(policy({ id: 'arm', conditions: apps([AZURE_MANAGEMENT]), grantControls: { builtInControls: ['compliantDevice'] } })), 'FAIL'],
    ['security defaults on', entraData({ securityDefaults: ok({ id: 'sd', isEnabled: true }) }), 'PASS'],
    ['nothing', entraData(), 'FAIL'],
    ['policies denied', entraData({ conditionalAccessPolicies: denied('graph:identity.conditionalAccess.policies.list') }), 'ERROR'],
  ] as const)('%s → %s', (_name, entra, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra })))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });
});
