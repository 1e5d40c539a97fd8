import { describe, expect, it } from 'vitest';
import { denied, entraAuthorizationPolicy, entraData, entraUid, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-guest-user-access-restricted.ts';

const POLICY = entraUid('policies', 'authorizationPolicy');

describe(check.id, () => {
  it.each([
    ['restricted to own objects', ok(entraAuthorizationPolicy({ guestUserRoleId: '2af84b1e-32c8-42b7-82bc-daa82404023b' })), 'PASS'],
    ['limited (the default)', ok(entraAuthorizationPolicy({ guestUserRoleId: '10dae51f-b6af-4016-8d66-8c2a99b929b3' })), 'FAIL'],
    ['same as members', ok(entraAuthorizationPolicy({ guestUserRoleId: 'a0b1b346-4d3e-4e8b-98f8-753987be4970' })), 'FAIL'],
    ['denied', denied('graph:policies.authorizationPolicy.get'), 'ERROR'],
  ] as const)('%s → %s', (_name, authorizationPolicy, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ authorizationPolicy }) })))).toEqual([[expected, POLICY]]);
  });

  it('says which access guests have', () => {
    const [result] = runAzureCheck(check, tenantSnapshot({ entra: entraData({ authorizationPolicy: ok(entraAuthorizationPolicy({ guestUserRoleId: 'a0b1b346-4d3e-4e8b-98f8-753987be4970' })) }) }));
    expect(result?.message).toBe('Guest users have the same access as members.');
  });
});
