import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraData, entraUid, entraUserRegistration, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-users-mfa-registered.ts';

describe(check.id, () => {
  it('passes registered members, fails unregistered ones, ignores administrators and guests', () => {
    const userRegistrations = ok([
      entraUserRegistration({ id: 'alice' }),
      entraUserRegistration({ id: 'bob', isMfaRegistered: false, methodsRegistered: [] }),
      entraUserRegistration({ id: 'admin', isAdmin: true, isMfaRegistered: false }),
      entraUserRegistration({ id: 'partner', userType: 'guest', isMfaRegistered: false }),
    ]);
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ userRegistrations }) })))).toEqual([
      ['PASS', entraUid('users', 'alice')],
      ['FAIL', entraUid('users', 'bob')],
    ]);
  });

  it('reports ERROR on the tenant when the report cannot be read', () => {
    const userRegistrations = { error: { api: 'graph:reports.authenticationMethods.userRegistrationDetails.list', code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', message: "Neither tenant is B2C or tenant doesn't have premium license", httpStatus: 403 } };
    const results = runAzureCheck(check, tenantSnapshot({ entra: entraData({ userRegistrations }) }));
    expect(statuses(results)).toEqual([['ERROR', ENTRA_TENANT_UID]]);
    expect(results[0]?.message).toContain('failed with Authentication_RequestFromNonPremiumTenantOrB2CTenant');
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ userRegistrations: denied('graph:reports.authenticationMethods.userRegistrationDetails.list') }) })))).toEqual([['ERROR', ENTRA_TENANT_UID]]);
  });
});
