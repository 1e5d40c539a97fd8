import { defineCheck } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { ADMIN_PORTALS, appliesToAllClientApps, appliesToAllUsers, appliesToApp, conditionalAccessRequirement, isUnconditional, requiresMfa } from './lib/conditional-access.ts';

export default defineCheck({
  id: 'azure/entra-conditional-access-mfa-admin-portals',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'high',
  title: 'A Conditional Access policy requires MFA for Microsoft admin portals',
  description:
    'Checks that an enabled Conditional Access policy requires MFA for all users accessing the Microsoft Admin Portals app group (Entra, Azure, Microsoft 365, Exchange, Intune, Defender and Purview admin centers), targeted directly or through all resources. Security defaults do not target the portals for all users, so only Conditional Access counts (CIS Microsoft Azure Foundations 2.2.8).',
  risk: 'Admin portals expose tenant-wide settings; an account with any administrative permission that reaches them with a password alone can weaken identity protection or exfiltrate data.',
  remediation: {
    summary: 'Create a Conditional Access policy for all users targeting "Microsoft Admin Portals" that requires MFA.',
    cli: 'az rest --method POST --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies --body \'{"displayName":"Require MFA for admin portals","state":"enabled","conditions":{"clientAppTypes":["all"],"applications":{"includeApplications":["MicrosoftAdminPortals"]},"users":{"includeUsers":["All"],"excludeUsers":["<break-glass-object-id>"]}},"grantControls":{"operator":"OR","builtInControls":["mfa"]}}\'',
    terraform:
      'resource "azuread_conditional_access_policy" "mfa_admin_portals" {\n  display_name = "Require MFA for admin portals"\n  state        = "enabled"\n  conditions {\n    client_app_types = ["all"]\n    applications {\n      included_applications = ["MicrosoftAdminPortals"]\n    }\n    users {\n      included_users = ["All"]\n      excluded_users = [var.break_glass_object_id]\n    }\n  }\n  grant_controls {\n    operator          = "OR"\n    built_in_controls = ["mfa"]\n  }\n}',
    console: 'Microsoft Entra admin center → Protection → Conditional Access → New policy → Users: All users → Target resources: Select resources → Microsoft Admin Portals → Grant: Require multifactor authentication → On → Create.',
  },
  references: ['https://learn.microsoft.com/entra/identity/conditional-access/how-to-policy-mfa-admin-portals', 'https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-cloud-apps#microsoft-admin-portals'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) =>
      conditionalAccessRequirement(scope, entra, {
        what: 'requires MFA for every user of the Microsoft admin portals',
        satisfies: (policy) => appliesToAllUsers(policy) && appliesToApp(policy, ADMIN_PORTALS) && appliesToAllClientApps(policy) && isUnconditional(policy) && requiresMfa(policy),
        securityDefaultsCover: false,
      }),
    ),
});
