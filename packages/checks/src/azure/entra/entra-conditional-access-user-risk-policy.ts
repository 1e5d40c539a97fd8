import { defineCheck } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { appliesToAllApps, appliesToAllUsers, blocks, conditionalAccessRequirement } from './lib/conditional-access.ts';

/** Grant controls that make a high-risk user remediate: a secure password change (with MFA) or risk remediation. */
const REMEDIATION_CONTROLS = new Set(['passwordchange', 'riskremediation']);

export default defineCheck({
  id: 'azure/entra-conditional-access-user-risk-policy',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'high',
  title: 'A Conditional Access policy makes high-risk users remediate or blocks them',
  description:
    'Checks that an enabled Conditional Access policy for all users and resources with the user risk condition including high requires a secure password change (or risk remediation), or blocks access. User risk comes from Microsoft Entra ID Protection (P2 licence).',
  risk: 'A user flagged high risk (leaked credentials, confirmed compromise signals) who can keep signing in with the same password gives an attacker who holds it continued access.',
  remediation: {
    summary: 'Create a Conditional Access policy for all users and resources with user risk set to high that requires MFA and a password change (or risk remediation), with sign-in frequency every time.',
    cli: 'az rest --method POST --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies --body \'{"displayName":"Require password change for high-risk users","state":"enabled","conditions":{"clientAppTypes":["all"],"userRiskLevels":["high"],"applications":{"includeApplications":["All"]},"users":{"includeUsers":["All"],"excludeUsers":["<break-glass-object-id>"]}},"grantControls":{"operator":"AND","builtInControls":["mfa","passwordChange"]},"sessionControls":{"signInFrequency":{"isEnabled":true,"frequencyInterval":"everyTime","authenticationType":"primaryAndSecondaryAuthentication"}}}\'',
    terraform:
      'resource "azuread_conditional_access_policy" "user_risk" {\n  display_name = "Require password change for high-risk users"\n  state        = "enabled"\n  conditions {\n    client_app_types = ["all"]\n    user_risk_levels = ["high"]\n    applications {\n      included_applications = ["All"]\n    }\n    users {\n      included_users = ["All"]\n      excluded_users = [var.break_glass_object_id]\n    }\n  }\n  grant_controls {\n    operator          = "AND"\n    built_in_controls = ["mfa", "passwordChange"]\n  }\n}',
    console: 'Microsoft Entra admin center → Protection → Conditional Access → Create new policy from templates → "Require password change for high-risk users" → On → Create.',
  },
  references: ['https://learn.microsoft.com/entra/identity/conditional-access/policy-risk-based-user', 'https://learn.microsoft.com/entra/id-protection/howto-identity-protection-configure-risk-policies'],
  categories: ['identity-and-access', 'threat-detection'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) =>
      conditionalAccessRequirement(scope, entra, {
        what: 'makes high-risk users remediate or blocks them',
        satisfies: (policy) =>
          appliesToAllUsers(policy) &&
          appliesToAllApps(policy) &&
          policy.conditions.userRiskLevels.some((level) => level.toLowerCase() === 'high') &&
          (blocks(policy) || (policy.grantControls?.builtInControls ?? []).some((control) => REMEDIATION_CONTROLS.has(control.toLowerCase()))),
        securityDefaultsCover: false,
      }),
    ),
});
