import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraData, entraDirectorySetting, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-users-cannot-create-microsoft-365-groups.ts';

const groupUnified = (values: Record<string, string>) => entraDirectorySetting('62375ab9-6b52-47ed-826b-58e47e0e304b', 'Group.Unified', values);

describe(check.id, () => {
  it.each([
    ['creation disabled', ok([groupUnified({ EnableGroupCreation: 'false', GroupCreationAllowedGroupId: '' })]), 'PASS'],
    ['creation disabled but for one group', ok([groupUnified({ EnableGroupCreation: 'False', GroupCreationAllowedGroupId: 'g-1' })]), 'PASS'],
    ['creation enabled', ok([groupUnified({ EnableGroupCreation: 'true' })]), 'FAIL'],
    ['no Group.Unified setting (default)', ok([entraDirectorySetting('5cf42378-d67d-4f36-ba46-e8b86229381d', 'Password Rule Settings', { LockoutThreshold: '10' })]), 'FAIL'],
    ['denied', denied('graph:groupSettings.list'), 'ERROR'],
  ] as const)('%s → %s', (_name, directorySettings, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ directorySettings }) })))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });

  it('names the group still allowed to create groups', () => {
    const [result] = runAzureCheck(check, tenantSnapshot({ entra: entraData({ directorySettings: ok([groupUnified({ EnableGroupCreation: 'false', GroupCreationAllowedGroupId: 'g-1' })]) }) }));
    expect(result?.message).toBe('Only administrators and members of group g-1 can create Microsoft 365 groups.');
  });
});
