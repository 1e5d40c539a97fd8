import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';
import type { AccountContact } from '@palisade/core/aws';
import { allFetched } from '../lib/fetched-all.ts';

export default defineCheck({
  id: 'aws/account-maintain-different-contact-details-to-security-billing-and-operations',
  provider: 'aws',
  service: 'account',
  requires: ['account'],
  resourceType: 'AwsAccount',
  severity: 'low',
  title: 'Security, billing and operations contacts are set and distinct',
  description:
    'Checks that the SECURITY, BILLING and OPERATIONS alternate contacts (GetAlternateContact) are all set with an email address, and that no two of them share the same email address.',
  risk: 'AWS routes security, billing and operational notices to these contacts; when they are missing or all point to one mailbox, urgent messages reach the wrong team, get lost among unrelated mail, or depend on a single person.',
  remediation: {
    summary: 'Register all three alternate contacts, each with the email address of the team responsible (e.g. a security, a finance and an operations distribution list).',
    cli: 'aws account put-alternate-contact --alternate-contact-type SECURITY --name "Security Team" --title "Security" --email-address security@example.com --phone-number "+12065550199"\naws account put-alternate-contact --alternate-contact-type BILLING --name "Finance Team" --title "Billing" --email-address billing@example.com --phone-number "+12065550198"\naws account put-alternate-contact --alternate-contact-type OPERATIONS --name "Operations Team" --title "Operations" --email-address operations@example.com --phone-number "+12065550197"',
    terraform:
      'resource "aws_account_alternate_contact" "contacts" {\n  for_each = {\n    SECURITY   = "security@example.com"\n    BILLING    = "billing@example.com"\n    OPERATIONS = "operations@example.com"\n  }\n  alternate_contact_type = each.key\n  name                   = "${title(lower(each.key))} Team"\n  title                  = title(lower(each.key))\n  email_address          = each.value\n  phone_number           = "+12065550199"\n}',
    console: 'Account console (account menu → Account) → Alternate contacts → Edit → fill in the Billing, Operations and Security contacts with different email addresses → Update.',
  },
  references: [
    'https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-alternate.html',
    'https://docs.aws.amazon.com/accounts/latest/reference/API_PutAlternateContact.html',
  ],
  categories: ['governance'],
  evaluate: (account) =>
    withGlobal(account, 'account', (data) => {
      const target = accountResource(account);
      const { security, billing, operations } = data.alternateContacts;
      return fromFetched(allFetched({ security, billing, operations }), target, (contacts) => {
        const entries = Object.entries(contacts) as [string, AccountContact | null][];
        const missing = entries.filter(([, contact]) => !contact?.emailAddress?.trim()).map(([type]) => type);
        if (missing.length > 0) return [fail(target, `Alternate contact(s) not set or without an email address: ${missing.join(', ')}.`)];
        const byEmail = new Map<string, string[]>();
        for (const [type, contact] of entries) {
          const email = contact?.emailAddress?.trim().toLowerCase() ?? '';
          byEmail.set(email, [...(byEmail.get(email) ?? []), type]);
        }
        const shared = [...byEmail.entries()].filter(([, types]) => types.length > 1);
        return shared.length === 0
          ? [pass(target, 'The security, billing and operations contacts are set with different email addresses.')]
          : [fail(target, `Alternate contacts share an email address: ${shared.map(([email, types]) => `${types.join(' and ')} use ${email}`).join('; ')}.`)];
      });
    }),
});
