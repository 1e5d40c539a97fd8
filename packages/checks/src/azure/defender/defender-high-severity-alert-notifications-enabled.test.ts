import { describe, expect, it } from 'vitest';
import { defenderData, defenderSecurityContact, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './defender-high-severity-alert-notifications-enabled.ts';

const SUBSCRIPTION = `/subscriptions/${subscriptionSnapshot().accountId}`;
const CONTACT = `${SUBSCRIPTION}/providers/Microsoft.Security/securityContacts/default`;
const ROLES_OFF = { state: 'Off', roles: [] };

describe(check.id, () => {
  it.each([
    ['High', [defenderSecurityContact()], 'PASS'],
    ['Medium (includes High)', [defenderSecurityContact({ notificationsSources: [{ sourceType: 'Alert', minimalSeverity: 'Medium' }] })], 'PASS'],
    ['roles only, no address', [defenderSecurityContact({ emails: [] })], 'PASS'],
    ['no alert source', [defenderSecurityContact({ notificationsSources: [{ sourceType: 'AttackPath', minimalRiskLevel: 'High' }] })], 'FAIL'],
    ['unknown minimum', [defenderSecurityContact({ notificationsSources: [{ sourceType: 'Alert', minimalSeverity: 'Critical' }] })], 'FAIL'],
    ['contact switched off', [defenderSecurityContact({ isEnabled: false })], 'FAIL'],
    ['nobody to email', [defenderSecurityContact({ emails: [], notificationsByRole: ROLES_OFF })], 'FAIL'],
    ['no contact', [], 'FAIL'],
  ] as const)('%s → %s', (_name, contacts, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ securityContacts: ok(contacts) }) }));
    expect(statuses(results)).toEqual([[expected, CONTACT]]);
  });

  it('reports ERROR on the subscription when the contacts could not be read', () => {
    const scope = subscriptionSnapshot({ defender: defenderData({ securityContacts: denied('Microsoft.Security/securityContacts/read') }) });
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', SUBSCRIPTION]]);
  });
});
