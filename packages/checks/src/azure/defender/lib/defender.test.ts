import { describe, expect, it } from 'vitest';
import { defenderPlanExtension, defenderPricing } from '../../../testing/azure/index.ts';
import { armTypeAndName, isExtensionOn, isPlanOn } from './defender.ts';

describe('defender helpers', () => {
  it.each([
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1', 'Microsoft.Compute/virtualMachines', 'vm1'],
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.HybridCompute/machines/arc-01', 'Microsoft.HybridCompute/machines', 'arc-01'],
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app/slots/staging', 'Microsoft.Web/sites/slots', 'staging'],
    ['/subscriptions/s', 'Microsoft.Resources/resources', 's'],
  ])('%s → %s', (id, type, name) => {
    expect(armTypeAndName(id)).toEqual({ type, name });
  });

  it('reads plan tiers and extensions case-insensitively', () => {
    expect(isPlanOn(defenderPricing('Arm', { pricingTier: 'standard' }))).toBe(true);
    expect(isPlanOn(defenderPricing('Arm', { pricingTier: 'Free' }))).toBe(false);
    expect(isPlanOn(undefined)).toBe(false);
    expect(isExtensionOn(defenderPricing('Containers', { extensions: [defenderPlanExtension('agentlessdiscoveryforkubernetes')] }), 'AgentlessDiscoveryForKubernetes')).toBe(true);
    expect(isExtensionOn(defenderPricing('Containers', { pricingTier: 'Free', extensions: [defenderPlanExtension('AgentlessDiscoveryForKubernetes')] }), 'AgentlessDiscoveryForKubernetes')).toBe(false);
  });
});
