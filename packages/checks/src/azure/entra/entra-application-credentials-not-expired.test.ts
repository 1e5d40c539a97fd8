import { describe, expect, it } from 'vitest';
import type { EntraData } from '@palisade/core/azure';
import { ENTRA_TENANT_UID, daysAgo, denied, entraApplication, entraCredential, entraData, entraUid, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-application-credentials-not-expired.ts';

const run = (applications: EntraData['applications'], config = {}) => runAzureCheck(check, tenantSnapshot({ entra: entraData({ applications }) }), config);
const secret = (endDateTime: string) => entraCredential({ keyId: 'k1', displayName: 'ci', startDateTime: daysAgo(200), endDateTime });

describe(check.id, () => {
  it.each([
    ['secret valid for months', [secret(daysAgo(-120))], [], 'PASS'],
    ['secret expired', [secret(daysAgo(3))], [], 'FAIL'],
    ['valid secret, expired certificate', [secret(daysAgo(-120))], [entraCredential({ keyId: 'c1', endDateTime: daysAgo(40) })], 'FAIL'],
  ] as const)('%s → %s', (_name, passwordCredentials, keyCredentials, expected) => {
    const results = run(ok([entraApplication({ id: 'app1', passwordCredentials, keyCredentials })]));
    expect(statuses(results)).toEqual([[expected, entraUid('applications', 'app1')]]);
  });

  it('reports nothing for apps without credentials or without apps', () => {
    expect(run(ok([entraApplication({ id: 'app1' })]))).toEqual([]);
    expect(run(ok([]))).toEqual([]);
  });

  it('warns about credentials expiring within the configured window', () => {
    const applications = ok([entraApplication({ id: 'app1', displayName: 'Payroll', passwordCredentials: [secret(daysAgo(-10))] })]);
    expect(run(applications)[0]?.message).toContain("secret 'ci' expires on");
    expect(run(applications, { certificateExpiryWarningDays: 5 })[0]?.message).toBe('App Payroll holds no expired credential.');
  });

  it('reports ERROR on the tenant when apps cannot be listed', () => {
    expect(statuses(run(denied('graph:applications.list')))).toEqual([['ERROR', ENTRA_TENANT_UID]]);
  });
});
