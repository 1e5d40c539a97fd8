import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { scopeResource, withService } from '@palisade/core/azure';
import { PRICING_TYPE, findPricing, isPlanOn, pricingResource } from './lib/defender.ts';

export default defineCheck({
  id: 'azure/defender-dns-plan-enabled',
  provider: 'azure',
  service: 'defender',
  requires: ['defender'],
  resourceType: PRICING_TYPE,
  severity: 'low',
  title: 'DNS threat detection of Microsoft Defender is on for the subscription',
  description:
    'Checks that DNS queries of the subscription\'s resources are analysed by Defender: either the legacy Defender for DNS plan (pricing `Dns`) is Standard, or Defender for Servers runs Plan 2, which has included DNS threat detection since the standalone plan stopped being offered to new subscriptions in August 2023.',
  risk: 'Without DNS analysis, communication with command-and-control domains, DNS tunnelling used to exfiltrate data and lookups of known malicious domains from the subscription\'s resources raise no alert.',
  remediation: {
    summary: 'Run Defender for Servers Plan 2 on the subscription (or keep the legacy Defender for DNS plan on where it is still offered).',
    cli: 'az security pricing create --name VirtualMachines --tier Standard --subplan P2',
    terraform: 'resource "azurerm_security_center_subscription_pricing" "servers" {\n  tier          = "Standard"\n  resource_type = "VirtualMachines"\n  subplan       = "P2"\n}',
    console: 'Microsoft Defender for Cloud → Environment settings → select the subscription → Defender plans → set Servers to On and choose Plan 2 → Save.',
  },
  references: [
    'https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-dns-introduction',
    'https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-servers-overview',
    'https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list',
  ],
  categories: ['threat-detection', 'network'],
  evaluate: (scope) =>
    withService(scope, 'defender', (defender) =>
      fromFetched(defender.pricings, scopeResource(scope), (pricings) => {
        const dns = findPricing(pricings, 'Dns');
        const target = pricingResource(scope, 'Dns', dns);
        if (isPlanOn(dns)) return [pass(target, 'The Defender for DNS plan is on (Standard).')];
        const servers = findPricing(pricings, 'VirtualMachines');
        if (servers !== undefined && isPlanOn(servers) && servers.subPlan?.toUpperCase() === 'P2') return [pass(target, 'DNS threat detection is on through Defender for Servers Plan 2.')];
        const serversState = servers === undefined || !isPlanOn(servers) ? 'Defender for Servers is off' : `Defender for Servers runs ${servers.subPlan ?? 'without a sub-plan'}, not P2`;
        return [fail(target, `DNS threat detection is off: the Defender for DNS plan is ${dns ? `${dns.pricingTier}` : 'not listed'} and ${serversState}.`)];
      }),
    ),
});
