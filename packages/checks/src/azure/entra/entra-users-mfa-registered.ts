import { defineCheck } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { mfaRegistrationResults } from './lib/registration.ts';

export default defineCheck({
  id: 'azure/entra-users-mfa-registered',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/users',
  severity: 'medium',
  title: 'Every member user has registered a multifactor authentication method',
  description:
    'Checks each enabled member user without an administrative role in the authentication methods registration report and fails one with no MFA method registered (administrators have their own check; guests register in their home tenant). The report needs an Entra ID P1 licence and AuditLog.Read.All (CIS Microsoft Azure Foundations 2.1.3).',
  risk: 'A user with no registered method is challenged to register at the next MFA prompt, so whoever signs in first with the password, possibly an attacker who sprayed it, registers their own phone.',
  remediation: {
    summary: 'Run a registration campaign (or a Conditional Access policy on "Register security information") so every user registers MFA, and require MFA at sign-in.',
    cli: 'az rest --method GET --url "https://graph.microsoft.com/v1.0/reports/authenticationMethods/userRegistrationDetails?\\$filter=isMfaRegistered eq false"',
    terraform: 'resource "msgraph_update_resource" "registration_campaign" {\n  url = "policies/authenticationMethodsPolicy"\n  body = {\n    registrationEnforcement = {\n      authenticationMethodsRegistrationCampaign = {\n        state                = "enabled"\n        snoozeDurationInDays = 1\n        includeTargets       = [{ id = "all_users", targetType = "group", targetedAuthenticationMethod = "microsoftAuthenticator" }]\n      }\n    }\n  }\n}',
    console: 'Microsoft Entra admin center → Protection → Authentication methods → Registration campaign → Enabled for all users; then check User registration details for users still not capable.',
  },
  references: ['https://learn.microsoft.com/entra/identity/authentication/how-to-mfa-registration-campaign', 'https://learn.microsoft.com/graph/api/resources/userregistrationdetails'],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (scope) => withService(scope, 'entra', (entra) => mfaRegistrationResults(scope, entra, (registration) => !registration.isAdmin && registration.userType.toLowerCase() === 'member', 'User')),
});
