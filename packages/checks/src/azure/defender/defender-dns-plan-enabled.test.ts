import { describe, expect, it } from 'vitest';
import { defenderData, defenderPricing, defenderPricingId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './defender-dns-plan-enabled.ts';

const DNS = defenderPricingId('Dns');

describe(check.id, () => {
  it.each([
    ['legacy DNS plan on', [defenderPricing('Dns'), defenderPricing('VirtualMachines', { pricingTier: 'Free' })], 'PASS'],
    ['servers plan 2 (DNS plan retired)', [defenderPricing('Dns', { pricingTier: 'Free', deprecated: true, replacedBy: ['VirtualMachines'] }), defenderPricing('VirtualMachines', { subPlan: 'P2' })], 'PASS'],
    ['servers plan 2, no DNS plan listed', [defenderPricing('VirtualMachines', { subPlan: 'P2' })], 'PASS'],
    ['servers plan 1 only', [defenderPricing('Dns', { pricingTier: 'Free' }), defenderPricing('VirtualMachines', { subPlan: 'P1' })], 'FAIL'],
    ['everything off', [defenderPricing('Dns', { pricingTier: 'Free' }), defenderPricing('VirtualMachines', { pricingTier: 'Free' })], 'FAIL'],
    ['no plans', [], 'FAIL'],
  ] as const)('%s → %s', (_name, pricings, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ pricings: ok(pricings) }) }));
    expect(statuses(results)).toEqual([[expected, DNS]]);
  });

  it('explains why DNS analysis is off', () => {
    const [result] = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ pricings: ok([defenderPricing('VirtualMachines', { subPlan: 'P1' })]) }) }));
    expect(result?.message).toContain('P1, not P2');
  });

  it('reports ERROR on the subscription when the plans could not be read', () => {
    const scope = subscriptionSnapshot({ defender: defenderData({ pricings: denied('Microsoft.Security/pricings/read') }) });
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', `/subscriptions/${scope.accountId}`]]);
  });
});
