import { defineCheck } from '@palisade/core';
import { withService } from '@palisade/core/azure';
import { AZURE_MANAGEMENT_APP_ID, appliesToAllClientApps, appliesToAllUsers, appliesToApp, conditionalAccessRequirement, isUnconditional, requiresMfa } from './lib/conditional-access.ts';

export default defineCheck({
  id: 'azure/entra-conditional-access-mfa-azure-management',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'high',
  title: 'A Conditional Access policy requires MFA for Azure management',
  description:
    'Checks that an enabled Conditional Access policy requires MFA for all users signing in to Windows Azure Service Management API (the Azure portal, Azure CLI, Azure PowerShell and ARM), targeted by its app id 797f4846-ba00-4fd7-ba43-dac1f8f63013 or through all resources, and not excluding it. Security defaults count as meeting this (CIS Microsoft Azure Foundations 2.2.7).',
  risk: 'Whoever holds an Azure role can change or destroy resources through ARM; a password-only sign-in to the management plane turns a leaked password into control of subscriptions.',
  remediation: {
    summary: 'Create a Conditional Access policy for all users targeting Windows Azure Service Management API that requires MFA (Microsoft also enforces MFA for Azure sign-ins; a policy keeps it under your control).',
    cli: 'az rest --method POST --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies --body \'{"displayName":"Require MFA for Azure management","state":"enabled","conditions":{"clientAppTypes":["all"],"applications":{"includeApplications":["797f4846-ba00-4fd7-ba43-dac1f8f63013"]},"users":{"includeUsers":["All"],"excludeUsers":["<break-glass-object-id>"]}},"grantControls":{"operator":"OR","builtInControls":["mfa"]}}\'',
    terraform:
      'resource "azuread_conditional_access_policy" "mfa_azure_management" {\n  display_name = "Require MFA for Azure management"\n  state        = "enabled"\n  conditions {\n    client_app_types = ["all"]\n    applications {\n      included_applications = ["797f4846-ba00-4fd7-ba43-dac1f8f63013"]\n    }\n    users {\n      included_users = ["All"]\n      excluded_users = [var.break_glass_object_id]\n    }\n  }\n  grant_controls {\n    operator          = "OR"\n    built_in_controls = ["mfa"]\n  }\n}',
    console: 'Microsoft Entra admin center → Protection → Conditional Access → New policy → Users: All users (exclude emergency accounts) → Target resources: Select resources → Windows Azure Service Management API → Grant: Require multifactor authentication → On → Create.',
  },
  references: ['https://learn.microsoft.com/entra/identity/conditional-access/policy-old-require-mfa-azure-mgmt', 'https://learn.microsoft.com/entra/identity/authentication/concept-mandatory-multifactor-authentication'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) =>
      conditionalAccessRequirement(scope, entra, {
        what: 'requires MFA for every user of Azure management',
        satisfies: (policy) => appliesToAllUsers(policy) && appliesToApp(policy, AZURE_MANAGEMENT_APP_ID) && appliesToAllClientApps(policy) && isUnconditional(policy) && requiresMfa(policy),
        securityDefaultsCover: true,
      }),
    ),
});
