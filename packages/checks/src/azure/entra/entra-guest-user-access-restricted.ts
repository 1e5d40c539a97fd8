import { defineCheck, fail, pass } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { onAuthorizationPolicy } from './lib/directory.ts';

/** Guest role ids of the authorization policy's `guestUserRoleId`. */
const RESTRICTED_GUEST = '2af84b1e-32c8-42b7-82bc-daa82404023b';
const GUEST_ROLES: Readonly<Record<string, string>> = {
  'a0b1b346-4d3e-4e8b-98f8-753987be4970': 'the same access as members',
  '10dae51f-b6af-4016-8d66-8c2a99b929b3': 'limited access to properties and memberships of directory objects',
  [RESTRICTED_GUEST]: 'access restricted to their own directory objects',
};

export default defineCheck({
  id: 'azure/entra-guest-user-access-restricted',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/authorizationPolicy',
  severity: 'medium',
  title: 'Guest users can only see their own directory objects',
  description:
    'Checks the authorization policy\'s `guestUserRoleId`: "Guest user access restrictions" must be the most restrictive level, "Guest user access is restricted to properties and memberships of their own directory objects" (role 2af84b1e-32c8-42b7-82bc-daa82404023b) (CIS Microsoft Azure Foundations 2.15).',
  risk: 'With member-like or limited access, a guest (or whoever compromised the guest\'s home account) can enumerate users, groups and memberships, mapping the organization for phishing and privilege escalation.',
  remediation: {
    summary: 'Set "Guest user access restrictions" to "Guest user access is restricted to properties and memberships of their own directory objects".',
    cli: 'az rest --method PATCH --url https://graph.microsoft.com/v1.0/policies/authorizationPolicy --body \'{"guestUserRoleId":"2af84b1e-32c8-42b7-82bc-daa82404023b"}\'',
    terraform: 'resource "msgraph_update_resource" "authorization_policy" {\n  url  = "policies/authorizationPolicy"\n  body = { guestUserRoleId = "2af84b1e-32c8-42b7-82bc-daa82404023b" }\n}',
    console: 'Microsoft Entra admin center → Identity → External Identities → External collaboration settings → Guest user access: "Guest user access is restricted to properties and memberships of their own directory objects (most restrictive)" → Save.',
  },
  references: ['https://learn.microsoft.com/entra/identity/users/users-restrict-guest-permissions', 'https://learn.microsoft.com/graph/api/resources/authorizationpolicy'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) =>
      onAuthorizationPolicy(scope, entra, (policy, target) => {
        const access = GUEST_ROLES[policy.guestUserRoleId.toLowerCase()] ?? `the access of role ${policy.guestUserRoleId}`;
        return policy.guestUserRoleId.toLowerCase() === RESTRICTED_GUEST ? pass(target, `Guest users have ${access}.`) : fail(target, `Guest users have ${access}.`);
      }),
    ),
});
