/**
 * Azure role-based access control (Microsoft.Authorization) of a subscription: the role
 * assignments that apply at the subscription (its own and those inherited from management
 * groups and the root scope) and the custom role definitions available there.
 */
import type { Fetched } from '../fetched.ts';

/** A role assignment (`Microsoft.Authorization/roleAssignments`). */
export interface AzureRoleAssignment {
  readonly id: string;
  /** The assignment's GUID. */
  readonly name: string;
  /** Where it applies: `/`, `/providers/Microsoft.Management/managementGroups/<id>` or `/subscriptions/<id>`. */
  readonly scope: string;
  /** `/subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>` (or without the subscription prefix). */
  readonly roleDefinitionId: string;
  readonly principalId: string;
  /** `User`, `Group`, `ServicePrincipal`, `ForeignGroup` or `Device`. */
  readonly principalType: string;
  /** An ABAC condition narrowing the assignment, when set. */
  readonly condition?: string;
  readonly description?: string;
  readonly createdOn?: string;
}

/** One permission block of a role definition. */
export interface AzureRolePermission {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly dataActions: readonly string[];
  readonly notDataActions: readonly string[];
}

/** A role definition (`Microsoft.Authorization/roleDefinitions`). */
export interface AzureRoleDefinition {
  readonly id: string;
  /** The definition's GUID. */
  readonly name: string;
  readonly roleName: string;
  /** `CustomRole` or `BuiltInRole`. */
  readonly type: string;
  readonly description?: string;
  readonly assignableScopes: readonly string[];
  readonly permissions: readonly AzureRolePermission[];
}

export interface AuthorizationData {
  /** Role assignments at the subscription scope and above it (`$filter=atScope()`). */
  readonly roleAssignments: Fetched<readonly AzureRoleAssignment[]>;
  /** Custom roles available at the subscription (`$filter=type eq 'CustomRole'`). */
  readonly customRoles: Fetched<readonly AzureRoleDefinition[]>;
}
