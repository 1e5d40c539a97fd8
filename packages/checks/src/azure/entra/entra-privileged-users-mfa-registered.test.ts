import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraData, entraUid, entraUser, entraUserRegistration, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-privileged-users-mfa-registered.ts';

const run = (entra: ReturnType<typeof entraData>) => runAzureCheck(check, tenantSnapshot({ entra }));

describe(check.id, () => {
  it('passes registered administrators, fails unregistered ones and ignores non-administrators', () => {
    const userRegistrations = ok([
      entraUserRegistration({ id: 'admin1', isAdmin: true }),
      entraUserRegistration({ id: 'admin2', isAdmin: true, isMfaRegistered: false, methodsRegistered: [] }),
      entraUserRegistration({ id: 'user1', isMfaRegistered: false }),
    ]);
    expect(statuses(run(entraData({ userRegistrations })))).toEqual([
      ['PASS', entraUid('users', 'admin1')],
      ['FAIL', entraUid('users', 'admin2')],
    ]);
  });

  it('skips disabled accounts', () => {
    const entra = entraData({ users: ok([entraUser({ id: 'admin2', accountEnabled: false })]), userRegistrations: ok([entraUserRegistration({ id: 'admin2', isAdmin: true, isMfaRegistered: false })]) });
    expect(run(entra)).toEqual([]);
  });

  it('reports nothing for an empty report and ERROR (naming the licence) when it cannot be read', () => {
    expect(run(entraData())).toEqual([]);
    const results = run(entraData({ userRegistrations: denied('graph:reports.authenticationMethods.userRegistrationDetails.list') }));
    expect(statuses(results)).toEqual([['ERROR', ENTRA_TENANT_UID]]);
    expect(results[0]?.message).toContain('Entra ID P1');
  });
});
