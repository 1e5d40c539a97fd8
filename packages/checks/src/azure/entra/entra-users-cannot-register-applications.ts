import { defineCheck, fail, pass } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { onAuthorizationPolicy } from './lib/directory.ts';

export default defineCheck({
  id: 'azure/entra-users-cannot-register-applications',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/authorizationPolicy',
  severity: 'medium',
  title: 'Users cannot register applications',
  description:
    'Checks the authorization policy\'s `defaultUserRolePermissions.allowedToCreateApps`: "Users can register applications" must be No, so app registrations go through administrators or users delegated the Application Developer role (CIS Microsoft Azure Foundations 2.14).',
  risk: 'Any user can register an app, give it credentials and request permissions; such apps escape security review, become persistence for a compromised account and are a common vehicle for consent phishing.',
  remediation: {
    summary: 'Set "Users can register applications" to No and assign the Application Developer role to the people who build apps.',
    cli: 'az rest --method PATCH --url https://graph.microsoft.com/v1.0/policies/authorizationPolicy --body \'{"defaultUserRolePermissions":{"allowedToCreateApps":false}}\'',
    terraform: 'resource "msgraph_update_resource" "authorization_policy" {\n  url  = "policies/authorizationPolicy"\n  body = { defaultUserRolePermissions = { allowedToCreateApps = false } }\n}',
    console: 'Microsoft Entra admin center → Identity → Users → User settings → Users can register applications: No → Save.',
  },
  references: ['https://learn.microsoft.com/entra/identity-platform/how-to-restrict-your-app-to-a-set-of-users', 'https://learn.microsoft.com/entra/fundamentals/users-default-permissions#restrict-member-users-default-permissions'],
  categories: ['identity-and-access', 'governance'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) =>
      onAuthorizationPolicy(scope, entra, (policy, target) =>
        policy.defaultUserRolePermissions.allowedToCreateApps ? fail(target, 'Any user can register applications.') : pass(target, 'Only administrators and delegated developers can register applications.'),
      ),
    ),
});
