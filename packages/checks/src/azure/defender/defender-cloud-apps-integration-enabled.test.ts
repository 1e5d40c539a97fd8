import { describe, expect, it } from 'vitest';
import { defenderData, defenderSetting, defenderSettingId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './defender-cloud-apps-integration-enabled.ts';

const SETTING = defenderSettingId('MCAS');

describe(check.id, () => {
  it.each([
    ['enabled', [defenderSetting('MCAS'), defenderSetting('Sentinel', false)], 'PASS'],
    ['disabled', [defenderSetting('MCAS', false)], 'FAIL'],
    ['never configured', [defenderSetting('Sentinel')], 'FAIL'],
    ['no settings', [], 'FAIL'],
  ] as const)('%s → %s', (_name, settings, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ settings: ok(settings) }) }));
    expect(statuses(results)).toEqual([[expected, SETTING]]);
  });

  it('reports ERROR on the subscription when the settings could not be read', () => {
    const scope = subscriptionSnapshot({ defender: defenderData({ settings: denied('Microsoft.Security/settings/read') }) });
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', `/subscriptions/${scope.accountId}`]]);
  });

  it('reports ERROR when defender was not collected, and nothing for the tenant scope', () => {
    const scope = subscriptionSnapshot();
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', `/subscriptions/${scope.accountId}`]]);
    expect(runAzureCheck(check, tenantSnapshot())).toEqual([]);
  });
});
