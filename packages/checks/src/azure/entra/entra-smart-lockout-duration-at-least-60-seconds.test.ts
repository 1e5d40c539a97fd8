import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraData, entraDirectorySetting, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-smart-lockout-duration-at-least-60-seconds.ts';

const passwordRules = (values: Record<string, string>) => ok([entraDirectorySetting('5cf42378-d67d-4f36-ba46-e8b86229381d', 'Password Rule Settings', values)]);

describe(check.id, () => {
  it.each([
    ['60 seconds', passwordRules({ LockoutDurationInSeconds: '60' }), 'PASS'],
    ['300 seconds', passwordRules({ LockoutDurationInSeconds: '300' }), 'PASS'],
    ['no setting (default 60)', ok([]), 'PASS'],
    ['30 seconds', passwordRules({ LockoutDurationInSeconds: '30' }), 'FAIL'],
    ['denied', denied('graph:groupSettings.list'), 'ERROR'],
  ] as const)('%s → %s', (_name, directorySettings, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ directorySettings }) })))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });
});
