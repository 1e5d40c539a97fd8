import { describe, expect, it } from 'vitest';
import { defenderData, defenderPricing, defenderPricingId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './defender-open-source-databases-plan-enabled.ts';

const PLAN = defenderPricingId('OpenSourceRelationalDatabases');
const SUBSCRIPTION = subscriptionSnapshot().accountId;

describe(check.id, () => {
  it.each([
    ['on', [defenderPricing('OpenSourceRelationalDatabases')], 'PASS'],
    ['off (Free tier)', [defenderPricing('OpenSourceRelationalDatabases', { pricingTier: 'Free' })], 'FAIL'],
    ['not listed', [defenderPricing('VirtualMachines')], 'FAIL'],
    ['no plans at all', [], 'FAIL'],
  ] as const)('%s → %s', (_name, pricings, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ pricings: ok(pricings) }) }));
    expect(statuses(results)).toEqual([[expected, PLAN]]);
  });

  it('mentions resources opted out of an enabled plan', () => {
    const [result] = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ pricings: ok([defenderPricing('OpenSourceRelationalDatabases', { resourcesCoverageStatus: 'PartiallyCovered' })]) }) }));
    expect(result?.status).toBe('PASS');
    expect(result?.message).toContain('opted out');
  });

  it('reports ERROR on the subscription when the plans could not be read', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ pricings: denied('Microsoft.Security/pricings/read') }) }));
    expect(statuses(results)).toEqual([['ERROR', `/subscriptions/${SUBSCRIPTION}`]]);
  });

  it('reports ERROR when defender was not collected, and nothing for the tenant scope', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot()))).toEqual([['ERROR', `/subscriptions/${SUBSCRIPTION}`]]);
    expect(runAzureCheck(check, tenantSnapshot())).toEqual([]);
  });
});
