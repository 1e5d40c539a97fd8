import { defineCheck, errorResult, fail, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { isEnforced } from './lib/conditional-access.ts';

export default defineCheck({
  id: 'azure/entra-security-defaults-enabled',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'high',
  title: 'Security defaults are enabled, or Conditional Access policies replace them',
  description:
    'Checks that the tenant has a baseline of identity protection: security defaults enabled, or at least one enabled Conditional Access policy (the two cannot be on together; the Conditional Access checks then judge what those policies enforce). A tenant with neither fails (CIS Microsoft Azure Foundations 2.1.1).',
  risk: 'Without security defaults or Conditional Access, nothing requires MFA or blocks legacy authentication: one phished or sprayed password is a working sign-in, administrators included.',
  remediation: {
    summary: 'Enable security defaults, or (with Entra ID P1) create Conditional Access policies that require MFA and block legacy authentication.',
    cli: 'az rest --method PATCH --url https://graph.microsoft.com/v1.0/policies/identitySecurityDefaultsEnforcementPolicy --body \'{"isEnabled": true}\'',
    terraform: 'resource "msgraph_update_resource" "security_defaults" {\n  url  = "policies/identitySecurityDefaultsEnforcementPolicy"\n  body = { isEnabled = true }\n}',
    console: 'Microsoft Entra admin center → Identity → Overview → Properties → Manage security defaults → Security defaults: Enabled → Save.',
  },
  references: ['https://learn.microsoft.com/entra/fundamentals/security-defaults', 'https://learn.microsoft.com/graph/api/identitysecuritydefaultsenforcementpolicy-get'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) => {
      const target = scopeResource(scope);
      const defaults = entra.securityDefaults;
      if (defaults.error) return [errorResult(target, defaults.error)];
      if (defaults.value.isEnabled) return [pass(target, 'Security defaults are enabled.')];
      const policies = entra.conditionalAccessPolicies;
      if (policies.error) return [errorResult(target, policies.error, 'Security defaults are off and Conditional Access policies could not be read')];
      const enforced = policies.value.filter(isEnforced);
      return enforced.length > 0
        ? [pass(target, `Security defaults are off; ${enforced.length} enabled Conditional Access ${enforced.length === 1 ? 'policy protects' : 'policies protect'} the tenant instead.`)]
        : [fail(target, 'Security defaults are off and no Conditional Access policy is enabled.')];
    }),
});
