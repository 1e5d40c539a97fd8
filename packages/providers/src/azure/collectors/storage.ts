/**
 * The storage collector: a subscription's storage accounts (ARM `Microsoft.Storage`), and for each
 * account the blob and file service properties and the diagnostic settings of its blob, queue and
 * table services — each read only for services the account's kind offers. Storage Analytics
 * ("classic") logging is a data-plane setting and is not read: the logging checks read the Azure
 * Monitor diagnostic settings, which ARM exposes.
 */
import type { Fetched, Tags } from '@palisade/core';
import type {
  StorageAccount,
  StorageBlobServiceProperties,
  StorageDiagnosticSetting,
  StorageFileServiceProperties,
  StorageNetworkRuleSet,
  StoragePrivateEndpointConnection,
  StorageServiceName,
} from '@palisade/core/azure';
import type { ArmClient } from '../client.ts';
import { inLocations, mapLimit } from '../collector.ts';
import type { AzureCollector } from '../collector.ts';

const STORAGE_API_VERSION = '2023-05-01';
const DIAGNOSTIC_SETTINGS_API_VERSION = '2021-05-01-preview';

const ALL_SERVICES: readonly StorageServiceName[] = ['blob', 'file', 'queue', 'table'];
/** The services each kind of account offers; an unknown kind is read for all of them (a failed read is data). */
const SERVICES_OF_KIND: Readonly<Record<string, readonly StorageServiceName[]>> = {
  Storage: ALL_SERVICES,
  StorageV2: ALL_SERVICES,
  BlobStorage: ['blob'],
  BlockBlobStorage: ['blob'],
  FileStorage: ['file'],
};

/** A subscription that never registered `Microsoft.Storage` has no storage account. */
const UNREGISTERED = ['MissingSubscriptionRegistration'];

interface ArmPrivateEndpointConnection {
  readonly id: string;
  readonly properties?: {
    readonly privateEndpoint?: { readonly id?: string };
    readonly privateLinkServiceConnectionState?: { readonly status?: string };
  };
}

interface ArmStorageAccount {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Tags | null;
  readonly kind?: string;
  readonly sku?: { readonly name: string; readonly tier?: string };
  readonly properties?: {
    readonly creationTime?: string;
    readonly supportsHttpsTrafficOnly?: boolean;
    readonly minimumTlsVersion?: string;
    readonly allowBlobPublicAccess?: boolean | null;
    readonly allowSharedKeyAccess?: boolean | null;
    readonly allowCrossTenantReplication?: boolean | null;
    readonly publicNetworkAccess?: string | null;
    readonly networkAcls?: {
      readonly defaultAction: 'Allow' | 'Deny';
      readonly bypass?: string;
      readonly ipRules?: readonly { readonly value: string; readonly action?: string }[];
      readonly virtualNetworkRules?: readonly { readonly id: string; readonly action?: string; readonly state?: string }[];
    };
    readonly encryption?: {
      readonly keySource?: string;
      readonly requireInfrastructureEncryption?: boolean;
      readonly keyvaultproperties?: { readonly keyvaulturi?: string; readonly keyname?: string; readonly keyversion?: string };
    };
    readonly keyPolicy?: { readonly keyExpirationPeriodInDays: number } | null;
    readonly keyCreationTime?: { readonly key1?: string | null; readonly key2?: string | null } | null;
    readonly privateEndpointConnections?: readonly ArmPrivateEndpointConnection[];
  };
}

interface ArmRetentionPolicy {
  readonly enabled: boolean;
  readonly days?: number;
}

interface ArmBlobService {
  readonly properties?: {
    readonly deleteRetentionPolicy?: ArmRetentionPolicy;
    readonly containerDeleteRetentionPolicy?: ArmRetentionPolicy;
    readonly isVersioningEnabled?: boolean;
  };
}

interface ArmFileService {
  readonly properties?: {
    readonly shareDeleteRetentionPolicy?: ArmRetentionPolicy;
    readonly protocolSettings?: {
      readonly smb?: {
        readonly versions?: string | null;
        readonly channelEncryption?: string | null;
        readonly authenticationMethods?: string | null;
        readonly kerberosTicketEncryption?: string | null;
      };
    };
  };
}

