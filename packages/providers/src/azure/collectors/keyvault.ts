/**
 * The keyvault collector: a subscription's key vaults and managed HSM pools (ARM
 * `Microsoft.KeyVault`), and for each vault its keys (with each key's rotation policy, which only
 * the key's own read returns), its secrets and its diagnostic settings. Everything goes through
 * ARM, so a reader needs no data-plane access and never sees key material or secret values.
 */
import type { Fetched, Tags } from '@palisade/core';
import type {
  KeyVault,
  KeyVaultDiagnosticSetting,
  KeyVaultKey,
  KeyVaultKeyRotationPolicy,
  KeyVaultManagedHsm,
  KeyVaultNetworkRuleSet,
  KeyVaultObjectAttributes,
  KeyVaultPrivateEndpointConnection,
  KeyVaultSecret,
} from '@palisade/core/azure';
import type { ArmClient } from '../client.ts';
import { inLocations, mapLimit } from '../collector.ts';
import type { AzureCollector } from '../collector.ts';

const KEYVAULT_API_VERSION = '2023-07-01';
const DIAGNOSTIC_SETTINGS_API_VERSION = '2021-05-01-preview';

/** A subscription that never registered `Microsoft.KeyVault` has no vault. */
const UNREGISTERED = ['MissingSubscriptionRegistration'];

interface ArmNetworkRuleSet {
  readonly defaultAction?: 'Allow' | 'Deny';
  readonly bypass?: string;
  readonly ipRules?: readonly { readonly value: string }[];
  readonly virtualNetworkRules?: readonly { readonly id: string }[];
}

interface ArmPrivateEndpointConnection {
  readonly id: string;
  readonly properties?: {
    readonly privateEndpoint?: { readonly id?: string };
    readonly privateLinkServiceConnectionState?: { readonly status?: string };
  };
}

interface ArmVault {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Tags | null;
  readonly properties?: {
    readonly sku?: { readonly family?: string; readonly name: string };
    readonly vaultUri?: string;
    readonly enableRbacAuthorization?: boolean | null;
    readonly enableSoftDelete?: boolean | null;
    readonly softDeleteRetentionInDays?: number | null;
    readonly enablePurgeProtection?: boolean | null;
    readonly publicNetworkAccess?: string | null;
    readonly networkAcls?: ArmNetworkRuleSet | null;
    /** ARM writes each connection's id and properties here (the `privateEndpointConnections` child resource's shape). */
    readonly privateEndpointConnections?: readonly ArmPrivateEndpointConnection[] | null;
  };
}

interface ArmManagedHsm {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Tags | null;
  readonly properties?: {
    readonly enableSoftDelete?: boolean | null;
    readonly softDeleteRetentionInDays?: number | null;
    readonly enablePurgeProtection?: boolean | null;
    readonly publicNetworkAccess?: string | null;
    readonly networkAcls?: ArmNetworkRuleSet | null;
  };
}

interface ArmAttributes {
  readonly enabled?: boolean;
  readonly nbf?: number;
  readonly exp?: number;
  readonly created?: number;
  readonly updated?: number;
}

interface ArmKey {
  readonly id: string;
  readonly name: string;
  readonly properties?: {
    readonly attributes?: ArmAttributes;
    readonly keyUri?: string;
    readonly rotationPolicy?: {
      readonly attributes?: { readonly expiryTime?: string };
      readonly lifetimeActions?: readonly { readonly action?: { readonly type?: string }; readonly trigger?: { readonly timeAfterCreate?: string; readonly timeBeforeExpiry?: string } }[];
    } | null;
  };
}

