import { describe, expect, it } from 'vitest';
import { denied, entraAuthorizationPolicy, entraData, entraUid, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-user-consent-verified-publishers-only.ts';

const POLICY = entraUid('policies', 'authorizationPolicy');
const consent = (...permissionGrantPoliciesAssigned: string[]) => ok(entraAuthorizationPolicy({ defaultUserRolePermissions: { permissionGrantPoliciesAssigned } }));

describe(check.id, () => {
  it.each([
    ['no user consent', consent(), 'PASS'],
    ['verified publishers, low impact', consent('ManagePermissionGrantsForSelf.microsoft-user-default-low'), 'PASS'],
    ['Microsoft-managed recommended', consent('ManagePermissionGrantsForSelf.microsoft-user-default-recommended'), 'PASS'],
    ['any app', consent('ManagePermissionGrantsForSelf.microsoft-user-default-legacy'), 'FAIL'],
    ['a custom consent policy', consent('ManagePermissionGrantsForSelf.contoso-finance-apps'), 'MANUAL'],
    ['denied', denied('graph:policies.authorizationPolicy.get'), 'ERROR'],
  ] as const)('%s → %s', (_name, authorizationPolicy, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ authorizationPolicy }) })))).toEqual([[expected, POLICY]]);
  });
});
