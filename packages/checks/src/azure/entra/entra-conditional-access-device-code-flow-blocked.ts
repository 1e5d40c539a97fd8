import { defineCheck } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { appliesToAllApps, appliesToAllUsers, blocks, conditionalAccessRequirement } from './lib/conditional-access.ts';

export default defineCheck({
  id: 'azure/entra-conditional-access-device-code-flow-blocked',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'medium',
  title: 'A Conditional Access policy blocks the device code flow',
  description:
    'Checks that an enabled Conditional Access policy with the authentication flows condition including device code flow blocks it for all users and all resources. Excluding the few users or locations that need it (conference-room devices, some CLI use) is allowed and named in the message (CIS Microsoft Azure Foundations 2.2.3).',
  risk: 'Device code phishing sends a victim a real Microsoft sign-in page with the attacker\'s code: the victim completes MFA and the attacker receives the tokens. Blocking the flow where it is not needed removes that route.',
  remediation: {
    summary: 'Create a Conditional Access policy for all users and resources with Authentication flows = Device code flow that blocks access, excluding only the users that need the flow.',
    cli: 'az rest --method POST --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies --body \'{"displayName":"Block device code flow","state":"enabled","conditions":{"clientAppTypes":["all"],"authenticationFlows":{"transferMethods":"deviceCodeFlow"},"applications":{"includeApplications":["All"]},"users":{"includeUsers":["All"],"excludeUsers":["<break-glass-object-id>"]}},"grantControls":{"operator":"OR","builtInControls":["block"]}}\'',
    terraform:
      'resource "msgraph_resource" "block_device_code_flow" {\n  url = "identity/conditionalAccess/policies"\n  body = {\n    displayName = "Block device code flow"\n    state       = "enabled"\n    conditions = {\n      clientAppTypes      = ["all"]\n      authenticationFlows = { transferMethods = "deviceCodeFlow" }\n      applications        = { includeApplications = ["All"] }\n      users               = { includeUsers = ["All"], excludeUsers = [var.break_glass_object_id] }\n    }\n    grantControls = { operator = "OR", builtInControls = ["block"] }\n  }\n}',
    console: 'Microsoft Entra admin center → Protection → Conditional Access → New policy → Users: All users → Target resources: All resources → Conditions → Authentication flows: Device code flow → Grant: Block access → On → Create.',
  },
  references: ['https://learn.microsoft.com/entra/identity/conditional-access/policy-block-authentication-flows', 'https://learn.microsoft.com/entra/identity/conditional-access/concept-authentication-flows'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) =>
      conditionalAccessRequirement(scope, entra, {
        what: 'blocks the device code flow',
        satisfies: (policy) =>
          appliesToAllUsers(policy) &&
          appliesToAllApps(policy) &&
          blocks(policy) &&
          (policy.conditions.authenticationFlows?.transferMethods ?? '').split(',').some((method) => method.trim().toLowerCase() === 'devicecodeflow'),
        securityDefaultsCover: false,
      }),
    ),
});
