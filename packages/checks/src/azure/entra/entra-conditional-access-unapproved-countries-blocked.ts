import { defineCheck, errorResult } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { appliesToAllApps, appliesToAllUsers, blocks, conditionalAccessRequirement } from './lib/conditional-access.ts';

export default defineCheck({
  id: 'azure/entra-conditional-access-unapproved-countries-blocked',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'medium',
  title: 'A Conditional Access policy blocks sign-ins from countries the organization does not operate in',
  description:
    'Checks that an enabled Conditional Access policy for all users and all resources blocks access by country: it includes a countries-and-regions named location (a deny list), or includes all locations and excludes one (an allow list). Which countries belong on the list is the organization\'s decision (CIS Microsoft Azure Foundations 2.2.2).',
  risk: 'Most password spraying and token replay comes from infrastructure far from where a given organization works; without a geographic block every such attempt reaches the password and MFA prompts.',
  remediation: {
    summary: 'Define a countries-and-regions named location with the countries users sign in from (or those never expected), and create a Conditional Access policy for all users that blocks every other location (or the listed ones).',
    cli: 'az rest --method POST --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/namedLocations --body \'{"@odata.type":"#microsoft.graph.countryNamedLocation","displayName":"Allowed countries","countriesAndRegions":["US","GB"],"includeUnknownCountriesAndRegions":false}\'\naz rest --method POST --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies --body \'{"displayName":"Block outside allowed countries","state":"enabled","conditions":{"clientAppTypes":["all"],"applications":{"includeApplications":["All"]},"users":{"includeUsers":["All"],"excludeUsers":["<break-glass-object-id>"]},"locations":{"includeLocations":["All"],"excludeLocations":["<named-location-id>"]}},"grantControls":{"operator":"OR","builtInControls":["block"]}}\'',
    terraform:
      'resource "azuread_named_location" "allowed_countries" {\n  display_name = "Allowed countries"\n  country {\n    countries_and_regions                 = ["US", "GB"]\n    include_unknown_countries_and_regions = false\n  }\n}\n\nresource "azuread_conditional_access_policy" "block_countries" {\n  display_name = "Block outside allowed countries"\n  state        = "enabled"\n  conditions {\n    client_app_types = ["all"]\n    applications {\n      included_applications = ["All"]\n    }\n    users {\n      included_users = ["All"]\n      excluded_users = [var.break_glass_object_id]\n    }\n    locations {\n      included_locations = ["All"]\n      excluded_locations = [azuread_named_location.allowed_countries.id]\n    }\n  }\n  grant_controls {\n    operator          = "OR"\n    built_in_controls = ["block"]\n  }\n}',
    console: 'Microsoft Entra admin center → Protection → Conditional Access → Named locations → Countries location; then New policy → Users: All users → Target resources: All resources → Conditions → Locations: Any location, exclude the allowed countries → Grant: Block access → On → Create.',
  },
  references: ['https://learn.microsoft.com/entra/identity/conditional-access/policy-block-by-location', 'https://learn.microsoft.com/entra/identity/conditional-access/concept-assignment-network'],
  categories: ['identity-and-access', 'network'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) => {
      if (entra.namedLocations.error) return [errorResult(scopeResource(scope), entra.namedLocations.error, 'Named locations could not be read')];
      const countryLocations = new Set(entra.namedLocations.value.filter((location) => location.type === 'countryNamedLocation').map((location) => location.id));
      return conditionalAccessRequirement(scope, entra, {
        what: 'blocks sign-ins by country',
        satisfies: (policy) => {
          const locations = policy.conditions.locations;
          if (!locations || !appliesToAllUsers(policy) || !appliesToAllApps(policy) || !blocks(policy)) return false;
          const denyList = locations.includeLocations.some((id) => countryLocations.has(id));
          const allowList = locations.includeLocations.some((id) => id.toLowerCase() === 'all') && locations.excludeLocations.some((id) => countryLocations.has(id));
          return denyList || allowList;
        },
        securityDefaultsCover: false,
      });
    }),
});
