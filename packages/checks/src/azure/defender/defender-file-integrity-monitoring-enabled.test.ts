import { describe, expect, it } from 'vitest';
import { defenderData, defenderPlanExtension, defenderPricing, defenderPricingId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './defender-file-integrity-monitoring-enabled.ts';

const EXTENSION = 'FileIntegrityMonitoring';
const PLAN = defenderPricingId('VirtualMachines');

describe(check.id, () => {
  it.each([
    ['on in Defender for Servers', [defenderPricing('VirtualMachines', { subPlan: 'P2', extensions: [defenderPlanExtension(EXTENSION)] })], 'PASS'],
    ['extension disabled', [defenderPricing('VirtualMachines', { subPlan: 'P2', extensions: [defenderPlanExtension(EXTENSION, false)] })], 'FAIL'],
    ['extension not listed', [defenderPricing('VirtualMachines', { subPlan: 'P2', extensions: [] })], 'FAIL'],
    ['plan off with the extension still listed', [defenderPricing('VirtualMachines', { pricingTier: 'Free', subPlan: 'P2', extensions: [defenderPlanExtension(EXTENSION)] })], 'FAIL'],
    ['plan 1 (no such component)', [defenderPricing('VirtualMachines', { subPlan: 'P1', extensions: [defenderPlanExtension(EXTENSION)] })], 'FAIL'],
    ['no plans', [], 'FAIL'],
  ] as const)('%s → %s', (_name, pricings, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ pricings: ok(pricings) }) }));
    expect(statuses(results)).toEqual([[expected, PLAN]]);
  });

  it('says why the component is not running', () => {
    const [result] = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ pricings: ok([defenderPricing('VirtualMachines', { pricingTier: 'Free' })]) }) }));
    expect(result?.message).toContain('Defender for Servers is off');
  });

  it('reports ERROR on the subscription when the plans could not be read', () => {
    const scope = subscriptionSnapshot({ defender: defenderData({ pricings: denied('Microsoft.Security/pricings/read') }) });
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', `/subscriptions/${scope.accountId}`]]);
  });
});
