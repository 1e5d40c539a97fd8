import { describe, expect, it } from 'vitest';
import { ENTRA_GLOBAL_ADMINISTRATOR_TEMPLATE, ENTRA_TENANT_UID, denied, entraData, entraDirectoryRole, entraRoleMember, entraUid, entraUser, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-guest-users-no-privileged-roles.ts';

const users = ok([entraUser({ id: 'alice' }), entraUser({ id: 'guest1', userType: 'Guest' }), entraUser({ id: 'guest2', userType: 'Guest' })]);
const globalAdmins = (...ids: string[]) => entraDirectoryRole({ id: 'ga', roleTemplateId: ENTRA_GLOBAL_ADMINISTRATOR_TEMPLATE, members: ok(ids.map((id) => entraRoleMember({ id }))) });
const directoryReaders = (...ids: string[]) => entraDirectoryRole({ id: 'dr', roleTemplateId: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', members: ok(ids.map((id) => entraRoleMember({ id }))) });

describe(check.id, () => {
  it('fails a guest holding a privileged role and passes the others', () => {
    const entra = entraData({ users, directoryRoles: ok([globalAdmins('alice', 'guest1'), directoryReaders('guest2')]) });
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra })))).toEqual([
      ['FAIL', entraUid('users', 'guest1')],
      ['PASS', entraUid('users', 'guest2')],
    ]);
  });

  it('reports nothing without guests', () => {
    expect(runAzureCheck(check, tenantSnapshot({ entra: entraData({ users: ok([entraUser({ id: 'alice' })]), directoryRoles: ok([globalAdmins('alice')]) }) }))).toEqual([]);
  });

  it('reports ERROR when users or roles cannot be listed', () => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ users: denied('graph:users.list') }) })))).toEqual([['ERROR', ENTRA_TENANT_UID]]);
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ users, directoryRoles: denied('graph:directoryRoles.list') }) })))).toEqual([['ERROR', ENTRA_TENANT_UID]]);
  });

  it('reports ERROR on a role whose members are unknown and passes no guest', () => {
    const unreadable = entraDirectoryRole({ id: 'ga', roleTemplateId: ENTRA_GLOBAL_ADMINISTRATOR_TEMPLATE, members: denied('graph:directoryRoles.members.list', entraUid('directoryRoles', 'ga')) });
    const userAdmins = entraDirectoryRole({ id: 'ua', roleTemplateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', members: ok([entraRoleMember({ id: 'guest1' })]) });
    const entra = entraData({ users, directoryRoles: ok([unreadable, userAdmins]) });
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra })))).toEqual([
      ['ERROR', entraUid('directoryRoles', 'ga')],
      ['FAIL', entraUid('users', 'guest1')],
    ]);
  });
});
