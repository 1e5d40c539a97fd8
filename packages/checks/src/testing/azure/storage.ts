import type { AzureScopeSnapshot, StorageAccount, StorageDiagnosticSetting } from '@palisade/core/azure';
import { TEST_LOCATION, TEST_SUBSCRIPTION_ID, armId, daysAgo, ok, subscriptionSnapshot } from './scope.ts';

/** `/subscriptions/<test>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name>`. */
export function storageAccountId(name: string, group = 'rg-prod'): string {
  return armId('Microsoft.Storage/storageAccounts', name, group);
}

/** A diagnostic setting sending StorageRead, StorageWrite and StorageDelete to a Log Analytics workspace. */
export function storageDiagnosticSetting(overrides: Partial<StorageDiagnosticSetting> = {}): StorageDiagnosticSetting {
  return {
    id: `${storageAccountId('stdata')}/blobServices/default/providers/microsoft.insights/diagnosticSettings/to-law`,
    name: 'to-law',
    workspaceId: `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law-prod`,
    logs: [
      { category: 'StorageRead', enabled: true },
      { category: 'StorageWrite', enabled: true },
      { category: 'StorageDelete', enabled: true },
    ],
    ...overrides,
  };
}

/** A general-purpose v2 account configured the way every storage check wants it (each check passes). */
export function storageAccount(overrides: Partial<StorageAccount> & { name: string }): StorageAccount {
  const id = overrides.id ?? storageAccountId(overrides.name);
  return {
    id,
    location: TEST_LOCATION,
    kind: 'StorageV2',
    sku: { name: 'Standard_ZRS', tier: 'Standard' },
    creationTime: daysAgo(400),
    supportsHttpsTrafficOnly: true,
    minimumTlsVersion: 'TLS1_2',
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    allowCrossTenantReplication: false,
    publicNetworkAccess: 'Disabled',
    networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
    encryption: {
      keySource: 'Microsoft.Keyvault',
      requireInfrastructureEncryption: true,
      keyvaultproperties: { keyvaulturi: 'https://kv-prod-cmk.vault.azure.net/', keyname: `${overrides.name}-cmk` },
    },
    keyPolicy: { keyExpirationPeriodInDays: 90 },
    keyCreationTime: { key1: daysAgo(30), key2: daysAgo(30) },
    privateEndpointConnections: [
      {
        id: `${id}/privateEndpointConnections/${overrides.name}.pe-blob`,
        privateEndpointId: `/subscriptions/${TEST_SUBSCRIPTION_ID}/resourceGroups/rg-network/providers/Microsoft.Network/privateEndpoints/pe-${overrides.name}-blob`,
        status: 'Approved',
      },
    ],
    blobService: ok({ deleteRetentionPolicy: { enabled: true, days: 14 }, containerDeleteRetentionPolicy: { enabled: true, days: 14 }, isVersioningEnabled: true }),
    fileService: ok({ shareDeleteRetentionPolicy: { enabled: true, days: 14 }, smb: { versions: 'SMB3.1.1', channelEncryption: 'AES-256-GCM', authenticationMethods: 'Kerberos', kerberosTicketEncryption: 'AES-256' } }),
    diagnosticSettings: { blob: ok([storageDiagnosticSetting()]), queue: ok([storageDiagnosticSetting()]), table: ok([storageDiagnosticSetting()]) },
    ...overrides,
  };
}

/** A subscription scope whose storage service holds `accounts`. */
export function storageScope(...accounts: StorageAccount[]): AzureScopeSnapshot {
  return subscriptionSnapshot({ storage: { accounts: ok(accounts) } });
}
