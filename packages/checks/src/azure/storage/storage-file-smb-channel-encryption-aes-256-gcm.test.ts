import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, ok, runAzureCheck, statuses, storageAccount, storageAccountId, storageScope, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './storage-file-smb-channel-encryption-aes-256-gcm.ts';

const ID = storageAccountId('stdata');
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

describe(check.id, () => {
  it.each([
    ['AES-256-GCM only', { fileService: ok({ smb: { channelEncryption: 'AES-256-GCM' } }) }, 'PASS'],
    ['AES-128-GCM and AES-256-GCM', { fileService: ok({ smb: { channelEncryption: 'AES-128-GCM;AES-256-GCM' } }) }, 'FAIL'],
    ['AES-128-CCM', { fileService: ok({ smb: { channelEncryption: 'AES-128-CCM' } }) }, 'FAIL'],
    ['no SMB settings (every cipher)', { fileService: ok({}) }, 'FAIL'],
    ['denied', { fileService: denied('Microsoft.Storage/storageAccounts/fileServices/read', storageAccountId('stdata')) }, 'ERROR'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, storageScope(storageAccount({ name: 'stdata', ...overrides })));
    expect(statuses(results)).toEqual([[expected, ID]]);
  });

  it('does not evaluate an account without a file service (BlockBlobStorage)', () => {
    expect(runAzureCheck(check, storageScope(storageAccount({ name: 'stdata', kind: 'BlockBlobStorage', fileService: undefined })))).toEqual([]);
  });

  it('reports ERROR on the subscription when storage accounts could not be listed', () => {
    const results = runAzureCheck(check, subscriptionSnapshot({ storage: { accounts: denied('Microsoft.Storage/storageAccounts/read') } }));
    expect(statuses(results)).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports ERROR on the subscription when storage was not collected', () => {
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({})))).toEqual([['ERROR', SUBSCRIPTION]]);
  });

  it('reports nothing for a subscription without storage accounts', () => {
    expect(runAzureCheck(check, storageScope())).toEqual([]);
  });
});
