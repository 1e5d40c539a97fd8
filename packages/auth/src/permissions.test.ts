import { BUILT_IN_ROLES, PERMISSIONS, type Permission } from '@palisade/store';
import { describe, expect, it } from 'vitest';
import { AuthError } from './errors.ts';
import { assertCan, can, isPermission, permissionsOf } from './permissions.ts';

const customRoles = [
  { name: 'scanner', permissions: ['manage_scans', 'read'] as const },
  { name: 'owner', permissions: ['read'] as const },
];

describe('permissionsOf', () => {
  it.each([
    ['owner', PERMISSIONS],
    ['admin', PERMISSIONS],
    ['analyst', ['manage_scans', 'triage_findings', 'read']],
    ['auditor', ['read']],
  ] as const)('built-in %s has %j', (role, expected) => {
    expect(permissionsOf(role)).toEqual(expected);
    expect(permissionsOf(role)).toEqual(BUILT_IN_ROLES[role]);
  });

  it("gives a custom role its stored permissions, and a built-in name never a custom role's", () => {
    expect(permissionsOf('scanner', customRoles)).toEqual(['manage_scans', 'read']);
    expect(permissionsOf('owner', customRoles)).toEqual(PERMISSIONS);
  });

  it('grants nothing to an unknown role or for unknown permission names', () => {
    expect(permissionsOf('deleted-role', customRoles)).toEqual([]);
    expect(permissionsOf('toString')).toEqual([]);
    expect(permissionsOf('odd', [{ name: 'odd', permissions: ['read', 'root' as Permission] }])).toEqual(['read']);
  });
});

describe('can / assertCan', () => {
  const table: readonly [string, Permission, boolean][] = [
    ['owner', 'manage_users', true],
    ['admin', 'manage_providers', true],
    ['analyst', 'manage_scans', true],
    ['analyst', 'triage_findings', true],
    ['analyst', 'manage_users', false],
    ['analyst', 'manage_providers', false],
    ['analyst', 'manage_integrations', false],
    ['auditor', 'read', true],
    ['auditor', 'triage_findings', false],
    ['auditor', 'manage_scans', false],
    ['scanner', 'manage_scans', true],
    ['scanner', 'triage_findings', false],
    ['nobody', 'read', false],
  ];
  it.each(table)('%s may %s: %s', (role, permission, allowed) => {
    const principal = { role, permissions: permissionsOf(role, customRoles) };
    expect(can(principal, permission)).toBe(allowed);
    if (allowed) expect(() => assertCan(principal, permission)).not.toThrow();
    else expect(() => assertCan(principal, permission)).toThrow(new AuthError('Forbidden', `The role ${role} lacks the permission ${permission}.`));
  });

  it('knows the permission names', () => {
    expect(isPermission('read')).toBe(true);
    expect(isPermission('READ')).toBe(false);
    expect(isPermission(1)).toBe(false);
  });
});