interface ArmDiagnosticSetting {
  readonly id: string;
  readonly name: string;
  readonly properties?: {
    readonly workspaceId?: string | null;
    readonly storageAccountId?: string | null;
    readonly eventHubAuthorizationRuleId?: string | null;
    readonly marketplacePartnerId?: string | null;
    readonly logs?: readonly { readonly category?: string | null; readonly categoryGroup?: string | null; readonly enabled: boolean }[];
  };
}

export const storageCollector: AzureCollector<'storage'> = {
  service: 'storage',
  async collect(context) {
    const listed = await context.arm.list<ArmStorageAccount>(
      'Microsoft.Storage/storageAccounts/read',
      `/subscriptions/${context.subscriptionId}/providers/Microsoft.Storage/storageAccounts`,
      STORAGE_API_VERSION,
      { notFound: UNREGISTERED },
    );
    if (listed.error) return { accounts: listed };
    const inScope = listed.value.filter((account) => inLocations(context, account.location));
    return { accounts: { value: await mapLimit(inScope, 8, (account) => collectAccount(context.arm, account)) } };
  },
};

async function collectAccount(arm: ArmClient, account: ArmStorageAccount): Promise<StorageAccount> {
  const services = SERVICES_OF_KIND[account.kind ?? ''] ?? ALL_SERVICES;
  const offers = (service: StorageServiceName) => services.includes(service);
  const options = { resourceUid: account.id };
  const diagnostics = (service: 'blob' | 'queue' | 'table') =>
    offers(service)
      ? arm
          .list<ArmDiagnosticSetting>('Microsoft.Insights/diagnosticSettings/read', `${account.id}/${service}Services/default/providers/Microsoft.Insights/diagnosticSettings`, DIAGNOSTIC_SETTINGS_API_VERSION, options)
          .then((fetched) => mapFetched(fetched, (settings) => settings.map(toStorageDiagnosticSetting)))
      : Promise.resolve(undefined);
  const [blobService, fileService, blobDiagnostics, queueDiagnostics, tableDiagnostics] = await Promise.all([
    offers('blob')
      ? arm.get<ArmBlobService>('Microsoft.Storage/storageAccounts/blobServices/read', `${account.id}/blobServices/default`, STORAGE_API_VERSION, options).then((fetched) => mapFetched(fetched, toBlobService))
      : Promise.resolve(undefined),
    offers('file')
      ? arm.get<ArmFileService>('Microsoft.Storage/storageAccounts/fileServices/read', `${account.id}/fileServices/default`, STORAGE_API_VERSION, options).then((fetched) => mapFetched(fetched, toFileService))
      : Promise.resolve(undefined),
    diagnostics('blob'),
    diagnostics('queue'),
    diagnostics('table'),
  ]);
  return {
    ...toStorageAccount(account),
    ...(blobService ? { blobService } : {}),
    ...(fileService ? { fileService } : {}),
    diagnosticSettings: {
      ...(blobDiagnostics ? { blob: blobDiagnostics } : {}),
      ...(queueDiagnostics ? { queue: queueDiagnostics } : {}),
      ...(tableDiagnostics ? { table: tableDiagnostics } : {}),
    },
  };
}

function mapFetched<T, R>(fetched: Fetched<T>, map: (value: T) => R): Fetched<R> {
  return fetched.error ? { error: fetched.error } : { value: map(fetched.value) };
}

/** The account's own properties (without the per-service reads). */
function toStorageAccount(account: ArmStorageAccount): Omit<StorageAccount, 'blobService' | 'fileService' | 'diagnosticSettings'> {
  const properties = account.properties ?? {};
  const keyCreationTime = properties.keyCreationTime
    ? { ...(properties.keyCreationTime.key1 ? { key1: properties.keyCreationTime.key1 } : {}), ...(properties.keyCreationTime.key2 ? { key2: properties.keyCreationTime.key2 } : {}) }
    : undefined;
  return {
    id: account.id,
    name: account.name,
    location: account.location,
    ...(account.tags && Object.keys(account.tags).length ? { tags: account.tags } : {}),
    kind: account.kind ?? '',
    sku: { name: account.sku?.name ?? '', ...(account.sku?.tier ? { tier: account.sku.tier } : {}) },
    ...defined('creationTime', properties.creationTime),
    ...defined('supportsHttpsTrafficOnly', properties.supportsHttpsTrafficOnly),
    ...defined('minimumTlsVersion', properties.minimumTlsVersion),
    ...defined('allowBlobPublicAccess', properties.allowBlobPublicAccess),
    ...defined('allowSharedKeyAccess', properties.allowSharedKeyAccess),
    ...defined('allowCrossTenantReplication', properties.allowCrossTenantReplication),
    ...defined('publicNetworkAccess', properties.publicNetworkAccess),
    ...(properties.networkAcls ? { networkAcls: toNetworkRuleSet(properties.networkAcls) } : {}),
    ...(properties.encryption
      ? {
          encryption: {
            keySource: properties.encryption.keySource ?? 'Microsoft.Storage',
            ...defined('requireInfrastructureEncryption', properties.encryption.requireInfrastructureEncryption),
            ...defined('keyvaultproperties', properties.encryption.keyvaultproperties),
          },
        }
      : {}),
    ...(properties.keyPolicy ? { keyPolicy: { keyExpirationPeriodInDays: properties.keyPolicy.keyExpirationPeriodInDays } } : {}),
    ...(keyCreationTime ? { keyCreationTime } : {}),
    privateEndpointConnections: (properties.privateEndpointConnections ?? []).map(toPrivateEndpointConnection),
  };
}

