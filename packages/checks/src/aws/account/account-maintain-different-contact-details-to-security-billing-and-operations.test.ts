import { describe, expect, it } from 'vitest';
import type { Fetched } from '@palisade/core';
import type { AccountContact } from '@palisade/core/aws';
import { accountSnapshot, alternateContact, denied, ok, runCheck, statuses } from '../../testing/aws/index.ts';
import check from './account-maintain-different-contact-details-to-security-billing-and-operations.ts';

const ROOT = 'arn:aws:iam::123456789012:root';
type Contacts = { security: Fetched<AccountContact | null>; billing: Fetched<AccountContact | null>; operations: Fetched<AccountContact | null> };
const all: Contacts = { security: ok(alternateContact('security')), billing: ok(alternateContact('billing')), operations: ok(alternateContact('operations')) };

describe(check.id, () => {
  it.each<[string, Partial<Contacts>, string]>([
    ['three distinct contacts', {}, 'PASS'],
    ['operations missing', { operations: ok(null) }, 'FAIL'],
    ['billing without email', { billing: ok(alternateContact('billing', { emailAddress: undefined })) }, 'FAIL'],
    ['billing shares the security email', { billing: ok(alternateContact('billing', { emailAddress: 'Security@Example.com' })) }, 'FAIL'],
    ['security denied', { security: denied('account:GetAlternateContact') }, 'ERROR'],
    ['operations denied', { operations: denied('account:GetAlternateContact') }, 'ERROR'],
  ])('%s → %s', (_name, overrides, expected) => {
    const account = accountSnapshot({ global: { account: { alternateContacts: { ...all, ...overrides } } } });
    expect(statuses(runCheck(check, account))).toEqual([[expected, ROOT]]);
  });

  it('names the contacts that share an address', () => {
    const account = accountSnapshot({
      global: { account: { alternateContacts: { ...all, operations: ok(alternateContact('operations', { emailAddress: 'billing@example.com' })) } } },
    });
    expect(runCheck(check, account)[0]?.message).toContain('billing and operations use billing@example.com');
  });
});
