import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, denied, entraData, entraDirectorySetting, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-custom-banned-password-list-enforced.ts';

const passwordRules = (values: Record<string, string>) => ok([entraDirectorySetting('5cf42378-d67d-4f36-ba46-e8b86229381d', 'Password Rule Settings', values)]);

describe(check.id, () => {
  it.each([
    ['enforced with terms', passwordRules({ EnableBannedPasswordCheck: 'True', BannedPasswordList: 'contoso\tfabrikam' }), 'PASS'],
    ['enforced, empty list', passwordRules({ EnableBannedPasswordCheck: 'True', BannedPasswordList: '' }), 'FAIL'],
    ['list present, not enforced', passwordRules({ EnableBannedPasswordCheck: 'False', BannedPasswordList: 'contoso' }), 'FAIL'],
    ['never configured', ok([]), 'FAIL'],
    ['denied', denied('graph:groupSettings.list'), 'ERROR'],
  ] as const)('%s → %s', (_name, directorySettings, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ directorySettings }) })))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });

  it('counts the terms', () => {
    const [result] = runAzureCheck(check, tenantSnapshot({ entra: entraData({ directorySettings: passwordRules({ EnableBannedPasswordCheck: 'True', BannedPasswordList: 'contoso\tfabrikam\tseattle' }) }) }));
    expect(result?.message).toBe('A custom banned password list of 3 terms is enforced.');
  });
});
