import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, denied, ok, runAzureCheck, statuses, storageAccount, storageAccountId, storageScope, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './storage-file-smb-protocol-version-3-1-1.ts';

const ID = storageAccountId('stdata');
const SUBSCRIPTION = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;

describe(check.id, () => {
  it.each([
    ['SMB 3.1.1 only', { fileService: ok({ smb: { versions: 'SMB3.1.1' } }) }, 'PASS'],
    ['SMB 3.0 and 3.1.1', { fileService: ok({ smb: { versions: 'SMB3.0;SMB3.1.1' } }) }, 'FAIL'],
    ['SMB 2.1', { fileService: ok({ smb: { versions: 'SMB2.1;SMB3.0;SMB3.1.1' } }) }, 'FAIL'],
    ['empty (all versions)', { fileService: ok({ smb: { versions: '' } }) }, 'FAIL'],
    ['no SMB settings (all versions)', { fileService: ok({}) }, 'FAIL'],
    ['denied', { fileService: denied('Microsoft.Storage/storageAccounts/fileServices/read', storageAccountId('stdata')) }, 'ERROR'],
  ] as const)('%s → %s', (_name, overrides, expected) => {
    const results = runAzureCheck(check, storageScope(storageAccount({ name: 'stdata', ...overrides })));
    expect(statuses(results)).toEqual([[expected, ID]]);
  });

  it('does not evaluate an account without a file service (BlockBlobStorage)', () => {
    expect(runAzureCheck(check, storageScope(storageAccount({ name: 'stdata', kind: 'BlockBlobStorage', fileService: undefined })))).toEqual([]);
  });

  it('names the older versions', () => {
    const account = storageAccount({ name: 'stdata', fileService: ok({ smb: { versions: 'SMB2.1;SMB3.0;SMB3.1.1' } }) });
    const [result] = runAzureCheck(check, storageScope(account));
    expect(result?.message).toContain('SMB2.1, SMB3.0');
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
