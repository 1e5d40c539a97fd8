import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraData, entraDirectorySetting, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-smart-lockout-threshold-at-most-10.ts';

const passwordRules = (values: Record<string, string>) => ok([entraDirectorySetting('5cf42378-d67d-4f36-ba46-e8b86229381d', 'Password Rule Settings', values)]);

describe(check.id, () => {
  it.each([
    ['threshold 5', passwordRules({ LockoutThreshold: '5', LockoutDurationInSeconds: '60' }), 'PASS'],
    ['threshold 10', passwordRules({ LockoutThreshold: '10' }), 'PASS'],
    ['no setting (default 10)', ok([]), 'PASS'],
    ['threshold 25', passwordRules({ LockoutThreshold: '25' }), 'FAIL'],
    ['threshold not a number', passwordRules({ LockoutThreshold: '' }), 'FAIL'],
    ['denied', denied('graph:groupSettings.list'), 'ERROR'],
  ] as const)('%s → %s', (_name, directorySettings, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ directorySettings }) })))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });
});
