import { defineCheck } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { mfaRegistrationResults } from './lib/registration.ts';

export default defineCheck({
  id: 'azure/entra-privileged-users-mfa-registered',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/users',
  severity: 'high',
  title: 'Every administrator has registered a multifactor authentication method',
  description:
    'Checks each enabled user that holds an administrative role (the registration report\'s `isAdmin`) and fails one with no MFA method registered. The report needs an Entra ID P1 licence and AuditLog.Read.All; without them the check reports ERROR (CIS Microsoft Azure Foundations 2.1.2).',
  risk: 'An administrator without a registered method either cannot be made to do MFA, or registers on first prompt, when whoever holds the password (possibly an attacker) can register their own device.',
  remediation: {
    summary: 'Have each administrator register a phishing-resistant method (FIDO2 key, Windows Hello, passkey in Microsoft Authenticator) and enforce MFA for admin roles with Conditional Access; use a registration campaign or Temporary Access Pass for onboarding.',
    cli: 'az rest --method GET --url "https://graph.microsoft.com/v1.0/reports/authenticationMethods/userRegistrationDetails?\\$filter=isAdmin eq true and isMfaRegistered eq false"',
    console: 'Microsoft Entra admin center → Protection → Authentication methods → User registration details → filter Admin: Yes, Multifactor authentication capable: Not capable → follow up with each administrator.',
  },
  references: ['https://learn.microsoft.com/entra/identity/authentication/howto-authentication-methods-activity', 'https://learn.microsoft.com/graph/api/resources/userregistrationdetails'],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (scope) => withService(scope, 'entra', (entra) => mfaRegistrationResults(scope, entra, (registration) => registration.isAdmin, 'Administrator')),
});