interface ArmSecret {
  readonly id: string;
  readonly name: string;
  readonly properties?: { readonly attributes?: ArmAttributes; readonly contentType?: string };
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

export const keyvaultCollector: AzureCollector<'keyvault'> = {
  service: 'keyvault',
  async collect(context) {
    const subscription = `/subscriptions/${context.subscriptionId}/providers/Microsoft.KeyVault`;
    const [vaults, managedHsms] = await Promise.all([
      context.arm.list<ArmVault>('Microsoft.KeyVault/vaults/read', `${subscription}/vaults`, KEYVAULT_API_VERSION, { notFound: UNREGISTERED }),
      context.arm.list<ArmManagedHsm>('Microsoft.KeyVault/managedHSMs/read', `${subscription}/managedHSMs`, KEYVAULT_API_VERSION, { notFound: UNREGISTERED }),
    ]);
    return {
      vaults: vaults.error
        ? vaults
        : { value: await mapLimit(vaults.value.filter((vault) => inLocations(context, vault.location)), 8, (vault) => collectVault(context.arm, vault)) },
      managedHsms: managedHsms.error ? managedHsms : { value: managedHsms.value.filter((hsm) => inLocations(context, hsm.location)).map(toManagedHsm) },
    };
  },
};

async function collectVault(arm: ArmClient, vault: ArmVault): Promise<KeyVault> {
  const options = { resourceUid: vault.id };
  const [keys, secrets, diagnosticSettings] = await Promise.all([
    arm.list<ArmKey>('Microsoft.KeyVault/vaults/keys/read', `${vault.id}/keys`, KEYVAULT_API_VERSION, options),
    arm.list<ArmSecret>('Microsoft.KeyVault/vaults/secrets/read', `${vault.id}/secrets`, KEYVAULT_API_VERSION, options),
    arm.list<ArmDiagnosticSetting>('Microsoft.Insights/diagnosticSettings/read', `${vault.id}/providers/Microsoft.Insights/diagnosticSettings`, DIAGNOSTIC_SETTINGS_API_VERSION, options),
  ]);
  const properties = vault.properties ?? {};
  return {
    id: vault.id,
    name: vault.name,
    location: vault.location,
    ...(vault.tags && Object.keys(vault.tags).length ? { tags: vault.tags } : {}),
    ...defined('sku', properties.sku),
    ...defined('vaultUri', properties.vaultUri),
    ...defined('enableRbacAuthorization', properties.enableRbacAuthorization),
    ...defined('enableSoftDelete', properties.enableSoftDelete),
    ...defined('softDeleteRetentionInDays', properties.softDeleteRetentionInDays),
    ...defined('enablePurgeProtection', properties.enablePurgeProtection),
    ...defined('publicNetworkAccess', properties.publicNetworkAccess),
    ...(properties.networkAcls ? { networkAcls: toNetworkRuleSet(properties.networkAcls) } : {}),
    privateEndpointConnections: (properties.privateEndpointConnections ?? []).map(toPrivateEndpointConnection),
    keys: keys.error ? keys : { value: await mapLimit(keys.value, 8, (key) => collectKey(arm, key)) },
    secrets: mapFetched(secrets, (list) => list.map(toSecret)),
    diagnosticSettings: mapFetched(diagnosticSettings, (list) => list.map(toDiagnosticSetting)),
  };
}

/** The list leaves a key's rotation policy out; the key's own read carries it (absent: none). */
async function collectKey(arm: ArmClient, key: ArmKey): Promise<KeyVaultKey> {
  const read = await arm.get<ArmKey>('Microsoft.KeyVault/vaults/keys/read', key.id, KEYVAULT_API_VERSION, { resourceUid: key.id });
  const rotationPolicy: Fetched<KeyVaultKeyRotationPolicy | null> = mapFetched(read, (full) => toRotationPolicy(full?.properties?.rotationPolicy));
  return {
    id: key.id,
    name: key.name,
    attributes: toAttributes(key.properties?.attributes),
    ...defined('keyUri', key.properties?.keyUri),
    rotationPolicy,
  };
}

function toRotationPolicy(policy: NonNullable<ArmKey['properties']>['rotationPolicy']): KeyVaultKeyRotationPolicy | null {
  if (!policy) return null;
  return {
    ...(policy.attributes?.expiryTime ? { attributes: { expiryTime: policy.attributes.expiryTime } } : {}),
    lifetimeActions: (policy.lifetimeActions ?? []).map((lifetimeAction) => ({
      action: { type: lifetimeAction.action?.type ?? '' },
      trigger: { ...defined('timeAfterCreate', lifetimeAction.trigger?.timeAfterCreate), ...defined('timeBeforeExpiry', lifetimeAction.trigger?.timeBeforeExpiry) },
    })),
  };
}

function toSecret(secret: ArmSecret): KeyVaultSecret {
  return { id: secret.id, name: secret.name, attributes: toAttributes(secret.properties?.attributes), ...defined('contentType', secret.properties?.contentType) };
}

function toAttributes(attributes: ArmAttributes | undefined): KeyVaultObjectAttributes {
  return {
    ...defined('enabled', attributes?.enabled),
    ...defined('nbf', attributes?.nbf),
    ...defined('exp', attributes?.exp),
    ...defined('created', attributes?.created),
    ...defined('updated', attributes?.updated),
  };
}

function toManagedHsm(hsm: ArmManagedHsm): KeyVaultManagedHsm {
  const properties = hsm.properties ?? {};
  return {
    id: hsm.id,
    name: hsm.name,
    location: hsm.location,
    ...(hsm.tags && Object.keys(hsm.tags).length ? { tags: hsm.tags } : {}),
    ...defined('enableSoftDelete', properties.enableSoftDelete),
    ...defined('softDeleteRetentionInDays', properties.softDeleteRetentionInDays),
    ...defined('enablePurgeProtection', properties.enablePurgeProtection),
    ...defined('publicNetworkAccess', properties.publicNetworkAccess),
    ...(properties.networkAcls ? { networkAcls: toNetworkRuleSet(properties.networkAcls) } : {}),
  };
}

function toNetworkRuleSet(acls: ArmNetworkRuleSet): KeyVaultNetworkRuleSet {
  return {
    // ARM leaves the default action out of a rule set that only names trusted services: the firewall is then open.
    defaultAction: acls.defaultAction ?? 'Allow',
    ...defined('bypass', acls.bypass),
    ipRules: (acls.ipRules ?? []).map((rule) => ({ value: rule.value })),
    virtualNetworkRules: (acls.virtualNetworkRules ?? []).map((rule) => ({ id: rule.id })),
  };
}

function toPrivateEndpointConnection(connection: ArmPrivateEndpointConnection): KeyVaultPrivateEndpointConnection {
  return {
    id: connection.id,
    ...defined('privateEndpointId', connection.properties?.privateEndpoint?.id),
    status: connection.properties?.privateLinkServiceConnectionState?.status ?? 'Unknown',
  };
}

function toDiagnosticSetting(setting: ArmDiagnosticSetting): KeyVaultDiagnosticSetting {
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

function mapFetched<T, R>(fetched: Fetched<T>, map: (value: T) => R): Fetched<R> {
  return fetched.error ? { error: fetched.error } : { value: map(fetched.value) };
}

/** `{ [name]: value }` when ARM gave a value (neither absent nor null), else nothing. */
function defined<K extends string, V>(name: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === undefined || value === null ? {} : { [name]: value }) as { [P in K]?: V };
}
