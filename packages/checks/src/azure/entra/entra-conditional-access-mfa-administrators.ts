import { defineCheck, errorResult, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { appliesToAllApps, appliesToAllClientApps, appliesToAllUsers, isEnforced, isUnconditional, requiresMfa } from './lib/conditional-access.ts';
import { MFA_ADMIN_ROLES } from './lib/directory.ts';

export default defineCheck({
  id: 'azure/entra-conditional-access-mfa-administrators',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'critical',
  title: 'Conditional Access requires MFA for every administrator role',
  description:
    "Checks that enabled Conditional Access policies, together, require MFA on all cloud apps for each of the 14 administrator roles of Microsoft's \"Require MFA for administrators\" template (Global, Privileged Role, Security, User, Application administrators and the others), either by role or through a policy for all users. The message lists roles left uncovered. Security defaults count as meeting this (CIS Microsoft Azure Foundations 2.2.4, 2.1.2).",
  risk: 'An administrator account that signs in with a password alone lets whoever phishes or guesses that password take over the tenant, its users and every subscription that trusts it.',
  remediation: {
    summary: 'Create (or extend) a Conditional Access policy that targets the administrator directory roles, all resources, and requires MFA or a phishing-resistant authentication strength.',
    cli: 'az rest --method POST --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies --body \'{"displayName":"Require MFA for administrators","state":"enabled","conditions":{"clientAppTypes":["all"],"applications":{"includeApplications":["All"]},"users":{"includeRoles":["62e90394-69f5-4237-9190-012177145e10","e8611ab8-c189-46e8-94e1-60213ab1f814","194ae4cb-b126-40b2-bd5b-6091b380977d","fe930be7-5e62-47db-91af-98c3a49a38b1"]}},"grantControls":{"operator":"OR","builtInControls":["mfa"]}}\'',
    terraform:
      'resource "azuread_conditional_access_policy" "mfa_admins" {\n  display_name = "Require MFA for administrators"\n  state        = "enabled"\n  conditions {\n    client_app_types = ["all"]\n    applications {\n      included_applications = ["All"]\n    }\n    users {\n      included_roles = var.admin_role_template_ids # the 14 administrator roles\n    }\n  }\n  grant_controls {\n    operator          = "OR"\n    built_in_controls = ["mfa"]\n  }\n}',
    console: 'Microsoft Entra admin center → Protection → Conditional Access → Create new policy from templates → "Require multifactor authentication for admins" → On → Create.',
  },
  references: ['https://learn.microsoft.com/entra/identity/conditional-access/policy-old-require-mfa-admin', 'https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) => {
      const target = scopeResource(scope);
      const securityDefaultsOn = entra.securityDefaults.value?.isEnabled === true;
      const bySecurityDefaults = pass(target, 'Security defaults are enabled, which require MFA for administrators.');
      const policies = entra.conditionalAccessPolicies;
      if (policies.error) return securityDefaultsOn ? [bySecurityDefaults] : [errorResult(target, policies.error, 'Conditional Access policies could not be read (Conditional Access needs Microsoft Entra ID P1)')];
      const covered = new Set<string>();
      for (const policy of policies.value) {
        if (!(isEnforced(policy) && appliesToAllApps(policy) && appliesToAllClientApps(policy) && isUnconditional(policy) && requiresMfa(policy))) continue;
        const users = policy.conditions.users;
        const excluded = new Set(users?.excludeRoles ?? []);
        const roles = appliesToAllUsers(policy) ? Object.keys(MFA_ADMIN_ROLES) : (users?.includeRoles ?? []);
        for (const role of roles) if (!excluded.has(role)) covered.add(role);
      }
      const missing = Object.entries(MFA_ADMIN_ROLES).filter(([role]) => !covered.has(role));
      if (missing.length === 0) return [pass(target, `Enabled Conditional Access policies require MFA for all ${Object.keys(MFA_ADMIN_ROLES).length} administrator roles.`)];
      if (securityDefaultsOn) return [bySecurityDefaults];
      if (entra.securityDefaults.error) return [errorResult(target, entra.securityDefaults.error, 'Some administrator roles have no Conditional Access MFA policy, and security defaults could not be read')];
      return [fail(target, `No enabled Conditional Access policy requires MFA for ${missing.length} administrator role${missing.length === 1 ? '' : 's'}: ${missing.map(([, name]) => name).join(', ')}.`)];
    }),
});
