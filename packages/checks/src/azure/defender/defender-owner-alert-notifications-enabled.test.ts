import { describe, expect, it } from 'vitest';
import { defenderData, defenderSecurityContact, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './defender-owner-alert-notifications-enabled.ts';

const SUBSCRIPTION = `/subscriptions/${subscriptionSnapshot().accountId}`;
const CONTACT = `${SUBSCRIPTION}/providers/Microsoft.Security/securityContacts/default`;

describe(check.id, () => {
  it.each([
    ['owners', [defenderSecurityContact()], 'PASS'],
    ['owners and contributors', [defenderSecurityContact({ notificationsByRole: { state: 'On', roles: ['Contributor', 'Owner'] } })], 'PASS'],
    ['only service admins', [defenderSecurityContact({ notificationsByRole: { state: 'On', roles: ['ServiceAdmin'] } })], 'FAIL'],
    ['role notifications off', [defenderSecurityContact({ notificationsByRole: { state: 'Off', roles: ['Owner'] } })], 'FAIL'],
    ['contact switched off', [defenderSecurityContact({ isEnabled: false })], 'FAIL'],
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
