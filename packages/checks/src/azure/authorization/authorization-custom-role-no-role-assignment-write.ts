import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { ROLE_DEFINITION_TYPE, grantsAction, roleDefinitionResource } from '../lib/authorization-roles.ts';

const ESCALATION_OPERATIONS = ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleDefinitions/write', 'Microsoft.Authorization/elevateAccess/Action'];

export default defineCheck({
  id: 'azure/authorization-custom-role-no-role-assignment-write',
  provider: 'azure',
  service: 'authorization',
  requires: ['authorization'],
  resourceType: ROLE_DEFINITION_TYPE,
  severity: 'high',
  title: 'No custom role can grant access to others',
  description:
    'Checks each custom role available in the subscription for actions that manage access: writing role assignments, writing role definitions or elevating access, whether named explicitly or through wildcards (`*`, `Microsoft.Authorization/*`), after the role\'s `notActions` are applied. Access management belongs to the built-in Owner, User Access Administrator and Role Based Access Control Administrator roles, which access reviews and Privileged Identity Management watch.',
  risk:
    'Whoever holds such a role can assign themselves or anyone else any role, Owner included, so the role is a path to full control of every scope it is assigned at.',
  remediation: {
    summary: 'Remove the access-management actions from the custom role (or add them to notActions), and grant access management only through the built-in roles, preferably with conditions that limit which roles can be assigned.',
    cli: 'az role definition list --custom-role-only true --query "[].{name:roleName, actions:permissions[0].actions, notActions:permissions[0].notActions}"\naz role definition update --role-definition role.json   # role.json without Microsoft.Authorization/roleAssignments/write',
    terraform: 'resource "azurerm_role_definition" "operator" {\n  # ...\n  permissions {\n    actions     = ["Microsoft.Compute/*"]\n    not_actions = ["Microsoft.Authorization/*/write", "Microsoft.Authorization/*/delete", "Microsoft.Authorization/elevateAccess/Action"]\n  }\n}',
    console: 'Subscriptions → select the subscription → Access control (IAM) → Roles → Type: Custom role → open the role → Edit → Permissions → remove Microsoft.Authorization write permissions → Review + update.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/role-based-access-control/custom-roles', 'https://learn.microsoft.com/en-us/azure/role-based-access-control/role-assignments-steps#step-4-check-your-prerequisites'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'authorization', (authorization) =>
      eachFetched(authorization.customRoles, scopeResource(scope), (role) => {
        const target = roleDefinitionResource(role);
        const granted = ESCALATION_OPERATIONS.filter((operation) => grantsAction(role, operation));
        return granted.length
          ? fail(target, `Custom role ${role.roleName} grants ${granted.join(', ')}.`)
          : pass(target, `Custom role ${role.roleName} cannot manage role assignments or definitions.`);
      }),
    ),
});
