import { defineCheck } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { appliesToAllApps, appliesToAllUsers, blocks, conditionalAccessRequirement, requiresMfa } from './lib/conditional-access.ts';

const covers = (levels: readonly string[], level: string) => levels.some((entry) => entry.toLowerCase() === level);

export default defineCheck({
  id: 'azure/entra-conditional-access-risky-sign-ins-mfa',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'high',
  title: 'A Conditional Access policy requires MFA for medium and high risk sign-ins',
  description:
    'Checks that an enabled, risk-based Conditional Access policy covers all users and all resources for sign-in risk levels medium and high, and requires MFA (or blocks) for them. Sign-in risk comes from Microsoft Entra ID Protection (P2 licence); a tenant without it cannot meet this (CIS Microsoft Azure Foundations 2.2.6).',
  risk: 'Sign-ins from anonymising networks, unfamiliar locations or leaked credentials are the ones most likely to be an attacker; letting them through on a password leaves ID Protection detections without consequence.',
  remediation: {
    summary: 'Create a Conditional Access policy for all users and resources with the sign-in risk condition set to high and medium that requires MFA and sets sign-in frequency to every time.',
    cli: 'az rest --method POST --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies --body \'{"displayName":"Require MFA for risky sign-ins","state":"enabled","conditions":{"clientAppTypes":["all"],"signInRiskLevels":["high","medium"],"applications":{"includeApplications":["All"]},"users":{"includeUsers":["All"],"excludeUsers":["<break-glass-object-id>"]}},"grantControls":{"operator":"OR","builtInControls":["mfa"]},"sessionControls":{"signInFrequency":{"isEnabled":true,"frequencyInterval":"everyTime","authenticationType":"primaryAndSecondaryAuthentication"}}}\'',
    terraform:
      'resource "azuread_conditional_access_policy" "risky_sign_ins" {\n  display_name = "Require MFA for risky sign-ins"\n  state        = "enabled"\n  conditions {\n    client_app_types    = ["all"]\n    sign_in_risk_levels = ["high", "medium"]\n    applications {\n      included_applications = ["All"]\n    }\n    users {\n      included_users = ["All"]\n      excluded_users = [var.break_glass_object_id]\n    }\n  }\n  grant_controls {\n    operator          = "OR"\n    built_in_controls = ["mfa"]\n  }\n}',
    console: 'Microsoft Entra admin center → Protection → Conditional Access → Create new policy from templates → "Require multifactor authentication for risky sign-ins" → On → Create.',
  },
  references: ['https://learn.microsoft.com/entra/identity/conditional-access/policy-risk-based-sign-in', 'https://learn.microsoft.com/entra/id-protection/concept-identity-protection-risks'],
  categories: ['identity-and-access', 'threat-detection'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) =>
      conditionalAccessRequirement(scope, entra, {
        what: 'requires MFA for medium and high risk sign-ins',
        satisfies: (policy) =>
          appliesToAllUsers(policy) &&
          appliesToAllApps(policy) &&
          covers(policy.conditions.signInRiskLevels, 'high') &&
          covers(policy.conditions.signInRiskLevels, 'medium') &&
          (requiresMfa(policy) || blocks(policy)),
        securityDefaultsCover: false,
      }),
    ),
});
