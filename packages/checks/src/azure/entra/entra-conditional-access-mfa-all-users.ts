import { defineCheck } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { appliesToAllApps, appliesToAllClientApps, appliesToAllUsers, conditionalAccessRequirement, isUnconditional, requiresMfa } from './lib/conditional-access.ts';

export default defineCheck({
  id: 'azure/entra-conditional-access-mfa-all-users',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'high',
  title: 'A Conditional Access policy requires MFA for all users',
  description:
    'Checks that an enabled Conditional Access policy requires multifactor authentication (or an authentication strength) for all users, all cloud apps and every client app type, with no risk, platform or flow condition narrowing it. Excluding emergency-access accounts is allowed and named in the message; a grant that a compliant device alone could satisfy does not count. Security defaults count as meeting this (CIS Microsoft Azure Foundations 2.2.5, 2.1.3).',
  risk: 'Users who can sign in with a password alone are one phishing page, password spray or reused credential away from account takeover; MFA stops the large majority of such attacks.',
  remediation: {
    summary: 'Create a Conditional Access policy for all users and all resources that grants access only with MFA, excluding one or two emergency-access accounts; test it in report-only mode, then enable it.',
    cli: 'az rest --method POST --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies --body \'{"displayName":"Require MFA for all users","state":"enabled","conditions":{"clientAppTypes":["all"],"applications":{"includeApplications":["All"]},"users":{"includeUsers":["All"],"excludeUsers":["<break-glass-object-id>"]}},"grantControls":{"operator":"OR","builtInControls":["mfa"]}}\'',
    terraform:
      'resource "azuread_conditional_access_policy" "mfa_all_users" {\n  display_name = "Require MFA for all users"\n  state        = "enabled"\n  conditions {\n    client_app_types = ["all"]\n    applications {\n      included_applications = ["All"]\n    }\n    users {\n      included_users = ["All"]\n      excluded_users = [var.break_glass_object_id]\n    }\n  }\n  grant_controls {\n    operator          = "OR"\n    built_in_controls = ["mfa"]\n  }\n}',
    console: 'Microsoft Entra admin center → Protection → Conditional Access → Create new policy from templates → "Require multifactor authentication for all users" (or New policy: Users = All users, excluding emergency accounts; Target resources = All resources; Grant = Require multifactor authentication) → On → Create.',
  },
  references: ['https://learn.microsoft.com/entra/identity/conditional-access/policy-all-users-mfa-strength', 'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) =>
      conditionalAccessRequirement(scope, entra, {
        what: 'requires MFA for every user on every app',
        satisfies: (policy) => appliesToAllUsers(policy) && appliesToAllApps(policy) && appliesToAllClientApps(policy) && isUnconditional(policy) && requiresMfa(policy),
        securityDefaultsCover: true,
      }),
    ),
});
