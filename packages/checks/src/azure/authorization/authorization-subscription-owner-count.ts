import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { OWNER_ROLE_ID, roleDefinitionGuid } from '../lib/authorization-roles.ts';

/** Microsoft Defender for Cloud's recommendations: more than one owner, and at most three. */
export const MIN_SUBSCRIPTION_OWNERS = 2;
export const MAX_SUBSCRIPTION_OWNERS = 3;

export default defineCheck({
  id: 'azure/authorization-subscription-owner-count',
  provider: 'azure',
  service: 'authorization',
  requires: ['authorization'],
  resourceType: 'Microsoft.Resources/subscriptions',
  severity: 'medium',
  title: 'Subscriptions have between two and three owners',
  description: `Counts the principals holding the Owner role on the subscription, directly or inherited from a management group or the root scope, and expects between ${MIN_SUBSCRIPTION_OWNERS} and ${MAX_SUBSCRIPTION_OWNERS}. A group counts once whatever its membership, and an assignment narrowed by a condition still counts.`,
  risk: 'Too many owners widen the set of accounts whose compromise hands over the whole subscription; a single owner is a single point of failure when that person leaves or loses access.',
  remediation: {
    summary: `Keep ${MIN_SUBSCRIPTION_OWNERS} to ${MAX_SUBSCRIPTION_OWNERS} owners: move other owners to narrower roles (Contributor, or a role scoped to a resource group), and make Owner eligible through Privileged Identity Management rather than permanent.`,
    cli: 'az role assignment list --role Owner --scope /subscriptions/<subscription-id> --include-inherited --query "[].{principal:principalName, type:principalType, scope:scope}"\naz role assignment delete --assignee <principal-id> --role Owner --scope /subscriptions/<subscription-id>',
    terraform: 'resource "azurerm_role_assignment" "owner" {\n  for_each             = toset(var.subscription_owner_object_ids) # two or three principals\n  scope                = data.azurerm_subscription.current.id\n  role_definition_name = "Owner"\n  principal_id         = each.value\n}',
    console: 'Subscriptions → select the subscription → Access control (IAM) → Role assignments → filter Role: Owner → remove extra owners (or add a second one).',
  },
  references: ['https://learn.microsoft.com/en-us/azure/role-based-access-control/best-practices#limit-the-number-of-subscription-owners', 'https://learn.microsoft.com/en-us/azure/defender-for-cloud/recommendations-reference-identity-access'],
  categories: ['identity-and-access', 'governance'],
  evaluate: (scope) =>
    withService(scope, 'authorization', (authorization) => {
      const target = scopeResource(scope);
      return fromFetched(authorization.roleAssignments, target, (assignments) => {
        const owners = new Set(assignments.filter((assignment) => roleDefinitionGuid(assignment.roleDefinitionId) === OWNER_ROLE_ID).map((assignment) => assignment.principalId));
        const count = owners.size;
        if (count < MIN_SUBSCRIPTION_OWNERS) return [fail(target, `The subscription has ${count} owner${count === 1 ? '' : 's'}; at least ${MIN_SUBSCRIPTION_OWNERS} are expected.`)];
        if (count > MAX_SUBSCRIPTION_OWNERS) return [fail(target, `The subscription has ${count} owners; at most ${MAX_SUBSCRIPTION_OWNERS} are expected.`)];
        return [pass(target, `The subscription has ${count} owners.`)];
      });
    }),
});
