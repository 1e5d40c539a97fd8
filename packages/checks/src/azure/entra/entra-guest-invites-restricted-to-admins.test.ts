import { describe, expect, it } from 'vitest';
import { denied, entraAuthorizationPolicy, entraData, entraUid, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-guest-invites-restricted-to-admins.ts';

const POLICY = entraUid('policies', 'authorizationPolicy');

describe(check.id, () => {
  it.each([
    ['admins and guest inviters', ok(entraAuthorizationPolicy({ allowInvitesFrom: 'adminsAndGuestInviters' })), 'PASS'],
    ['no one', ok(entraAuthorizationPolicy({ allowInvitesFrom: 'none' })), 'PASS'],
    ['all members', ok(entraAuthorizationPolicy({ allowInvitesFrom: 'adminsGuestInvitersAndAllMembers' })), 'FAIL'],
    ['everyone (the default)', ok(entraAuthorizationPolicy({ allowInvitesFrom: 'everyone' })), 'FAIL'],
    ['denied', denied('graph:policies.authorizationPolicy.get'), 'ERROR'],
  ] as const)('%s → %s', (_name, authorizationPolicy, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ authorizationPolicy }) })))).toEqual([[expected, POLICY]]);
  });
});
