import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import type { EntraIpNamedLocation } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/entra-trusted-locations-defined',
  provider: 'azure',
  service: 'entra',
  requires: ['entra'],
  resourceType: 'Microsoft.Graph/organization',
  severity: 'low',
  title: 'Trusted named locations are defined for Conditional Access',
  description:
    'Checks that at least one IP-range named location is marked trusted, so Conditional Access policies and ID Protection can tell the organization\'s own networks from the rest (CIS Microsoft Azure Foundations 2.2.1). The message names the trusted locations to review.',
  risk: 'Without trusted locations, location-aware policies cannot be written and sign-in risk scoring treats the corporate egress like any other network, producing false positives that train people to ignore alerts.',
  remediation: {
    summary: 'Create IP-range named locations for the organization\'s public egress ranges and mark them trusted; review them when networks change.',
    cli: 'az rest --method POST --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/namedLocations --body \'{"@odata.type":"#microsoft.graph.ipNamedLocation","displayName":"Head office","isTrusted":true,"ipRanges":[{"@odata.type":"#microsoft.graph.iPv4CidrRange","cidrAddress":"203.0.113.0/24"}]}\'',
    terraform: 'resource "azuread_named_location" "head_office" {\n  display_name = "Head office"\n  ip {\n    ip_ranges = ["203.0.113.0/24"]\n    trusted   = true\n  }\n}',
    console: 'Microsoft Entra admin center → Protection → Conditional Access → Named locations → IP ranges location → name it, add the ranges, tick "Mark as trusted location" → Create.',
  },
  references: ['https://learn.microsoft.com/entra/identity/conditional-access/concept-assignment-network', 'https://learn.microsoft.com/graph/api/conditionalaccessroot-post-namedlocations'],
  categories: ['identity-and-access', 'network'],
  evaluate: (scope) =>
    withService(scope, 'entra', (entra) => {
      const target = scopeResource(scope);
      return fromFetched(entra.namedLocations, target, (locations) => {
        const trusted = locations.filter((location): location is EntraIpNamedLocation => location.type === 'ipNamedLocation' && location.isTrusted);
        return trusted.length > 0
          ? [pass(target, `Trusted named locations: ${trusted.map((location) => `${location.displayName} (${location.ipRanges.join(', ')})`).join('; ')}.`)]
          : [fail(target, locations.length ? `None of the ${locations.length} named locations is a trusted IP range.` : 'No named locations are defined.')];
      });
    }),
});
