import { defineCheck } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { appliesToAllApps, appliesToAllUsers, blocks, conditionalAccessRequirement } from './lib/conditional-access.ts';

const LEGACY_CLIENTS = ['exchangeactivesync', 'other'];

export default defineCheck({
  id: 'azure/entra-conditional-access-legacy-authentication-blocked',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'high',
  title: 'A Conditional Access policy blocks legacy authentication',
  description:
    'Checks that an enabled Conditional Access policy blocks the legacy client app types (Exchange ActiveSync clients and other clients: IMAP, POP, SMTP AUTH, older Office) for all users and all resources. Security defaults, which block legacy authentication, count as meeting this.',
  risk: 'Legacy protocols cannot perform MFA, so they are the preferred route for password spraying and credential stuffing: a policy that requires MFA is bypassed wherever they are allowed.',
  remediation: {
    summary: 'Create a Conditional Access policy for all users and resources with client apps = Exchange ActiveSync clients and Other clients that blocks access.',
    cli: 'az rest --method POST --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies --body \'{"displayName":"Block legacy authentication","state":"enabled","conditions":{"clientAppTypes":["exchangeActiveSync","other"],"applications":{"includeApplications":["All"]},"users":{"includeUsers":["All"],"excludeUsers":["<break-glass-object-id>"]}},"grantControls":{"operator":"OR","builtInControls":["block"]}}\'',
    terraform:
      'resource "azuread_conditional_access_policy" "block_legacy_auth" {\n  display_name = "Block legacy authentication"\n  state        = "enabled"\n  conditions {\n    client_app_types = ["exchangeActiveSync", "other"]\n    applications {\n      included_applications = ["All"]\n    }\n    users {\n      included_users = ["All"]\n      excluded_users = [var.break_glass_object_id]\n    }\n  }\n  grant_controls {\n    operator          = "OR"\n    built_in_controls = ["block"]\n  }\n}',
    console: 'Microsoft Entra admin center → Protection → Conditional Access → Create new policy from templates → "Block legacy authentication" → On → Create.',
  },
  references: ['https://learn.microsoft.com/entra/identity/conditional-access/policy-block-legacy-authentication', 'https://learn.microsoft.com/entra/identity/conditional-access/block-legacy-authentication'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) =>
      conditionalAccessRequirement(scope, entra, {
        what: 'blocks legacy authentication',
        satisfies: (policy) =>
          appliesToAllUsers(policy) &&
          appliesToAllApps(policy) &&
          blocks(policy) &&
          LEGACY_CLIENTS.every((client) => policy.conditions.clientAppTypes.some((type) => type.toLowerCase() === client || type.toLowerCase() === 'all')),
        securityDefaultsCover: true,
      }),
    ),
});
