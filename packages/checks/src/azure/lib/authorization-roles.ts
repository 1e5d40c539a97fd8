/**
 * Azure RBAC reasoning shared by the authorization checks: well-known built-in roles, matching of
 * operations against a role's `actions` / `notActions` patterns (`*` wildcards, case-insensitive,
 * as Azure evaluates them), and the resources results are reported on.
 */
import type { ResourceRef } from '@palisade/core';
import type { AzureRoleAssignment, AzureRoleDefinition } from '@palisade/core/azure';
import { armResource } from '@palisade/core/azure';

export const ROLE_DEFINITION_TYPE = 'Microsoft.Authorization/roleDefinitions';
export const ROLE_ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';

/** Built-in role definition ids (the same GUID in every tenant and cloud). */
export const OWNER_ROLE_ID = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
export const USER_ACCESS_ADMINISTRATOR_ROLE_ID = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9';
export const CONTRIBUTOR_ROLE_ID = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
export const RBAC_ADMINISTRATOR_ROLE_ID = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168';
export const READER_ROLE_ID = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

const BUILT_IN_ROLE_NAMES: Readonly<Record<string, string>> = {
  [OWNER_ROLE_ID]: 'Owner',
  [USER_ACCESS_ADMINISTRATOR_ROLE_ID]: 'User Access Administrator',
  [CONTRIBUTOR_ROLE_ID]: 'Contributor',
  [RBAC_ADMINISTRATOR_ROLE_ID]: 'Role Based Access Control Administrator',
  [READER_ROLE_ID]: 'Reader',
};

/** `/subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>` (or without the subscription) → `<guid>`, lower case. */
export function roleDefinitionGuid(roleDefinitionId: string): string {
  return (roleDefinitionId.split('/').pop() ?? roleDefinitionId).toLowerCase();
}

/** The role's name for messages: the built-in name when known, else its id. */
export function roleLabel(roleDefinitionId: string): string {
  const guid = roleDefinitionGuid(roleDefinitionId);
  return BUILT_IN_ROLE_NAMES[guid] ?? `role ${guid}`;
}

/** Whether an action pattern such as `*` or `Microsoft.Authorization/*` covers `operation` (`*` stands for any run of characters). */
export function actionMatches(pattern: string, operation: string): boolean {
  const expression = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${expression}$`, 'i').test(operation);
}

/** Whether some permission block of the role grants `operation` (an action matches it and no not-action of that block removes it). */
export function grantsAction(role: AzureRoleDefinition, operation: string): boolean {
  return role.permissions.some(
    (permission) => permission.actions.some((action) => actionMatches(action, operation)) && !permission.notActions.some((notAction) => actionMatches(notAction, operation)),
  );
}

/** `/`, a management group or a whole subscription: scopes at which a role reaches every resource of a subscription. */
export function isSubscriptionWideScope(scope: string): boolean {
  const normalized = scope.replace(/\/+$/, '').toLowerCase();
  return normalized === '' || /^\/subscriptions\/[^/]+$/.test(normalized) || /^\/providers\/microsoft\.management\/managementgroups\/[^/]+$/.test(normalized);
}

export function roleDefinitionResource(role: AzureRoleDefinition): ResourceRef {
  return armResource(role.id, ROLE_DEFINITION_TYPE, role.roleName);
}

export function roleAssignmentResource(assignment: AzureRoleAssignment): ResourceRef {
  return armResource(assignment.id, ROLE_ASSIGNMENT_TYPE, assignment.name);
}
