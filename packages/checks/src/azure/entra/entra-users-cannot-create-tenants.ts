import { defineCheck, fail, pass } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { onAuthorizationPolicy } from './lib/directory.ts';

export default defineCheck({
  id: 'azure/entra-users-cannot-create-tenants',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/authorizationPolicy',
  severity: 'medium',
  title: 'Non-admin users cannot create tenants',
  description:
    'Checks the authorization policy\'s `defaultUserRolePermissions.allowedToCreateTenants`: "Restrict non-admin users from creating tenants" must be Yes, so only administrators (and holders of the Tenant Creator role) create Entra ID and Azure AD B2C tenants (CIS Microsoft Azure Foundations 2.3). A policy that does not state the setting fails, as users can then create tenants.',
  risk: 'A user who creates a tenant becomes its Global Administrator outside every control of the organization: shadow directories, unmanaged apps and data that security teams cannot see.',
  remediation: {
    summary: 'Set "Restrict non-admin users from creating tenants" to Yes; grant the Tenant Creator role to the few people who need it.',
    cli: 'az rest --method PATCH --url https://graph.microsoft.com/v1.0/policies/authorizationPolicy --body \'{"defaultUserRolePermissions":{"allowedToCreateTenants":false}}\'',
    terraform: 'resource "msgraph_update_resource" "authorization_policy" {\n  url  = "policies/authorizationPolicy"\n  body = { defaultUserRolePermissions = { allowedToCreateTenants = false } }\n}',
    console: 'Microsoft Entra admin center → Identity → Users → User settings → Restrict non-admin users from creating tenants: Yes → Save.',
  },
  references: ['https://learn.microsoft.com/entra/fundamentals/users-default-permissions#restrict-member-users-default-permissions', 'https://learn.microsoft.com/graph/api/resources/defaultuserrolepermissions'],
  categories: ['identity-and-access', 'governance'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) =>
      onAuthorizationPolicy(scope, entra, (policy, target) =>
        policy.defaultUserRolePermissions.allowedToCreateTenants === false
          ? pass(target, 'Non-admin users cannot create tenants.')
          : fail(target, policy.defaultUserRolePermissions.allowedToCreateTenants === null ? 'The authorization policy does not restrict tenant creation, so non-admin users can create tenants.' : 'Non-admin users can create tenants.'),
      ),
    ),
});
