import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

const DAY_MS = 86_400_000;

export default defineCheck({
  id: 'azure/storage-access-keys-rotated',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'medium',
  title: 'Storage account access keys are regenerated regularly',
  description:
    'Checks that both access keys of each storage account were created or regenerated within the configured maximum access key age (`maxAccessKeyAgeDays`, 90 days by default), from the keyCreationTime ARM reports. A key without a recorded creation time has not been regenerated since Azure began recording it and fails. Accounts that disallow Shared Key authorization pass: their keys cannot authorize requests.',
  risk: 'Account keys grant full access to all data in the account and never expire on their own; the longer a key lives, the more copies of it exist in scripts, connection strings and laptops, and the longer a leaked one stays usable.',
  remediation: {
    summary: 'Regenerate each key in turn after moving its clients to the other key (or to a Key Vault reference), or better, disallow Shared Key authorization and use Microsoft Entra ID.',
    cli: 'az storage account keys renew --account-name <account> --resource-group <group> --key primary\naz storage account keys renew --account-name <account> --resource-group <group> --key secondary',
    console: 'Storage accounts → select the account → Security + networking → Access keys → Rotate key for key1, update clients, then Rotate key for key2.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/common/storage-account-keys-manage'],
  categories: ['credentials'],
  evaluate: (scope, context) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        const maxDays = context.config.maxAccessKeyAgeDays;
        if (account.allowSharedKeyAccess === false) return pass(target, `Storage account ${account.name} disallows Shared Key authorization, so its access keys cannot authorize requests.`);
        const stale = (['key1', 'key2'] as const).flatMap((key) => {
          const created = account.keyCreationTime?.[key];
          const time = created === undefined ? Number.NaN : Date.parse(created);
          if (Number.isNaN(time)) return [`${key} has no recorded creation time (not regenerated since Azure began recording it)`];
          const age = Math.floor((context.now.getTime() - time) / DAY_MS);
          return age > maxDays ? [`${key} is ${age} days old`] : [];
        });
        return stale.length === 0
          ? pass(target, `Both access keys of storage account ${account.name} were regenerated within the last ${maxDays} days.`)
          : fail(target, `Storage account ${account.name} has access keys older than ${maxDays} days: ${stale.join('; ')}.`);
      }),
    ),
});
