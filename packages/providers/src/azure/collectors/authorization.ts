/**
 * Azure RBAC of a subscription: the role assignments that apply at the subscription scope (its
 * own and those inherited from management groups and the root scope, `$filter=atScope()`), and the
 * custom role definitions available there.
 */
import type { AzureRoleAssignment, AzureRoleDefinition } from '@palisade/core/azure';
import type { AzureCollector } from '../collector.ts';

export const AUTHORIZATION_API_VERSION = '2022-04-01';

interface ArmRoleAssignment {
  readonly id: string;
  readonly name: string;
  readonly properties?: {
    readonly scope?: string;
    readonly roleDefinitionId?: string;
    readonly principalId?: string;
    readonly principalType?: string;
    readonly condition?: string | null;
    readonly description?: string | null;
    readonly createdOn?: string | null;
  };
}

interface ArmRoleDefinition {
  readonly id: string;
  readonly name: string;
  readonly properties?: {
    readonly roleName?: string;
    readonly type?: string;
    readonly description?: string | null;
    readonly assignableScopes?: readonly string[] | null;
    readonly permissions?: readonly {
      readonly actions?: readonly string[] | null;
      readonly notActions?: readonly string[] | null;
      readonly dataActions?: readonly string[] | null;
      readonly notDataActions?: readonly string[] | null;
    }[] | null;
  };
}

export const authorizationCollector: AzureCollector<'authorization'> = {
  service: 'authorization',
  async collect({ arm, subscriptionId }) {
    const scope = `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization`;
    const [roleAssignments, customRoles] = await Promise.all([
      arm.list<ArmRoleAssignment>('Microsoft.Authorization/roleAssignments/read', `${scope}/roleAssignments`, AUTHORIZATION_API_VERSION, { query: { $filter: 'atScope()' } }),
      arm.list<ArmRoleDefinition>('Microsoft.Authorization/roleDefinitions/read', `${scope}/roleDefinitions`, AUTHORIZATION_API_VERSION, { query: { $filter: "type eq 'CustomRole'" } }),
    ]);
    return {
      roleAssignments: roleAssignments.error ? roleAssignments : { value: roleAssignments.value.map(toRoleAssignment) },
      customRoles: customRoles.error ? customRoles : { value: customRoles.value.map(toRoleDefinition) },
    };
  },
};

function toRoleAssignment(assignment: ArmRoleAssignment): AzureRoleAssignment {
  const properties = assignment.properties ?? {};
  return {
    id: assignment.id,
    name: assignment.name,
    scope: properties.scope ?? '',
    roleDefinitionId: properties.roleDefinitionId ?? '',
    principalId: properties.principalId ?? '',
    principalType: properties.principalType ?? 'Unknown',
    ...(properties.condition ? { condition: properties.condition } : {}),
    ...(properties.description ? { description: properties.description } : {}),
    ...(properties.createdOn ? { createdOn: properties.createdOn } : {}),
  };
}

function toRoleDefinition(definition: ArmRoleDefinition): AzureRoleDefinition {
  const properties = definition.properties ?? {};
  return {
    id: definition.id,
    name: definition.name,
    roleName: properties.roleName ?? definition.name,
    type: properties.type ?? 'CustomRole',
    ...(properties.description ? { description: properties.description } : {}),
    assignableScopes: properties.assignableScopes ?? [],
    permissions: (properties.permissions ?? []).map((permission) => ({
      actions: permission.actions ?? [],
      notActions: permission.notActions ?? [],
      dataActions: permission.dataActions ?? [],
      notDataActions: permission.notDataActions ?? [],
    })),
  };
}
