import { defineCheck, errorResult, fail, pass } from '@palisade/core';
import { directoryResource, scopeResource, withService } from '@palisade/core/azure';
import { GLOBAL_ADMINISTRATOR, memberName } from './lib/directory.ts';

/** CIS: at least two for redundancy (break-glass), fewer than five to limit standing tenant-wide privilege. */
const MIN_GLOBAL_ADMINS = 2;
const MAX_GLOBAL_ADMINS = 4;

export default defineCheck({
  id: 'azure/entra-global-administrators-between-2-and-4',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/directoryRoles',
  severity: 'high',
  title: 'Between two and four principals hold the Global Administrator role',
  description:
    'Counts the active members of the Global Administrator role (users, role-assignable groups and service principals; a group counts once, its members are not expanded; eligible PIM assignments are not active and not counted) and fails below 2 or above 4 (CIS Microsoft Azure Foundations 2.26). The message names them.',
  risk: 'Every standing Global Administrator is an account whose compromise hands over the whole tenant and, through elevation, every Azure subscription; a single one leaves no way back in when it is lost or locked out.',
  remediation: {
    summary: 'Keep two to four Global Administrators (including emergency-access accounts); move other administrators to least-privileged roles or to eligible assignments in Privileged Identity Management.',
    cli: 'az rest --method GET --url "https://graph.microsoft.com/v1.0/directoryRoles(roleTemplateId=\'62e90394-69f5-4237-9190-012177145e10\')/members"\naz rest --method DELETE --url "https://graph.microsoft.com/v1.0/directoryRoles/<role-id>/members/<principal-id>/$ref"',
    terraform: 'resource "azuread_directory_role_assignment" "global_admin" {\n  for_each            = toset(var.global_admin_object_ids) # two to four principals\n  role_id             = "62e90394-69f5-4237-9190-012177145e10"\n  principal_object_id = each.value\n}',
    console: 'Microsoft Entra admin center → Identity → Roles & admins → Global Administrator → Assignments → remove unneeded active assignments (or make them eligible in PIM); add a second emergency-access account when only one exists.',
  },
  references: ['https://learn.microsoft.com/entra/identity/role-based-access-control/best-practices#5-limit-the-number-of-global-administrators-to-less-than-5', 'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) => {
      const roles = entra.directoryRoles;
      if (roles.error) return [errorResult(scopeResource(scope), roles.error)];
      const role = roles.value.find((candidate) => candidate.roleTemplateId.toLowerCase() === GLOBAL_ADMINISTRATOR);
      if (!role) return [fail(scopeResource(scope), 'The Global Administrator role has no active member.')];
      const target = directoryResource(scope, 'directoryRoles', role.id, 'Microsoft.Graph/directoryRoles', role.displayName);
      if (role.members.error) return [errorResult(target, role.members.error)];
      const members = role.members.value;
      const who = members.length ? `: ${members.map(memberName).join(', ')}` : '';
      if (members.length < MIN_GLOBAL_ADMINS) return [fail(target, `Only ${members.length} principal${members.length === 1 ? ' holds' : 's hold'} the Global Administrator role${who}; keep at least ${MIN_GLOBAL_ADMINS}.`)];
      if (members.length > MAX_GLOBAL_ADMINS) return [fail(target, `${members.length} principals hold the Global Administrator role${who}; keep at most ${MAX_GLOBAL_ADMINS}.`)];
      return [pass(target, `${members.length} principals hold the Global Administrator role${who}.`)];
    }),
});
