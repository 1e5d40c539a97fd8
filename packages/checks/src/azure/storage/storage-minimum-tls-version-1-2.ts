import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

/** `TLS1_2` → [1, 2]; anything unreadable sorts below every real version. */
function tlsVersion(value: string): readonly [number, number] {
  const match = /^TLS(\d+)_(\d+)$/i.exec(value);
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}

export default defineCheck({
  id: 'azure/storage-minimum-tls-version-1-2',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'medium',
  title: 'Storage accounts require TLS 1.2 or later',
  description:
    'Checks that the minimum TLS version of each storage account is TLS 1.2 or later. An account whose minimum ARM does not report accepts TLS 1.0, as accounts did before the setting existed.',
  risk: 'TLS 1.0 and 1.1 have known weaknesses and lack modern cipher suites; clients that negotiate them can have their traffic downgraded or decrypted.',
  remediation: {
    summary: 'Set the minimum TLS version to TLS 1.2 after checking in the account\'s logs that no client still connects with an older version.',
    cli: 'az storage account update --name <account> --resource-group <group> --min-tls-version TLS1_2',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  min_tls_version = "TLS1_2"\n}',
    console: 'Storage accounts → select the account → Settings → Configuration → Minimum TLS version: Version 1.2 → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/common/transport-layer-security-configure-minimum-version'],
  categories: ['encryption', 'network'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        if (account.minimumTlsVersion === undefined) return fail(target, `Storage account ${account.name} has no minimum TLS version set, so it accepts TLS 1.0.`);
        const [major, minor] = tlsVersion(account.minimumTlsVersion);
        return major > 1 || (major === 1 && minor >= 2)
          ? pass(target, `Storage account ${account.name} requires ${account.minimumTlsVersion} or later.`)
          : fail(target, `Storage account ${account.name} accepts connections from ${account.minimumTlsVersion}, older than TLS 1.2.`);
      }),
    ),
});
