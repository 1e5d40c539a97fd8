import { defineCheck, fail, manual, pass } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { onAuthorizationPolicy } from './lib/directory.ts';
import { selfConsentPolicies } from './lib/consent.ts';

export default defineCheck({
  id: 'azure/entra-user-consent-verified-publishers-only',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/authorizationPolicy',
  severity: 'medium',
  title: 'User consent is limited to verified publishers and low-impact permissions',
  description:
    'Checks that users can consent to apps at most under Microsoft\'s low-impact policies ("Allow user consent for apps from verified publishers, for selected permissions", or the Microsoft-managed recommended setting), never under the legacy policy that lets them consent to any app. No user consent at all passes too. A custom app consent policy cannot be judged from its id and is reported for review (CIS Microsoft Azure Foundations 2.13).',
  risk: 'The legacy setting lets any user grant any multi-tenant app access to their data; consent phishing campaigns rely on exactly that.',
  remediation: {
    summary: 'Set "User consent for applications" to "Allow user consent for apps from verified publishers, for selected permissions" (or "Do not allow user consent") and classify which permissions are low impact.',
    cli: 'az rest --method PATCH --url https://graph.microsoft.com/v1.0/policies/authorizationPolicy --body \'{"defaultUserRolePermissions":{"permissionGrantPoliciesAssigned":["ManagePermissionGrantsForSelf.microsoft-user-default-low"]}}\'',
    terraform: 'resource "msgraph_update_resource" "authorization_policy" {\n  url  = "policies/authorizationPolicy"\n  body = { defaultUserRolePermissions = { permissionGrantPoliciesAssigned = ["ManagePermissionGrantsForSelf.microsoft-user-default-low"] } }\n}',
    console: 'Microsoft Entra admin center → Identity → Applications → Enterprise applications → Consent and permissions → User consent settings → "Allow user consent for apps from verified publishers, for selected permissions" → Save; then Permission classifications → add the low-impact permissions.',
  },
  references: ['https://learn.microsoft.com/entra/identity/enterprise-apps/configure-user-consent', 'https://learn.microsoft.com/entra/identity/enterprise-apps/configure-permission-classifications'],
  categories: ['identity-and-access', 'data-protection'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) =>
      onAuthorizationPolicy(scope, entra, (policy, target) => {
        const consent = selfConsentPolicies(policy);
        const unrestricted = consent.filter((entry) => entry.kind === 'any-app');
        if (unrestricted.length) return fail(target, `Users can consent to any application (${unrestricted.map((entry) => entry.description).join(', ')}).`);
        const custom = consent.filter((entry) => entry.kind === 'custom');
        if (custom.length) return manual(target, `Users can consent under ${custom.map((entry) => entry.description).join(', ')}: review what it allows.`);
        return consent.length === 0 ? pass(target, 'Users cannot consent to applications.') : pass(target, `User consent is limited to ${consent.map((entry) => entry.description).join(', ')}.`);
      }),
    ),
});
