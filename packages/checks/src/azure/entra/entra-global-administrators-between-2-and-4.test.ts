import { describe, expect, it } from 'vitest';
import { ENTRA_GLOBAL_ADMINISTRATOR_TEMPLATE, ENTRA_TENANT_UID, denied, entraData, entraDirectoryRole, entraRoleMember, entraUid, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-global-administrators-between-2-and-4.ts';

const ROLE = entraUid('directoryRoles', 'ga');
const admins = (n: number) => ok(Array.from({ length: n }, (_, index) => entraRoleMember({ id: `admin${index + 1}` })));
const withGlobalAdmins = (members: ReturnType<typeof admins>) => entraData({ directoryRoles: ok([entraDirectoryRole({ id: 'ga', displayName: 'Global Administrator', roleTemplateId: ENTRA_GLOBAL_ADMINISTRATOR_TEMPLATE, members })]) });

describe(check.id, () => {
  it.each([
    ['2', withGlobalAdmins(admins(2)), 'PASS'],
    ['4', withGlobalAdmins(admins(4)), 'PASS'],
    ['1', withGlobalAdmins(admins(1)), 'FAIL'],
    ['5', withGlobalAdmins(admins(5)), 'FAIL'],
    ['members denied', withGlobalAdmins(denied('graph:directoryRoles.members.list', ROLE)), 'ERROR'],
  ] as const)('%s → %s', (_name, entra, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra })))).toEqual([[expected, ROLE]]);
  });

  it('reports on the tenant when roles cannot be listed or Global Administrator is not active', () => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ directoryRoles: denied('graph:directoryRoles.list') }) })))).toEqual([['ERROR', ENTRA_TENANT_UID]]);
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData() })))).toEqual([['FAIL', ENTRA_TENANT_UID]]);
  });

  it('counts a group once and names the holders', () => {
    const members = ok([entraRoleMember({ id: 'alice' }), entraRoleMember({ id: 't0', type: 'group', displayName: 'Tier 0', userPrincipalName: null })]);
    const [result] = runAzureCheck(check, tenantSnapshot({ entra: withGlobalAdmins(members) }));
    expect(result?.message).toBe('2 principals hold the Global Administrator role: alice@contoso.com, group Tier 0.');
  });
});
