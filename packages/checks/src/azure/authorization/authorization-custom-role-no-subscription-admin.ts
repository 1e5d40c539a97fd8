import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { ROLE_DEFINITION_TYPE, isSubscriptionWideScope, roleDefinitionResource } from '../lib/authorization-roles.ts';

export default defineCheck({
  id: 'azure/authorization-custom-role-no-subscription-admin',
  provider: 'azure',
  service: 'authorization',
  requires: ['authorization'],
  resourceType: ROLE_DEFINITION_TYPE,
  severity: 'high',
  title: 'No custom role grants all actions at subscription scope',
  description:
    'Checks each custom role available in the subscription: a role whose actions include `*` and which can be assigned at the root scope, a management group or a whole subscription is a custom subscription administrator role. Excluding operations through `notActions` does not change the finding; review such roles and replace them with built-in roles or narrower actions.',
  risk:
    'A custom role granting every action at subscription scope is an owner-equivalent grant that escapes the reviews and alerts built around the Owner and Contributor roles, and anyone holding it can change or delete every resource in the subscription.',
  remediation: {
    summary: 'Replace the role with a built-in role, or narrow its actions to what its holders need; delete it when nothing needs it.',
    cli: 'az role definition list --custom-role-only true --query "[?contains(permissions[0].actions, \'*\')].{name:roleName, scopes:assignableScopes}"\naz role assignment list --role "<role name>" --all\naz role definition delete --name "<role name>"',
    terraform: 'resource "azurerm_role_definition" "operator" {\n  name  = "Subscription Operator"\n  scope = data.azurerm_subscription.current.id\n  permissions {\n    # list the operations the role needs instead of "*"\n    actions = ["Microsoft.Compute/virtualMachines/start/action", "Microsoft.Compute/virtualMachines/restart/action"]\n  }\n  assignable_scopes = [data.azurerm_subscription.current.id]\n}',
    console: 'Subscriptions → select the subscription → Access control (IAM) → Roles → Type: Custom role → open each role → JSON → look for "*" in actions → edit the permissions or delete the role.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/role-based-access-control/custom-roles', 'https://learn.microsoft.com/en-us/azure/role-based-access-control/best-practices'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'authorization', (authorization) =>
      eachFetched(authorization.customRoles, scopeResource(scope), (role) => {
        const target = roleDefinitionResource(role);
        const allActions = role.permissions.some((permission) => permission.actions.includes('*'));
        const wideScopes = role.assignableScopes.filter(isSubscriptionWideScope);
        return allActions && wideScopes.length > 0
          ? fail(target, `Custom role ${role.roleName} grants all actions ("*") and can be assigned at ${wideScopes.join(', ')}.`)
          : pass(target, `Custom role ${role.roleName} does not grant all actions at subscription scope.`);
      }),
    ),
});
