import { defineCheck, eachFetched, fail, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export default defineCheck({
  id: 'azure/storage-key-rotation-reminders-enabled',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'medium',
  title: 'Storage accounts have access key rotation reminders set',
  description:
    'Checks that each storage account has a key expiration policy (keyPolicy, the portal\'s "key rotation reminders") of at most the configured maximum access key age (`maxAccessKeyAgeDays`, 90 days by default). Accounts that disallow Shared Key authorization pass: their keys cannot authorize requests.',
  risk: 'Without an expiration policy nobody is reminded to regenerate the account keys, and Azure Policy cannot flag keys that outlive it, so a leaked key stays valid indefinitely.',
  remediation: {
    summary: 'Set a key expiration period of 90 days or less (the keys must have been regenerated at least once since Azure started recording key creation times).',
    cli: 'az storage account update --name <account> --resource-group <group> --key-exp-days 90',
    terraform:
      'resource "azapi_update_resource" "key_policy" {\n  type        = "Microsoft.Storage/storageAccounts@2023-05-01"\n  resource_id = azurerm_storage_account.this.id\n  body = {\n    properties = { keyPolicy = { keyExpirationPeriodInDays = 90 } }\n  }\n}',
    console: 'Storage accounts → select the account → Security + networking → Access keys → Set rotation reminder → Enable key rotation reminders, remind every 90 days → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/common/storage-account-keys-manage'],
  categories: ['credentials'],
  evaluate: (scope, context) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        const maxDays = context.config.maxAccessKeyAgeDays;
        if (account.allowSharedKeyAccess === false) return pass(target, `Storage account ${account.name} disallows Shared Key authorization, so its access keys need no rotation reminder.`);
        const days = account.keyPolicy?.keyExpirationPeriodInDays;
        if (days === undefined) return fail(target, `Storage account ${account.name} has no key rotation reminder (key expiration policy).`);
        return days <= maxDays
          ? pass(target, `Storage account ${account.name} reminds to rotate its access keys every ${days} days.`)
          : fail(target, `Storage account ${account.name} reminds to rotate its access keys only every ${days} days (more than ${maxDays}).`);
      }),
    ),
});
