import { describe, expect, it } from 'vitest';
import type { EntraData } from '@palisade/core/azure';
import { ENTRA_TENANT_UID, denied, entraApplication, entraCredential, entraData, entraUid, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-application-credentials-short-lived.ts';

const valid = (keyId: string, startDateTime: string, endDateTime: string) => entraCredential({ keyId, displayName: keyId, startDateTime, endDateTime });
const run = (applications: EntraData['applications']) => runAzureCheck(check, tenantSnapshot({ entra: entraData({ applications }) }));

describe(check.id, () => {
  it.each([
    ['6-month secret', [valid('s', '2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z')], [], 'PASS'],
    ['2-year certificate', [], [valid('c', '2025-01-01T00:00:00Z', '2027-01-01T00:00:00Z')], 'PASS'],
    ['2-year secret', [valid('s', '2025-01-01T00:00:00Z', '2027-01-01T00:00:00Z')], [], 'FAIL'],
    ['10-year certificate', [], [valid('c', '2024-01-01T00:00:00Z', '2034-01-01T00:00:00Z')], 'FAIL'],
  ] as const)('%s → %s', (_name, passwordCredentials, keyCredentials, expected) => {
    expect(statuses(run(ok([entraApplication({ id: 'app1', passwordCredentials, keyCredentials })])))).toEqual([[expected, entraUid('applications', 'app1')]]);
  });

  it('names the long-lived credentials', () => {
    const [result] = run(ok([entraApplication({ id: 'app1', displayName: 'Payroll', passwordCredentials: [valid('ci', '2024-01-01T00:00:00Z', '2029-01-01T00:00:00Z')] })]));
    expect(result?.message).toBe("App Payroll holds long-lived credentials: secret 'ci' valid for 1827 days.");
  });

  it('reports nothing without credentials, ERROR when apps cannot be listed', () => {
    expect(run(ok([entraApplication({ id: 'app1' })]))).toEqual([]);
    expect(statuses(run(denied('graph:applications.list')))).toEqual([['ERROR', ENTRA_TENANT_UID]]);
  });
});
