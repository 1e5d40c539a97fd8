import { describe, expect, it } from 'vitest';
import { defenderData, defenderPlanExtension, defenderPricing, defenderPricingId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './defender-agentless-kubernetes-discovery-enabled.ts';

const EXTENSION = 'AgentlessDiscoveryForKubernetes';
const PLAN = defenderPricingId('Containers');

describe(check.id, () => {
  it.each([
    ['on in Defender for Containers', [defenderPricing('Containers', { extensions: [defenderPlanExtension(EXTENSION)] })], 'PASS'],
    ['on in Defender CSPM', [defenderPricing('Containers', { pricingTier: 'Free' }), defenderPricing('CloudPosture', { extensions: [defenderPlanExtension(EXTENSION)] })], 'PASS'],
    ['extension disabled', [defenderPricing('Containers', { extensions: [defenderPlanExtension(EXTENSION, false)] })], 'FAIL'],
    ['extension not listed', [defenderPricing('Containers', { extensions: [] })], 'FAIL'],
    ['plan off with the extension still listed', [defenderPricing('Containers', { pricingTier: 'Free', extensions: [defenderPlanExtension(EXTENSION)] })], 'FAIL'],
    ['no plans', [], 'FAIL'],
  ] as const)('%s → %s', (_name, pricings, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ pricings: ok(pricings) }) }));
    expect(statuses(results)).toEqual([[expected, PLAN]]);
  });

  it('says why the component is not running', () => {
    const [result] = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ pricings: ok([defenderPricing('Containers', { pricingTier: 'Free' })]) }) }));
    expect(result?.message).toContain('Defender for Containers is off');
  });

  it('reports ERROR on the subscription when the plans could not be read', () => {
    const scope = subscriptionSnapshot({ defender: defenderData({ pricings: denied('Microsoft.Security/pricings/read') }) });
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', `/subscriptions/${scope.accountId}`]]);
  });
});
