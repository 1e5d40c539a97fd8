import { describe, expect, it } from 'vitest';
import { defenderData, defenderSecurityContact, denied, ok, runAzureCheck, statuses, subscriptionSnapshot, tenantSnapshot } from '../../testing/azure/index.ts';
import check from './defender-security-contact-email-configured.ts';

const SUBSCRIPTION = `/subscriptions/${subscriptionSnapshot().accountId}`;
const CONTACT = `${SUBSCRIPTION}/providers/Microsoft.Security/securityContacts/default`;

describe(check.id, () => {
  it.each([
    ['one address', [defenderSecurityContact()], 'PASS'],
    ['several addresses, one malformed', [defenderSecurityContact({ emails: ['secops', 'soc@contoso.com'] })], 'PASS'],
    ['no address', [defenderSecurityContact({ emails: [] })], 'FAIL'],
    ['only malformed addresses', [defenderSecurityContact({ emails: ['secops at contoso'] })], 'FAIL'],
    ['address set, notifications off', [defenderSecurityContact({ isEnabled: false })], 'FAIL'],
    ['no contact', [], 'FAIL'],
  ] as const)('%s → %s', (_name, contacts, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ securityContacts: ok(contacts) }) }));
    expect(statuses(results)).toEqual([[expected, CONTACT]]);
  });

  it('names the addresses', () => {
    const [result] = runAzureCheck(check, subscriptionSnapshot({ defender: defenderData({ securityContacts: ok([defenderSecurityContact()]) }) }));
    expect(result?.message).toContain('secops@contoso.com');
  });

  it('reports ERROR on the subscription when the contacts could not be read, and nothing for the tenant scope', () => {
    const scope = subscriptionSnapshot({ defender: defenderData({ securityContacts: denied('Microsoft.Security/securityContacts/read') }) });
    expect(statuses(runAzureCheck(check, scope))).toEqual([['ERROR', SUBSCRIPTION]]);
    expect(runAzureCheck(check, tenantSnapshot())).toEqual([]);
  });
});
