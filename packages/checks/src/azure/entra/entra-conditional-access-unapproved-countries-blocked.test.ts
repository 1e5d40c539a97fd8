import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraConditionalAccessPolicy as policy, entraCountryLocation, entraData, entraIpLocation, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-conditional-access-unapproved-countries-blocked.ts';

const locations = ok([entraCountryLocation({ id: 'countries' }), entraIpLocation({ id: 'office' })]);
const block = { builtInControls: ['block'] };
const at = (includeLocations: string[], excludeLocations: string[] = []) => ({ locations: { includeLocations, excludeLocations } });
const withPolicies = (...policies: ReturnType<typeof policy>[]) => entraData({ namedLocations: locations, conditionalAccessPolicies: ok(policies) });

describe(check.id, () => {
  it.each([
    ['deny list of countries', withPolicies(policy({ id: 'geo', conditions: at(['countries']), grantControls: block })), 'PASS'],
    ['allow list: all but the allowed countries', withPolicies(policy({ id: 'geo', conditions: at(['All'], ['countries']), grantControls: block })), 'PASS'],
    ['all but the office IP range (not a country list)', withPolicies(policy({ id: 'geo', conditions: at(['All'], ['office']), grantControls: block })), 'FAIL'],
    ['country list requires MFA instead of blocking', withPolicies(policy({ id: 'geo', conditions: at(['countries']) })), 'FAIL'],
    ['no location policy', withPolicies(policy({ id: 'mfa' })), 'FAIL'],
    ['policies denied', entraData({ namedLocations: locations, conditionalAccessPolicies: denied('graph:identity.conditionalAccess.policies.list') }), 'ERROR'],
    ['named locations denied', entraData({ namedLocations: denied('graph:identity.conditionalAccess.namedLocations.list') }), 'ERROR'],
  ] as const)('%s → %s', (_name, entra, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra })))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });
});
