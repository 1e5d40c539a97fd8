import type { IamCredentialReportRow, IamReportAccessKey, IamUser } from '@palisade/core';
import { TEST_ACCOUNT_ID, daysAgo, ok } from './account.ts';

const unusedKey: IamReportAccessKey = { active: false, lastRotated: null, lastUsedDate: null, lastUsedRegion: null, lastUsedService: null };

export function credentialReportRow(overrides: Partial<IamCredentialReportRow> & { user: string }): IamCredentialReportRow {
  const isRoot = overrides.user === '<root_account>';
  return {
    arn: isRoot ? `arn:aws:iam::${TEST_ACCOUNT_ID}:root` : `arn:aws:iam::${TEST_ACCOUNT_ID}:user/${overrides.user}`,
    userCreationTime: daysAgo(400),
    passwordEnabled: isRoot ? 'not_supported' : false,
    passwordLastUsed: null,
    passwordLastChanged: null,
    passwordNextRotation: null,
    mfaActive: false,
    accessKeys: [unusedKey, unusedKey],
    certificates: [
      { active: false, lastRotated: null },
      { active: false, lastRotated: null },
    ],
    ...overrides,
  };
}

export function iamUser(overrides: Partial<IamUser> & { name: string }): IamUser {
  return {
    id: `AIDA${overrides.name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/${overrides.name}`,
    path: '/',
    createDate: daysAgo(400),
    tags: {},
    groups: [],
    attachedPolicies: [],
    inlinePolicies: [],
    accessKeys: ok([]),
    mfaDevices: ok([]),
    ...overrides,
  };
}
