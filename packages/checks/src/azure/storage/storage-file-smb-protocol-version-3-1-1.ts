import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

/** SMB 3.1.1 is the first version with pre-authentication integrity and AES-GCM encryption. */
const MIN_VERSION = [3, 1, 1] as const;

/** `SMB3.1.1` → [3, 1, 1]. */
function versionOf(entry: string): number[] {
  return entry.replace(/^SMB/i, '').split('.').map(Number);
}

function atLeastMinimum(entry: string): boolean {
  const version = versionOf(entry);
  for (const [index, minimum] of MIN_VERSION.entries()) {
    const part = version[index] ?? 0;
    if (Number.isNaN(part)) return false;
    if (part !== minimum) return part > minimum;
  }
  return true;
}

export default defineCheck({
  id: 'azure/storage-file-smb-protocol-version-3-1-1',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'medium',
  title: 'Azure Files accepts SMB 3.1.1 or later only',
  description:
    'Checks that the SMB protocol versions allowed by the file service of each account are SMB 3.1.1 or later. When no versions are set, the service accepts every version it supports (SMB 2.1, 3.0 and 3.1.1), so it fails.',
  risk: 'SMB 2.1 has no encryption and SMB 3.0 lacks pre-authentication integrity, so clients negotiating them are exposed to eavesdropping and downgrade (man-in-the-middle) attacks.',
  remediation: {
    summary: 'Allow only SMB 3.1.1 on the file service after checking that all clients support it (Windows 10 / Server 2016 or later, Linux kernel 4.17 or later).',
    cli: 'az storage account file-service-properties update --account-name <account> --resource-group <group> --versions SMB3.1.1',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  share_properties {\n    smb {\n      versions = ["SMB3.1.1"]\n    }\n  }\n}',
    console: 'Storage accounts → select the account → Data storage → File shares → File share settings → Security: Profile Maximum security (or Custom with SMB 3.1.1 only) → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/files/files-smb-protocol'],
  categories: ['encryption', 'network'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        if (account.fileService === undefined) return [];
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        return fromFetched(account.fileService, target, (service) => {
          const versions = (service.smb?.versions ?? '').split(';').map((entry) => entry.trim()).filter(Boolean);
          if (versions.length === 0) return [fail(target, `Storage account ${account.name} does not restrict SMB versions: it accepts SMB 2.1, 3.0 and 3.1.1.`)];
          const older = versions.filter((entry) => !atLeastMinimum(entry));
          return older.length === 0
            ? [pass(target, `Storage account ${account.name} accepts ${versions.join(', ')} only.`)]
            : [fail(target, `Storage account ${account.name} accepts SMB versions older than 3.1.1: ${older.join(', ')}.`)];
        });
      }),
    ),
});
