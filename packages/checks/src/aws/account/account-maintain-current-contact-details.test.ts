import { describe, expect, it } from 'vitest';
import { accountSnapshot, contactInformation, denied, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './account-maintain-current-contact-details.ts';

const ROOT = 'arn:aws:iam::123456789012:root';

describe(check.id, () => {
  it.each([
    ['complete contact', ok(contactInformation()), 'PASS'],
    ['no phone number', ok(contactInformation({ phoneNumber: undefined })), 'FAIL'],
    ['blank full name', ok(contactInformation({ fullName: '  ' })), 'FAIL'],
    ['no address', ok(contactInformation({ addressLine1: undefined })), 'FAIL'],
    ['no contact information', ok(null), 'FAIL'],
    ['denied', denied('account:GetContactInformation'), 'ERROR'],
  ] as const)('%s → %s', (_name, contact, expected) => {
    const results = runCheck(check, accountSnapshot({ global: { account: { contactInformation: contact } } }));
    expect(statuses(results)).toEqual([[expected, ROOT]]);
  });

  it('names the missing fields', () => {
    const [result] = runCheck(check, accountSnapshot({ global: { account: { contactInformation: ok(contactInformation({ phoneNumber: undefined, addressLine1: undefined })) } } }));
    expect(result?.message).toContain('phone number, address');
  });
});
