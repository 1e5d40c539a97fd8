import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraCountryLocation, entraData, entraIpLocation, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-trusted-locations-defined.ts';

describe(check.id, () => {
  it.each([
    ['a trusted IP range', ok([entraIpLocation({ id: 'office' })]), 'PASS'],
    ['an untrusted IP range and a country list', ok([entraIpLocation({ id: 'vpn', isTrusted: false }), entraCountryLocation({ id: 'geo' })]), 'FAIL'],
    ['no named locations', ok([]), 'FAIL'],
    ['denied', denied('graph:identity.conditionalAccess.namedLocations.list'), 'ERROR'],
  ] as const)('%s → %s', (_name, namedLocations, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ namedLocations }) })))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });

  it('names the trusted ranges for review', () => {
    const [result] = runAzureCheck(check, tenantSnapshot({ entra: entraData({ namedLocations: ok([entraIpLocation({ id: 'o', displayName: 'Head office', ipRanges: ['203.0.113.0/24'] })]) }) }));
    expect(result?.message).toBe('Trusted named locations: Head office (203.0.113.0/24).');
  });
});
