import type { AzureRoleAssignment, AzureRoleDefinition } from '@palisade/core/azure';
import { TEST_SUBSCRIPTION_ID } from './scope.ts';

const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

/** A role assignment of `roleGuid` to a user at the subscription scope; `scope` moves it (`/`, a management group). */
export function azureRoleAssignment(overrides: Partial<AzureRoleAssignment> & { name: string; roleGuid: string }): AzureRoleAssignment {
  const { roleGuid, ...rest } = overrides;
  const scope = overrides.scope ?? SUBSCRIPTION;
  return {
    id: `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${overrides.name}`,
    scope,
    roleDefinitionId: `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
    principalId: `principal-${overrides.name}`,
    principalType: 'User',
    ...rest,
  };
}

/** A custom role assignable at the subscription, granting read access to virtual machines unless `actions` says otherwise. */
export function azureCustomRole(overrides: Partial<AzureRoleDefinition> & { name: string; actions?: readonly string[]; notActions?: readonly string[] }): AzureRoleDefinition {
  const { actions, notActions, ...rest } = overrides;
  return {
    id: `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${overrides.name}`,
    roleName: `Role ${overrides.name}`,
    type: 'CustomRole',
    assignableScopes: [SUBSCRIPTION],
    permissions: [{ actions: actions ?? ['Microsoft.Compute/virtualMachines/read'], notActions: notActions ?? [], dataActions: [], notDataActions: [] }],
    ...rest,
  };
}
