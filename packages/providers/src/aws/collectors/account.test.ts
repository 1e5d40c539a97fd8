import { AccountClient, GetAlternateContactCommand, GetContactInformationCommand } from '@aws-sdk/client-account';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkError, testCollectorContext } from '../testing.ts';
import { accountCollector } from './account.ts';

const mock = mockClient(AccountClient);
afterEach(() => mock.reset());

const notFound = () => sdkError('ResourceNotFoundException', 'No contact of the inputted alternate contact type found.', 404);

describe('account collector', () => {
  it('maps the primary contact and each alternate contact, with null for contacts never set', async () => {
    // Shaped like GetContactInformation and GetAlternateContact responses.
    mock.on(GetContactInformationCommand).resolves({
      ContactInformation: {
        FullName: 'Jane Doe',
        AddressLine1: '410 Terry Ave N',
        City: 'Seattle',
        StateOrRegion: 'WA',
        PostalCode: '98109',
        CountryCode: 'US',
        PhoneNumber: '+12065550100',
        CompanyName: 'Example Corp',
        WebsiteUrl: 'https://example.com',
      },
    });
    mock.on(GetAlternateContactCommand, { AlternateContactType: 'SECURITY' }).resolves({
      AlternateContact: { AlternateContactType: 'SECURITY', Name: 'Security Team', Title: 'SOC', EmailAddress: 'security@example.com', PhoneNumber: '+12065550101' },
    });
    mock.on(GetAlternateContactCommand, { AlternateContactType: 'BILLING' }).resolves({
      AlternateContact: { AlternateContactType: 'BILLING', Name: 'Finance', Title: 'AP', EmailAddress: 'billing@example.com', PhoneNumber: '+12065550102' },
    });
    mock.on(GetAlternateContactCommand, { AlternateContactType: 'OPERATIONS' }).rejects(notFound());
    const context = testCollectorContext();
    const data = await accountCollector.collect(context);
    expect(data).toEqual({
      contactInformation: { value: { fullName: 'Jane Doe', phoneNumber: '+12065550100', addressLine1: '410 Terry Ave N', countryCode: 'US', companyName: 'Example Corp' } },
      alternateContacts: {
        security: { value: { name: 'Security Team', title: 'SOC', emailAddress: 'security@example.com', phoneNumber: '+12065550101' } },
        billing: { value: { name: 'Finance', title: 'AP', emailAddress: 'billing@example.com', phoneNumber: '+12065550102' } },
        operations: { value: null },
      },
    });
    expect(context.rawGateway.snapshotCounters()['account']).toMatchObject({ calls: 4, errors: 0 });
  });

  it('yields null for a missing primary contact', async () => {
    mock.on(GetContactInformationCommand).rejects(sdkError('ResourceNotFoundException', 'Contact information not found', 404));
    mock.on(GetAlternateContactCommand).rejects(notFound());
    const data = await accountCollector.collect(testCollectorContext());
    expect(data.contactInformation).toEqual({ value: null });
    expect(data.alternateContacts).toEqual({ security: { value: null }, billing: { value: null }, operations: { value: null } });
  });

  it('carries AccessDenied as the error of each read', async () => {
    const denied = () =>
      sdkError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: account:GetAlternateContact', 403);
    mock.on(GetContactInformationCommand).resolves({ ContactInformation: { FullName: 'Jane Doe', AddressLine1: 'x', City: 'y', PostalCode: 'z', CountryCode: 'US', PhoneNumber: '+1' } });
    mock.on(GetAlternateContactCommand).callsFake(() => Promise.reject(denied()));
    const data = await accountCollector.collect(testCollectorContext('eu-west-1'));
    expect(data.contactInformation.value).toMatchObject({ fullName: 'Jane Doe' });
    for (const contact of [data.alternateContacts.security, data.alternateContacts.billing, data.alternateContacts.operations]) {
      expect(contact.error).toMatchObject({ api: 'account:GetAlternateContact', code: 'AccessDeniedException', region: 'eu-west-1', httpStatus: 403 });
    }
    expect(mock.commandCalls(GetAlternateContactCommand).map((call) => call.args[0].input.AlternateContactType).sort()).toEqual(['BILLING', 'OPERATIONS', 'SECURITY']);
  });
});
