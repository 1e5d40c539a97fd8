/**
 * Demo RBAC: production has two owners (a platform group and a break-glass account), least-privilege
 * custom roles and a resource lock administrator role; development has five owners, a leftover
 * User Access Administrator at the root scope and a custom role that grants everything.
 */
import type { Fetched } from '@palisade/core';
import type { AuthorizationData, AzureRoleAssignment, AzureRoleDefinition } from '@palisade/core/azure';
import type { DemoSubscription } from './types.ts';

const ok = <T>(value: T): Fetched<T> => ({ value });

const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const USER_ACCESS_ADMINISTRATOR = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9';

/** A stable GUID-shaped id from a seed, so demo ids do not change between runs. */
function guid(seed: string): string {
  let hash = 2166136261;
  const hex: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const char of `${seed}:${round}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    hex.push(hash.toString(16).padStart(8, '0'));
  }
  const all = hex.join('');
  return `${all.slice(0, 8)}-${all.slice(8, 12)}-4${all.slice(13, 16)}-8${all.slice(17, 20)}-${all.slice(20, 32)}`;
}

export function demoAuthorization(subscription: DemoSubscription): AuthorizationData {
  const sub = `/subscriptions/${subscription.subscriptionId}`;
  const assignment = (key: string, role: string, principalType: string, scope = sub): AzureRoleAssignment => {
    const name = guid(`${subscription.subscriptionId}:assignment:${key}`);
    return {
      id: `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      scope,
      roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
      principalId: guid(`principal:${key}`),
      principalType,
      createdOn: '2025-03-04T10:00:00.0000000Z',
    };
  };
  const customRole = (key: string, roleName: string, actions: string[], notActions: string[] = []): AzureRoleDefinition => {
    const name = guid(`${subscription.subscriptionId}:role:${key}`);
    return { id: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${name}`, name, roleName, type: 'CustomRole', assignableScopes: [sub], permissions: [{ actions, notActions, dataActions: [], notDataActions: [] }] };
  };

  if (subscription.index === 0) {
    return {
      roleAssignments: ok([
        assignment('platform-owners', OWNER, 'Group'),
        assignment('break-glass', OWNER, 'User'),
        assignment('app-team', CONTRIBUTOR, 'Group'),
        assignment('auditors', READER, 'Group', '/providers/Microsoft.Management/managementGroups/contoso'),
        assignment('deploy-pipeline', CONTRIBUTOR, 'ServicePrincipal'),
      ]),
      customRoles: ok([
        customRole('lock-admin', 'Resource Lock Administrator', ['Microsoft.Authorization/locks/*', 'Microsoft.Resources/subscriptions/resourceGroups/read']),
        customRole('vm-operator', 'Virtual Machine Operator', ['Microsoft.Compute/virtualMachines/read', 'Microsoft.Compute/virtualMachines/start/action', 'Microsoft.Compute/virtualMachines/restart/action', 'Microsoft.Compute/virtualMachines/deallocate/action']),
      ]),
    };
  }
  return {
    roleAssignments: ok([
      ...['alex', 'sam', 'jordan', 'casey'].map((person) => assignment(`dev-owner-${person}`, OWNER, 'User')),
      assignment('dev-ci', OWNER, 'ServicePrincipal'),
      assignment('elevated-admin', USER_ACCESS_ADMINISTRATOR, 'User', '/'),
      assignment('dev-team', CONTRIBUTOR, 'Group'),
    ]),
    customRoles: ok([
      customRole('dev-admin', 'Dev Subscription Admin', ['*']),
      customRole('access-helper', 'Access Helper', ['Microsoft.Authorization/roleAssignments/*', 'Microsoft.Resources/subscriptions/resourceGroups/read']),
    ]),
  };
}
