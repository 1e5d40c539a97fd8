import { describe, expect, it } from 'vitest';
import { denied, entraAuthorizationPolicy, entraData, entraUid, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-user-consent-disabled.ts';

const POLICY = entraUid('policies', 'authorizationPolicy');
const consent = (...permissionGrantPoliciesAssigned: string[]) => ok(entraAuthorizationPolicy({ defaultUserRolePermissions: { permissionGrantPoliciesAssigned } }));

describe(check.id, () => {
  it.each([
    ['no user consent', consent(), 'PASS'],
    ['team and chat consent only', consent('ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-team', 'ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-chat'), 'PASS'],
    ['verified publishers', consent('ManagePermissionGrantsForSelf.microsoft-user-default-low'), 'FAIL'],
    ['any app', consent('ManagePermissionGrantsForSelf.microsoft-user-default-legacy'), 'FAIL'],
    ['denied', denied('graph:policies.authorizationPolicy.get'), 'ERROR'],
  ] as const)('%s → %s', (_name, authorizationPolicy, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ authorizationPolicy }) })))).toEqual([[expected, POLICY]]);
  });
});
