import { describe, expect, it } from 'vitest';
import { accountSnapshot, alternateContact, denied, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './account-security-contact-information-is-registered.ts';

const ROOT = 'arn:aws:iam::123456789012:root';

describe(check.id, () => {
  it.each([
    ['complete security contact', ok(alternateContact('security')), 'PASS'],
    ['no phone number', ok(alternateContact('security', { phoneNumber: undefined })), 'FAIL'],
    ['no email address', ok(alternateContact('security', { emailAddress: '' })), 'FAIL'],
    ['not set', ok(null), 'FAIL'],
    ['denied', denied('account:GetAlternateContact'), 'ERROR'],
  ] as const)('%s → %s', (_name, security, expected) => {
    const account = accountSnapshot({ global: { account: { alternateContacts: { security, billing: ok(null), operations: ok(null) } } } });
    expect(statuses(runCheck(check, account))).toEqual([[expected, ROOT]]);
  });

  it('ignores the billing and operations contacts', () => {
    const account = accountSnapshot({
      global: { account: { alternateContacts: { security: ok(null), billing: ok(alternateContact('billing')), operations: denied('account:GetAlternateContact') } } },
    });
    expect(statuses(runCheck(check, account))).toEqual([['FAIL', ROOT]]);
  });
});
