import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { accountResource, withGlobal } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/account-maintain-current-contact-details',
  provider: 'aws',
  service: 'account',
  requires: ['account'],
  resourceType: 'AwsAccount',
  severity: 'medium',
  title: 'The account\'s primary contact details are maintained',
  description:
    'Checks that the account\'s primary contact information (GetContactInformation) is set with a full name, phone number and address (CIS AWS Foundations 1.1, a manual recommendation). Whether the details are current can only be confirmed by a person: review them periodically.',
  risk: 'AWS uses the primary contact to reach the account owner about abuse, compromise or billing problems; missing or stale details delay the response to an incident and can lead to the account being suspended.',
  remediation: {
    summary: 'Set the primary contact to a full name, an address and a phone number that reach the team that owns the account, and review them on a schedule.',
    cli: 'aws account put-contact-information --contact-information \'{"FullName":"<name>","AddressLine1":"<address>","City":"<city>","PostalCode":"<postal-code>","CountryCode":"<country-code>","PhoneNumber":"<+phone>","CompanyName":"<company>"}\'',
    terraform:
      'resource "aws_account_primary_contact" "this" {\n  full_name          = "Cloud Platform Team"\n  company_name       = "Example Corp"\n  address_line_1     = "410 Terry Ave N"\n  city               = "Seattle"\n  state_or_region    = "WA"\n  postal_code        = "98109"\n  country_code       = "US"\n  phone_number       = "+12065550100"\n}',
    console: 'Account console (account menu → Account) → Contact information → Edit → fill in name, address and phone number → Update.',
  },
  references: [
    'https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-primary.html',
    'https://docs.aws.amazon.com/accounts/latest/reference/API_GetContactInformation.html',
  ],
  categories: ['governance'],
  evaluate: (account) =>
    withGlobal(account, 'account', (data) => {
      const target = accountResource(account);
      return fromFetched(data.contactInformation, target, (contact) => {
        if (contact === null) return [fail(target, 'The account has no primary contact information.')];
        const missing = [
          ...(contact.fullName?.trim() ? [] : ['full name']),
          ...(contact.phoneNumber?.trim() ? [] : ['phone number']),
          ...(contact.addressLine1?.trim() ? [] : ['address']),
        ];
        return missing.length === 0
          ? [pass(target, `The primary contact is set (${contact.fullName}); confirm periodically that it is current.`)]
          : [fail(target, `The primary contact information lacks: ${missing.join(', ')}.`)];
      });
    }),
});
