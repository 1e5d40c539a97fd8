import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { ROLE_ASSIGNMENT_TYPE, roleAssignmentResource, roleLabel } from '../lib/authorization-roles.ts';

export default defineCheck({
  id: 'azure/authorization-no-root-scope-role-assignments',
  provider: 'azure',
  service: 'authorization',
  requires: ['authorization'],
  resourceType: ROLE_ASSIGNMENT_TYPE,
  severity: 'high',
  title: 'No role is assigned at the root scope',
  description:
    'Checks the role assignments that reach the subscription for assignments at the root scope (`/`), above every management group and subscription of the tenant. The usual one is User Access Administrator, left behind when a Global Administrator elevates access and forgets to remove it. Each root assignment fails; without any the subscription passes.',
  risk: 'A role at the root scope applies to every subscription in the tenant, including ones created later; User Access Administrator there lets its holder grant themselves Owner anywhere.',
  remediation: {
    summary: 'Remove role assignments at the root scope once the task that needed them is done; a Global Administrator removes elevated access by turning "Access management for Azure resources" off.',
    cli: 'az role assignment list --scope / --query "[].{principal:principalName, role:roleDefinitionName}"\naz role assignment delete --assignee <principal-id> --role "User Access Administrator" --scope /',
    terraform: '# Root-scope assignments are made by elevating access, not by Terraform: remove any azurerm_role_assignment with scope = "/"',
    console: 'Microsoft Entra ID → Properties → Access management for Azure resources → No → Save (signed in as the Global Administrator who elevated); other root assignments: az role assignment delete --scope /.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/role-based-access-control/elevate-access-global-admin', 'https://learn.microsoft.com/en-us/azure/role-based-access-control/scope-overview'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'authorization', (authorization) => {
      const subscription = scopeResource(scope);
      return fromFetched(authorization.roleAssignments, subscription, (assignments) => {
        const root = assignments.filter((assignment) => assignment.scope === '/');
        if (root.length === 0) return [pass(subscription, 'No role assignment reaches the subscription from the root scope.')];
        return root.map((assignment) =>
          fail(roleAssignmentResource(assignment), `${roleLabel(assignment.roleDefinitionId)} is assigned at the root scope to ${assignment.principalType} ${assignment.principalId}.`),
        );
      });
    }),
});
