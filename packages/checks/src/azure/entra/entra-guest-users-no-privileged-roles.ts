import { defineCheck, errorResult, fail, pass } from '@palisade/core';
import type { CheckResult } from '@palisade/core';
import { directoryResource, scopeResource, withService } from '@palisade/core/azure';
import { PRIVILEGED_ROLES, userResource } from './lib/directory.ts';

export default defineCheck({
  id: 'azure/entra-guest-users-no-privileged-roles',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/users',
  severity: 'high',
  title: 'Guest users hold no privileged directory role',
  description:
    'Checks every guest user (userType Guest) against the active members of the privileged directory roles (Global, Privileged Role, Security, User, Application, Exchange, SharePoint, Conditional Access, authentication and the other administrator roles) and fails a guest who holds one. Reviewing guests, as CIS Microsoft Azure Foundations 2.4 asks, includes confirming they have no administrative privilege.',
  risk: 'A guest account is secured by another organization: its password policy, MFA and offboarding are outside your control, so a privileged guest is a path into the tenant that you cannot protect.',
  remediation: {
    summary: 'Remove the role from the guest, or replace the guest with a member account governed by your own policies (ideally an eligible PIM assignment).',
    cli: 'az rest --method DELETE --url "https://graph.microsoft.com/v1.0/directoryRoles/<role-id>/members/<guest-object-id>/$ref"',
    terraform: '# Assign privileged roles only to member accounts:\nresource "azuread_directory_role_assignment" "security_admin" {\n  role_id             = "194ae4cb-b126-40b2-bd5b-6091b380977d"\n  principal_object_id = azuread_user.security_admin.object_id\n}',
    console: 'Microsoft Entra admin center → Identity → Users → filter User type: Guest → select the guest → Assigned roles → remove the assignment.',
  },
  references: ['https://learn.microsoft.com/entra/identity/role-based-access-control/best-practices', 'https://learn.microsoft.com/entra/identity/users/users-restrict-guest-permissions'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) => {
      if (entra.users.error) return [errorResult(scopeResource(scope), entra.users.error)];
      if (entra.directoryRoles.error) return [errorResult(scopeResource(scope), entra.directoryRoles.error)];
      const guests = entra.users.value.filter((user) => user.userType?.toLowerCase() === 'guest');
      if (guests.length === 0) return [];
      const results: CheckResult[] = [];
      const rolesOf = new Map<string, string[]>();
      let unknown = false;
      for (const role of entra.directoryRoles.value) {
        const name = PRIVILEGED_ROLES[role.roleTemplateId.toLowerCase()];
        if (!name) continue;
        if (role.members.error) {
          unknown = true;
          results.push(errorResult(directoryResource(scope, 'directoryRoles', role.id, 'Microsoft.Graph/directoryRoles', role.displayName), role.members.error));
          continue;
        }
        for (const member of role.members.value) rolesOf.set(member.id, [...(rolesOf.get(member.id) ?? []), name]);
      }
      for (const guest of guests) {
        const held = rolesOf.get(guest.id);
        if (held) results.push(fail(userResource(scope, guest), `Guest ${guest.userPrincipalName} holds ${held.join(', ')}.`));
        // Without every privileged role's members, "holds none" cannot be said.
        else if (!unknown) results.push(pass(userResource(scope, guest), `Guest ${guest.userPrincipalName} holds no privileged directory role.`));
      }
      return results;
    }),
});
