import type { AccountContact, AccountData } from '@palisade/core/aws';

type ContactInformation = NonNullable<NonNullable<AccountData['contactInformation']['value']>>;

/** A complete primary contact (GetContactInformation) unless overridden. */
export function contactInformation(overrides: Partial<ContactInformation> = {}): ContactInformation {
  return {
    fullName: 'Jane Doe',
    phoneNumber: '+1 206 555 0100',
    addressLine1: '410 Terry Ave N',
    countryCode: 'US',
    companyName: 'Example Corp',
    ...overrides,
  };
}

/** A complete alternate contact (GetAlternateContact) for `team`, e.g. `security`. */
export function alternateContact(team: string, overrides: Partial<AccountContact> = {}): AccountContact {
  return {
    name: `${team} team`,
    title: `${team} lead`,
    emailAddress: `${team}@example.com`,
    phoneNumber: '+1 206 555 0199',
    ...overrides,
  };
}
