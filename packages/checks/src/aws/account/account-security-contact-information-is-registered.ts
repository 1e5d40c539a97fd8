import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/account-security-contact-information-is-registered',
  provider: 'aws',
  service: 'account',
  requires: ['account'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'Security contact information is registered',
  description:
    'Checks that the SECURITY alternate contact (GetAlternateContact) is set with an email address and a phone number (CIS AWS Foundations 1.2, a manual recommendation).',
  risk: 'AWS sends security notifications — abuse reports, exposed credentials, suspicious activity — to the security contact; without one they go only to the primary contact and may never reach the people who must act.',
  remediation: {
    summary: 'Register a security alternate contact that reaches your security team, preferably a monitored distribution list and an on-call phone number.',
    cli: 'aws account put-alternate-contact --alternate-contact-type SECURITY --name "<name>" --title "<title>" --email-address <security-team@example.com> --phone-number "<+phone>"',
    terraform:
      'resource "aws_account_alternate_contact" "security" {\n  alternate_contact_type = "SECURITY"\n  name                   = "Security Team"\n  title                  = "Security Operations"\n  email_address          = "security@example.com"\n  phone_number           = "+12065550199"\n}',
    console: 'Account console (account menu → Account) → Alternate contacts → Edit → Security contact → fill in name, title, email and phone → Update.',
  },
  references: [
    'https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-alternate.html',
    'https://docs.aws.amazon.com/accounts/latest/reference/API_GetAlternateContact.html',
  ],
  categories: ['governance', 'monitoring'],
  evaluate: (account) =>
    withGlobal(account, 'account', (data) => {
      const target = accountResource(account);
      return fromFetched(data.alternateContacts.security, target, (contact) => {
        if (contact === null) return [fail(target, 'No security alternate contact is registered.')];
        const missing = [...(contact.emailAddress?.trim() ? [] : ['email address']), ...(contact.phoneNumber?.trim() ? [] : ['phone number'])];
        return missing.length === 0
          ? [pass(target, `The security contact is registered (${contact.emailAddress}).`)]
          : [fail(target, `The security alternate contact lacks: ${missing.join(', ')}.`)];
      });
    }),
});
