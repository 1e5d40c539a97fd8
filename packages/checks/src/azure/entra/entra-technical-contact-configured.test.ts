import { describe, expect, it } from 'vitest';
import { ENTRA_TENANT_UID, TEST_TENANT_ID, denied, entraData, ok, runAzureCheck, statuses, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './entra-technical-contact-configured.ts';

const organization = (technicalNotificationMails: string[], securityComplianceNotificationMails: string[] = []) =>
  ok([{ id: TEST_TENANT_ID, displayName: 'Contoso', verifiedDomains: [], technicalNotificationMails, securityComplianceNotificationMails }]);

describe(check.id, () => {
  it.each([
    ['technical contact', organization(['it@contoso.com']), 'PASS'],
    ['security contact only', organization([], ['soc@contoso.com']), 'PASS'],
    ['none', organization([]), 'FAIL'],
    ['denied', denied('graph:organization.list'), 'ERROR'],
  ] as const)('%s → %s', (_name, org, expected) => {
    expect(statuses(runAzureCheck(check, tenantSnapshot({ entra: entraData({ organization: org }) })))).toEqual([[expected, ENTRA_TENANT_UID]]);
  });

  it('reports nothing when the organization list is empty', () => {
    expect(runAzureCheck(check, tenantSnapshot({ entra: entraData({ organization: ok([]) }) }))).toEqual([]);
  });
});
