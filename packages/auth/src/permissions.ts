/**
 * Roles to permissions. Built-in roles come from the store's `BUILT_IN_ROLES`; a tenant's custom
 * roles carry their own permission lists. A role that is neither (deleted since) grants nothing.
 */
import { BUILT_IN_ROLES, PERMISSIONS, type CustomRole, type Permission } from '@palisade/store';
import { AuthError } from './errors.ts';

/** Who is acting: a signed-in user (access token) or an API key, in one tenant with one role. */
export type Principal = UserPrincipal | ApiKeyPrincipal;

interface PrincipalBase {
  readonly tenantId: string;
  readonly role: string;
  readonly permissions: readonly Permission[];
  /** The audit log's actor: `user:<id>` or `api-key:<id>`. */
  readonly actor: string;
}

export interface UserPrincipal extends PrincipalBase {
  readonly kind: 'user';
  readonly userId: string;
}

export interface ApiKeyPrincipal extends PrincipalBase {
  readonly kind: 'api-key';
  readonly apiKeyId: string;
  /** The user who created the key. */
  readonly createdBy: string;
}

export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

export function isBuiltInRole(role: string): role is BuiltInRole {
  return Object.hasOwn(BUILT_IN_ROLES, role);
}

/** A role's permissions: a built-in role's (never shadowed by a custom one of the same name), a custom role's, or none. */
export function permissionsOf(role: string, customRoles: readonly Pick<CustomRole, 'name' | 'permissions'>[] = []): readonly Permission[] {
  if (isBuiltInRole(role)) return BUILT_IN_ROLES[role];
  const custom = customRoles.find((candidate) => candidate.name === role);
  return custom ? custom.permissions.filter(isPermission) : [];
}

export function can(principal: Pick<Principal, 'permissions'>, permission: Permission): boolean {
  return principal.permissions.includes(permission);
}

/** Throws `Forbidden` naming the missing permission. */
export function assertCan(principal: Pick<Principal, 'permissions' | 'role'>, permission: Permission): void {
  if (!can(principal, permission)) throw new AuthError('Forbidden', `The role ${principal.role} lacks the permission ${permission}.`);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}
