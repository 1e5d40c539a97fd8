import { describe, expect, it } from 'vitest';
import { DEFENDER_AUTO_PROVISIONING_ID, defenderAutoProvisioningSetting, defenderData, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './defender-auto-provisioning-log-analytics-enabled.ts';

describe(check.id, () => {
  it.each([
    ['on', [defenderAutoProvisioningSetting('On')], 'PASS'],
    ['off', [defenderAutoProvisioningSetting('Off')], 'FAIL'],
    ['never configured', [], 'FAIL'],
  ] as const)('%s → %s', (_name, settings, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ autoProvisioningSettings: ok(settings) }) }));
    expect(statuses(results)).toEqual([[expected, DEFENDER_AUTO_PROVISIONING_ID]]);
  });

  it('reports ERROR on the subscription when the setting could not be read', () => {
    const scope = subscriptionSnapshot({ defender: defenderData({ autoProvisioningSettings: denied('Microsoft.Security/autoProvisioningSettings/read') }) });
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', `/subscriptions/${scope.accountId}`]]);
  });
});
