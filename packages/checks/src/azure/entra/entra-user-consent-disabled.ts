import { defineCheck, fail, pass } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { onAuthorizationPolicy } from './lib/directory.ts';
import { selfConsentPolicies } from './lib/consent.ts';

export default defineCheck({
  id: 'azure/entra-user-consent-disabled',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/authorizationPolicy',
  severity: 'medium',
  title: 'Users cannot consent to applications',
  description:
    'Checks that the authorization policy assigns users no app consent policy (`ManagePermissionGrantsForSelf.*` in `defaultUserRolePermissions.permissionGrantPoliciesAssigned`), i.e. "User consent for applications" is "Do not allow user consent" and every grant goes through an administrator (CIS Microsoft Azure Foundations 2.12). Team and chat resource-specific consent policies are not user consent to apps and are ignored.',
  risk: 'Illicit consent grants trick users into giving a malicious app lasting access to their mail, files and profile through OAuth tokens that survive password resets and bypass MFA.',
  remediation: {
    summary: 'Set "User consent for applications" to "Do not allow user consent" and enable the admin consent workflow so users can request apps.',
    cli: 'az rest --method PATCH --url https://graph.microsoft.com/v1.0/policies/authorizationPolicy --body \'{"defaultUserRolePermissions":{"permissionGrantPoliciesAssigned":[]}}\'',
    terraform: 'resource "msgraph_update_resource" "authorization_policy" {\n  url  = "policies/authorizationPolicy"\n  body = { defaultUserRolePermissions = { permissionGrantPoliciesAssigned = [] } }\n}',
    console: 'Microsoft Entra admin center → Identity → Applications → Enterprise applications → Consent and permissions → User consent settings → "Do not allow user consent" → Save; then Admin consent settings → Users can request admin consent: Yes.',
  },
  references: ['https://learn.microsoft.com/entra/identity/enterprise-apps/configure-user-consent', 'https://learn.microsoft.com/entra/identity/enterprise-apps/configure-admin-consent-workflow'],
  categories: ['identity-and-access', 'data-protection'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) =>
      onAuthorizationPolicy(scope, entra, (policy, target) => {
        const consent = selfConsentPolicies(policy);
        return consent.length === 0 ? pass(target, 'Users cannot consent to applications; an administrator grants every consent.') : fail(target, `Users can consent to applications under ${consent.map((entry) => entry.description).join(', ')}.`);
      }),
    ),
});
