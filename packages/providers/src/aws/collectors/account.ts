/**
 * Account contacts: the primary contact and the security, billing and operations alternate
 * contacts. A contact that was never set is `null`, which checks report as FAIL, not ERROR.
 */
import { AccountClient, GetAlternateContactCommand, GetContactInformationCommand } from '@aws-sdk/client-account';
import type { AlternateContact, AlternateContactType, ContactInformation } from '@aws-sdk/client-account';
import type { Fetched } from '@palisade/core';
import type { AccountContact, AccountData } from '@palisade/core/aws';
import type { CollectorContext, GlobalCollector } from '../collector.ts';

const NOT_SET = ['ResourceNotFoundException'];

export const accountCollector: GlobalCollector<'account'> = {
  service: 'account',
  scope: 'global',
  async collect(context) {
    const client = context.clients.get(AccountClient, context.region);
    const [contactInformation, security, billing, operations] = await Promise.all([
      context.gateway.callOrNull('account:GetContactInformation', (abortSignal) => client.send(new GetContactInformationCommand({}), { abortSignal }), NOT_SET),
      alternateContact(context, client, 'SECURITY'),
      alternateContact(context, client, 'BILLING'),
      alternateContact(context, client, 'OPERATIONS'),
    ]);
    return {
      contactInformation: contactInformation.error
        ? contactInformation
        : { value: contactInformation.value?.ContactInformation ? toContactInformation(contactInformation.value.ContactInformation) : null },
      alternateContacts: { security, billing, operations },
    };
  },
};

async function alternateContact(context: CollectorContext, client: AccountClient, type: AlternateContactType): Promise<Fetched<AccountContact | null>> {
  const result = await context.gateway.callOrNull(
    'account:GetAlternateContact',
    (abortSignal) => client.send(new GetAlternateContactCommand({ AlternateContactType: type }), { abortSignal }),
    NOT_SET,
  );
  if (result.error) return result;
  return { value: result.value?.AlternateContact ? toContact(result.value.AlternateContact) : null };
}

function toContact(contact: AlternateContact): AccountContact {
  return {
    ...(contact.Name ? { name: contact.Name } : {}),
    ...(contact.Title ? { title: contact.Title } : {}),
    ...(contact.EmailAddress ? { emailAddress: contact.EmailAddress } : {}),
    ...(contact.PhoneNumber ? { phoneNumber: contact.PhoneNumber } : {}),
  };
}

function toContactInformation(info: ContactInformation): NonNullable<AccountData['contactInformation']['value']> {
  return {
    ...(info.FullName ? { fullName: info.FullName } : {}),
    ...(info.PhoneNumber ? { phoneNumber: info.PhoneNumber } : {}),
    ...(info.AddressLine1 ? { addressLine1: info.AddressLine1 } : {}),
    ...(info.CountryCode ? { countryCode: info.CountryCode } : {}),
    ...(info.CompanyName ? { companyName: info.CompanyName } : {}),
  };
}
