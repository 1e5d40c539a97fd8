/**
 * Demo storage accounts: the production subscription keeps its accounts locked down (private
 * endpoints, Entra-only access, soft delete, request logs), with a few realistic gaps; the
 * development subscription has the usual drift — open firewalls, account keys in use and never
 * rotated, legacy defaults left unset.
 */
import type { Fetched } from '@palisade/core';
import type { StorageAccount, StorageData, StorageDiagnosticSetting } from '@palisade/core/azure';
import { DEMO_COLLECTED_AT } from '../estate.ts';
import type { DemoSubscription } from './types.ts';

const NOW = new Date(DEMO_COLLECTED_AT).getTime();
const DAY = 86_400_000;
const ago = (days: number): string => new Date(NOW - days * DAY).toISOString();
const ok = <T>(value: T): Fetched<T> => ({ value });

const READ_WRITE_DELETE = [
  { category: 'StorageRead', enabled: true },
  { category: 'StorageWrite', enabled: true },
  { category: 'StorageDelete', enabled: true },
] as const;

export function demoStorage(subscription: DemoSubscription): StorageData {
  const { subscriptionId, index } = subscription;
  const [primary = 'eastus', secondary = 'westeurope'] = subscription.locations;
  // Storage account names are global: a suffix from the subscription keeps the two estates apart.
  const suffix = subscriptionId.replace(/-/g, '').slice(0, 6).toLowerCase();
  const accountId = (group: string, name: string) => `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.Storage/storageAccounts/${name}`;
  const workspace = `/subscriptions/${subscriptionId}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law-${index === 0 ? 'prod' : 'dev'}`;
  const diagnostics = (id: string, service: string, logs: StorageDiagnosticSetting['logs'] = READ_WRITE_DELETE): StorageDiagnosticSetting => ({
    id: `${id}/${service}Services/default/providers/microsoft.insights/diagnosticSettings/requests-to-law`,
    name: 'requests-to-law',
    workspaceId: workspace,
    logs,
  });
  const privateEndpoint = (id: string, name: string, service: string) => ({
    id: `${id}/privateEndpointConnections/${name}.pe-${service}`,
    privateEndpointId: `/subscriptions/${subscriptionId}/resourceGroups/rg-network/providers/Microsoft.Network/privateEndpoints/pe-${name}-${service}`,
    status: 'Approved',
  });
  const hardenedSmb = { versions: 'SMB3.1.1', channelEncryption: 'AES-256-GCM', authenticationMethods: 'Kerberos', kerberosTicketEncryption: 'AES-256' };

  if (index === 0) {
    const dataName = `stprod${suffix}data`;
    const data = accountId('rg-prod-data', dataName);
    const logsName = `stprod${suffix}logs`;
    const logs = accountId('rg-prod-monitor', logsName);
    const filesName = `stprod${suffix}files`;
    const files = accountId('rg-prod-data', filesName);
    const accounts: StorageAccount[] = [
      {
        id: data,
        name: dataName,
        location: primary,
        tags: { env: 'prod', owner: 'data-platform', classification: 'confidential' },
        kind: 'StorageV2',
        sku: { name: 'Standard_GZRS', tier: 'Standard' },
        creationTime: ago(610),
        supportsHttpsTrafficOnly: true,
        minimumTlsVersion: 'TLS1_2',
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        allowCrossTenantReplication: false,
        publicNetworkAccess: 'Disabled',
        networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
        encryption: { keySource: 'Microsoft.Keyvault', requireInfrastructureEncryption: true, keyvaultproperties: { keyvaulturi: `https://kv-prod-app-${suffix}.vault.azure.net/`, keyname: 'storage-cmk' } },
        keyPolicy: { keyExpirationPeriodInDays: 90 },
        keyCreationTime: { key1: ago(41), key2: ago(41) },
        privateEndpointConnections: [privateEndpoint(data, dataName, 'blob'), privateEndpoint(data, dataName, 'dfs')],
        blobService: ok({ deleteRetentionPolicy: { enabled: true, days: 30 }, containerDeleteRetentionPolicy: { enabled: true, days: 30 }, isVersioningEnabled: true }),
        fileService: ok({ shareDeleteRetentionPolicy: { enabled: true, days: 30 }, smb: hardenedSmb }),
        diagnosticSettings: { blob: ok([diagnostics(data, 'blob')]), queue: ok([diagnostics(data, 'queue')]), table: ok([diagnostics(data, 'table')]) },
      },
      {
        // The log archive: still keyed by Microsoft, without double encryption, and still read by a
        // SIEM connector with an account key.
        id: logs,
        name: logsName,
        location: secondary,
        tags: { env: 'prod', owner: 'security' },
        kind: 'StorageV2',
        sku: { name: 'Standard_GRS', tier: 'Standard' },
        creationTime: ago(1100),
        supportsHttpsTrafficOnly: true,
        minimumTlsVersion: 'TLS1_2',
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: true,
        allowCrossTenantReplication: false,
        publicNetworkAccess: 'Enabled',
        networkAcls: {
          defaultAction: 'Deny',
          bypass: 'AzureServices, Logging, Metrics',
          ipRules: [{ value: '198.51.100.0/24', action: 'Allow' }],
          virtualNetworkRules: [{ id: `/subscriptions/${subscriptionId}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/snet-siem`, action: 'Allow', state: 'Succeeded' }],
        },
        encryption: { keySource: 'Microsoft.Storage' },
        keyPolicy: { keyExpirationPeriodInDays: 90 },
        keyCreationTime: { key1: ago(63), key2: ago(118) },
        privateEndpointConnections: [privateEndpoint(logs, logsName, 'blob')],
        blobService: ok({ deleteRetentionPolicy: { enabled: true, days: 14 }, containerDeleteRetentionPolicy: { enabled: true, days: 14 }, isVersioningEnabled: false }),
        fileService: ok({ shareDeleteRetentionPolicy: { enabled: true, days: 7 }, smb: hardenedSmb }),
        diagnosticSettings: { blob: ok([diagnostics(logs, 'blob', [{ categoryGroup: 'allLogs', enabled: true }])]), queue: ok([]), table: ok([]) },
      },
      {
        id: files,
        name: filesName,
        location: secondary,
        tags: { env: 'prod', owner: 'workplace' },
        kind: 'FileStorage',
        sku: { name: 'Premium_ZRS', tier: 'Premium' },
        creationTime: ago(300),
        supportsHttpsTrafficOnly: true,
        minimumTlsVersion: 'TLS1_2',
        allowSharedKeyAccess: false,
        allowCrossTenantReplication: false,
        publicNetworkAccess: 'Disabled',
        networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
        encryption: { keySource: 'Microsoft.Keyvault', requireInfrastructureEncryption: true, keyvaultproperties: { keyvaulturi: `https://kv-prod-app-${suffix}.vault.azure.net/`, keyname: 'storage-cmk' } },
        keyPolicy: { keyExpirationPeriodInDays: 60 },
        keyCreationTime: { key1: ago(12), key2: ago(12) },
        privateEndpointConnections: [privateEndpoint(files, filesName, 'file')],
        fileService: ok({ shareDeleteRetentionPolicy: { enabled: true, days: 14 }, smb: hardenedSmb }),
        diagnosticSettings: {},
      },
    ];
    return { accounts: ok(accounts) };
  }

  const scratchName = `stdev${suffix}scratch`;
  const scratch = accountId('rg-dev', scratchName);
  const webName = `stdev${suffix}web`;
  const web = accountId('rg-dev-web', webName);
  const legacyName = `stdev${suffix}legacy`;
  const legacy = accountId('rg-dev-legacy', legacyName);
  const sharesName = `stdev${suffix}shares`;
  const shares = accountId('rg-dev', sharesName);
  const accounts: StorageAccount[] = [
    {
      id: scratch,
      name: scratchName,
      location: primary,
      tags: { env: 'dev' },
      kind: 'StorageV2',
      sku: { name: 'Standard_LRS', tier: 'Standard' },
      creationTime: ago(820),
      supportsHttpsTrafficOnly: false,
      minimumTlsVersion: 'TLS1_0',
      allowBlobPublicAccess: true,
      allowSharedKeyAccess: true,
      allowCrossTenantReplication: true,
      publicNetworkAccess: 'Enabled',
      networkAcls: { defaultAction: 'Allow', bypass: 'None', ipRules: [], virtualNetworkRules: [] },
      encryption: { keySource: 'Microsoft.Storage' },
      keyCreationTime: { key1: ago(820), key2: ago(820) },
      privateEndpointConnections: [],
      blobService: ok({ deleteRetentionPolicy: { enabled: false }, containerDeleteRetentionPolicy: { enabled: false } }),
      fileService: ok({}),
      diagnosticSettings: { blob: ok([]), queue: ok([]), table: ok([]) },
    },
    {
      // A static-site account: HTTPS only, but a container opened to anonymous reads and keys in a pipeline.
      id: web,
      name: webName,
      location: secondary,
      tags: { env: 'dev', app: 'docs-site' },
      kind: 'StorageV2',
      sku: { name: 'Standard_RAGRS', tier: 'Standard' },
      creationTime: ago(400),
      supportsHttpsTrafficOnly: true,
      minimumTlsVersion: 'TLS1_2',
      allowBlobPublicAccess: true,
      allowSharedKeyAccess: true,
      allowCrossTenantReplication: false,
      publicNetworkAccess: 'Enabled',
      networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
      encryption: { keySource: 'Microsoft.Storage' },
      keyPolicy: { keyExpirationPeriodInDays: 365 },
      keyCreationTime: { key1: ago(212), key2: ago(35) },
      privateEndpointConnections: [],
      blobService: ok({ deleteRetentionPolicy: { enabled: true, days: 3 }, containerDeleteRetentionPolicy: { enabled: true, days: 7 }, isVersioningEnabled: false }),
      fileService: ok({ shareDeleteRetentionPolicy: { enabled: true, days: 7 } }),
      diagnosticSettings: { blob: ok([diagnostics(web, 'blob', [{ category: 'StorageWrite', enabled: true }, { category: 'StorageDelete', enabled: true }])]), queue: ok([]), table: ok([]) },
    },
    {
      // A general-purpose v1 account from before most settings existed: ARM reports none of them.
      id: legacy,
      name: legacyName,
      location: primary,
      tags: { env: 'dev', owner: 'unknown' },
      kind: 'Storage',
      sku: { name: 'Standard_GRS', tier: 'Standard' },
      creationTime: ago(2400),
      supportsHttpsTrafficOnly: true,
      encryption: { keySource: 'Microsoft.Storage' },
      keyCreationTime: {},
      privateEndpointConnections: [],
      blobService: ok({}),
      fileService: ok({}),
      diagnosticSettings: { blob: ok([]), queue: ok([]), table: ok([]) },
    },
    {
      id: shares,
      name: sharesName,
      location: secondary,
      tags: { env: 'dev', owner: 'build' },
      kind: 'FileStorage',
      sku: { name: 'Premium_LRS', tier: 'Premium' },
      creationTime: ago(500),
      supportsHttpsTrafficOnly: true,
      minimumTlsVersion: 'TLS1_2',
      allowSharedKeyAccess: true,
      publicNetworkAccess: 'Enabled',
      networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
      encryption: { keySource: 'Microsoft.Storage' },
      keyCreationTime: { key1: ago(500), key2: ago(95) },
      privateEndpointConnections: [{ id: `${shares}/privateEndpointConnections/${sharesName}.pe-file`, status: 'Pending' }],
      fileService: ok({ shareDeleteRetentionPolicy: { enabled: false, days: 0 }, smb: { versions: 'SMB2.1;SMB3.0;SMB3.1.1', channelEncryption: 'AES-128-CCM;AES-128-GCM;AES-256-GCM' } }),
      diagnosticSettings: {},
    },
  ];
  return { accounts: ok(accounts) };
}
