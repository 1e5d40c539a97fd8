import { defineCheck, fail, pass } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { onAuthorizationPolicy } from './lib/directory.ts';

export default defineCheck({
  id: 'azure/entra-users-cannot-create-security-groups',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/authorizationPolicy',
  severity: 'low',
  title: 'Users cannot create security groups',
  description:
    'Checks the authorization policy\'s `defaultUserRolePermissions.allowedToCreateSecurityGroups`: "Users can create security groups in Azure portals, API or PowerShell" must be No (CIS Microsoft Azure Foundations 2.19).',
  risk: 'User-created security groups multiply without owners or review; when such groups are later granted access to apps or Azure resources, membership is decided by whoever created them.',
  remediation: {
    summary: 'Set "Users can create security groups" to No and let administrators (or a governed self-service process) create groups.',
    cli: 'az rest --method PATCH --url https://graph.microsoft.com/v1.0/policies/authorizationPolicy --body \'{"defaultUserRolePermissions":{"allowedToCreateSecurityGroups":false}}\'',
    terraform: 'resource "msgraph_update_resource" "authorization_policy" {\n  url  = "policies/authorizationPolicy"\n  body = { defaultUserRolePermissions = { allowedToCreateSecurityGroups = false } }\n}',
    console: 'Microsoft Entra admin center → Identity → Groups → General (settings) → Users can create security groups in Azure portals, API or PowerShell: No → Save.',
  },
  references: ['https://learn.microsoft.com/entra/identity/users/groups-self-service-management', 'https://learn.microsoft.com/graph/api/resources/defaultuserrolepermissions'],
  categories: ['identity-and-access', 'governance'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) =>
      onAuthorizationPolicy(scope, entra, (policy, target) =>
        policy.defaultUserRolePermissions.allowedToCreateSecurityGroups ? fail(target, 'Any user can create security groups.') : pass(target, 'Only administrators can create security groups.'),
      ),
    ),
});
