import { defineCheck, eachFetched, fail, fromFetched, pass } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

const STRONG_CIPHERS: readonly string[] = ['AES-256-GCM'];

export default defineCheck({
  id: 'azure/storage-file-smb-channel-encryption-aes-256-gcm',
  provider: 'azure',
  service: 'storage',
  requires: ['storage'],
  resourceType: 'Microsoft.Storage/storageAccounts',
  severity: 'medium',
  title: 'Azure Files encrypts SMB channels with AES-256-GCM only',
  description:
    'Checks that the SMB channel encryption allowed by the file service of each account is AES-256-GCM only. When no cipher is set, the service accepts AES-128-CCM and AES-128-GCM too, so it fails.',
  risk: 'Allowing the 128-bit ciphers lets clients, or an attacker downgrading the negotiation, protect file traffic with weaker encryption than the organization requires.',
  remediation: {
    summary: 'Allow only AES-256-GCM for SMB channel encryption after checking that all clients support it (SMB 3.1.1 clients on recent Windows and Linux versions).',
    cli: 'az storage account file-service-properties update --account-name <account> --resource-group <group> --channel-encryption AES-256-GCM',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  share_properties {\n    smb {\n      channel_encryption_type = ["AES-256-GCM"]\n    }\n  }\n}',
    console: 'Storage accounts → select the account → Data storage → File shares → File share settings → Security: Profile Custom → SMB channel encryption: AES-256-GCM only → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/storage/files/files-smb-protocol'],
  categories: ['encryption', 'network'],
  evaluate: (scope) =>
    withService(scope, 'storage', (storage) =>
      eachFetched(storage.accounts, scopeResource(scope), (account) => {
        if (account.fileService === undefined) return [];
        const target = armResource(account.id, 'Microsoft.Storage/storageAccounts', account.name, account.location, account.tags);
        return fromFetched(account.fileService, target, (service) => {
          const ciphers = (service.smb?.channelEncryption ?? '').split(';').map((entry) => entry.trim()).filter(Boolean);
          if (ciphers.length === 0) return [fail(target, `Storage account ${account.name} does not restrict SMB channel encryption: it accepts AES-128-CCM, AES-128-GCM and AES-256-GCM.`)];
          const weaker = ciphers.filter((cipher) => !STRONG_CIPHERS.includes(cipher.toUpperCase()));
          return weaker.length === 0
            ? [pass(target, `Storage account ${account.name} encrypts SMB channels with ${ciphers.join(', ')} only.`)]
            : [fail(target, `Storage account ${account.name} accepts SMB channel ciphers weaker than AES-256-GCM: ${weaker.join(', ')}.`)];
        });
      }),
    ),
});