/** `{ [name]: value }` when ARM gave a value (neither absent nor null), else nothing. */
function defined<K extends string, V>(name: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === undefined || value === null ? {} : { [name]: value }) as { [P in K]?: V };
}

function toNetworkRuleSet(acls: NonNullable<NonNullable<ArmStorageAccount['properties']>['networkAcls']>): StorageNetworkRuleSet {
  return {
    defaultAction: acls.defaultAction,
    ...defined('bypass', acls.bypass),
    ipRules: (acls.ipRules ?? []).map((rule) => ({ value: rule.value, ...defined('action', rule.action) })),
    virtualNetworkRules: (acls.virtualNetworkRules ?? []).map((rule) => ({ id: rule.id, ...defined('action', rule.action), ...defined('state', rule.state) })),
  };
}

function toPrivateEndpointConnection(connection: ArmPrivateEndpointConnection): StoragePrivateEndpointConnection {
  return {
    id: connection.id,
    ...defined('privateEndpointId', connection.properties?.privateEndpoint?.id),
    status: connection.properties?.privateLinkServiceConnectionState?.status ?? 'Unknown',
  };
}

function toBlobService(service: ArmBlobService | null): StorageBlobServiceProperties {
  const properties = service?.properties ?? {};
  return {
    ...(properties.deleteRetentionPolicy ? { deleteRetentionPolicy: toRetentionPolicy(properties.deleteRetentionPolicy) } : {}),
    ...(properties.containerDeleteRetentionPolicy ? { containerDeleteRetentionPolicy: toRetentionPolicy(properties.containerDeleteRetentionPolicy) } : {}),
    ...defined('isVersioningEnabled', properties.isVersioningEnabled),
  };
}

function toRetentionPolicy(policy: ArmRetentionPolicy): { readonly enabled: boolean; readonly days?: number } {
  return { enabled: policy.enabled, ...defined('days', policy.days) };
}

function toFileService(service: ArmFileService | null): StorageFileServiceProperties {
  const properties = service?.properties ?? {};
  const smb = properties.protocolSettings?.smb;
  return {
    ...(properties.shareDeleteRetentionPolicy ? { shareDeleteRetentionPolicy: toRetentionPolicy(properties.shareDeleteRetentionPolicy) } : {}),
    ...(smb
      ? {
          smb: {
            ...defined('versions', smb.versions),
            ...defined('channelEncryption', smb.channelEncryption),
            ...defined('authenticationMethods', smb.authenticationMethods),
            ...defined('kerberosTicketEncryption', smb.kerberosTicketEncryption),
          },
        }
      : {}),
  };
}

function toStorageDiagnosticSetting(setting: ArmDiagnosticSetting): StorageDiagnosticSetting {
  const properties = setting.properties ?? {};
  return {
    id: setting.id,
    name: setting.name,
    ...defined('workspaceId', properties.workspaceId),
    ...defined('storageAccountId', properties.storageAccountId),
    ...defined('eventHubAuthorizationRuleId', properties.eventHubAuthorizationRuleId),
    ...defined('marketplacePartnerId', properties.marketplacePartnerId),
    logs: (properties.logs ?? []).map((log) => ({ ...defined('category', log.category), ...defined('categoryGroup', log.categoryGroup), enabled: log.enabled })),
  };
}
