import { describe, expect, it } from 'vitest';
import { denied, entraAuthorizationPolicy, entraData, entraUid, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-users-cannot-register-applications.ts';

const POLICY = entraUid('policies', 'authorizationPolicy');

describe(check.id, () => {
  it.each([
    ['restricted', ok(entraAuthorizationPolicy({ defaultUserRolePermissions: { allowedToCreateApps: false } })), 'PASS'],
    ['allowed', ok(entraAuthorizationPolicy({ defaultUserRolePermissions: { allowedToCreateApps: true } })), 'FAIL'],
    ['denied', denied('graph:policies.authorizationPolicy.get'), 'ERROR'],
  ] as const)('%s → %s', (_name, authorizationPolicy, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ authorizationPolicy }) })))).toEqual([[expected, POLICY]]);
  });
});
