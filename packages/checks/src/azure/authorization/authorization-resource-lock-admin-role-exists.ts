import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import type { AzureRoleDefinition } from '@palisade/core/azure';
import { scopeResource, withService } from '@palisade/core/azure';
import { grantsAction } from '../lib/authorization-roles.ts';

/** A lock administrator role names lock operations itself (a role granting `*` manages locks too, but is no dedicated role). */
function administersLocks(role: AzureRoleDefinition): boolean {
  const namesLocks = role.permissions.some((permission) => permission.actions.some((action) => action.toLowerCase().startsWith('microsoft.authorization/locks')));
  return namesLocks && grantsAction(role, 'Microsoft.Authorization/locks/write') && grantsAction(role, 'Microsoft.Authorization/locks/delete');
}

export default defineCheck({
  id: 'azure/authorization-resource-lock-admin-role-exists',
  provider: 'azure',
  service: 'authorization',
  requires: ['authorization'],
  resourceType: 'Microsoft.Resources/subscriptions',
  severity: 'low',
  title: 'A custom role exists for administering resource locks',
  description:
    'Checks that a custom role available in the subscription grants creating and deleting management locks (`Microsoft.Authorization/locks/*`), so lock administration can be given to the people who need it without Owner or User Access Administrator.',
  risk: 'When only Owner and User Access Administrator can manage locks, lock changes either wait for the most privileged accounts or push teams to be granted those roles, widening who can change everything else.',
  remediation: {
    summary: 'Create a custom "Resource Lock Administrator" role with the lock actions (plus read access) and assign it to the people who manage locks.',
    cli: 'az role definition create --role-definition \'{"Name":"Resource Lock Administrator","Description":"Can administer resource locks","Actions":["Microsoft.Authorization/locks/*","Microsoft.Resources/subscriptions/resourceGroups/read"],"AssignableScopes":["/subscriptions/<subscription-id>"]}\'',
    terraform: 'resource "azurerm_role_definition" "lock_admin" {\n  name  = "Resource Lock Administrator"\n  scope = data.azurerm_subscription.current.id\n  permissions {\n    actions = ["Microsoft.Authorization/locks/*", "Microsoft.Resources/subscriptions/resourceGroups/read"]\n  }\n  assignable_scopes = [data.azurerm_subscription.current.id]\n}',
    console: 'Subscriptions → select the subscription → Access control (IAM) → Add → Add custom role → name it Resource Lock Administrator → Permissions → add Microsoft.Authorization/locks (read, write, delete) → Review + create.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/lock-resources#who-can-create-or-delete-locks', 'https://learn.microsoft.com/en-us/azure/role-based-access-control/custom-roles'],
  categories: ['identity-and-access', 'governance'],
  evaluate: (scope) =>
    withService(scope, 'authorization', (authorization) => {
      const subscription = scopeResource(scope);
      return fromFetched(authorization.customRoles, subscription, (roles) => {
        const lockRoles = roles.filter(administersLocks);
        return lockRoles.length
          ? [pass(subscription, `Custom role ${lockRoles.map((role) => role.roleName).join(', ')} administers resource locks.`)]
          : [fail(subscription, 'No custom role available in the subscription administers resource locks.')];
      });
    }),
});
