/**
 * App Service: every site of the subscription (`Microsoft.Web/sites`, web and function apps),
 * then per site in the scanned locations its configuration, authentication settings (the variant
 * without secrets), basic publishing credentials policies and diagnostic settings. App settings and
 * connection strings are never read: they hold secrets.
 */
import type { Tags } from '@palisade/core';
import type { AppServiceAuthSettings, AppServiceDiagnosticSetting, AppServicePublishingCredentialsPolicy, AppServiceSite, AppServiceSiteConfig } from '@palisade/core/azure';
import type { AzureCollector, AzureCollectorContext } from '../collector.ts';
import { inLocations, mapLimit } from '../collector.ts';

export const WEB_API_VERSION = '2023-12-01';
export const DIAGNOSTIC_SETTINGS_API_VERSION = '2021-05-01-preview';

/** A site as `GET /subscriptions/<id>/providers/Microsoft.Web/sites` returns it. */
interface ArmSite {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly kind?: string;
  readonly tags?: Tags | null;
  readonly identity?: { readonly type?: string; readonly principalId?: string; readonly userAssignedIdentities?: Record<string, unknown> | null } | null;
  readonly properties?: {
    readonly state?: string;
    readonly httpsOnly?: boolean;
    readonly clientCertEnabled?: boolean;
    readonly clientCertMode?: string;
    readonly publicNetworkAccess?: string | null;
  };
}

interface ArmSiteConfig {
  readonly properties?: { readonly [K in keyof AppServiceSiteConfig]?: AppServiceSiteConfig[K] | null };
}

interface ArmAuthSettingsV2 {
  readonly properties?: {
    readonly platform?: { readonly enabled?: boolean; readonly runtimeVersion?: string };
    readonly globalValidation?: { readonly requireAuthentication?: boolean; readonly unauthenticatedClientAction?: string };
    readonly identityProviders?: Readonly<Record<string, { readonly enabled?: boolean } | null>> | null;
  };
}

interface ArmPublishingCredentialsPolicy {
  readonly name: string;
  readonly properties?: { readonly allow?: boolean };
}

interface ArmDiagnosticSetting {
  readonly id: string;
  readonly name: string;
  readonly properties?: {
    readonly workspaceId?: string | null;
    readonly storageAccountId?: string | null;
    readonly eventHubAuthorizationRuleId?: string | null;
    readonly marketplacePartnerId?: string | null;
    readonly logs?: readonly { readonly category?: string | null; readonly categoryGroup?: string | null; readonly enabled?: boolean }[] | null;
  };
}

export const appserviceCollector: AzureCollector<'appservice'> = {
  service: 'appservice',
  async collect(context) {
    const sites = await context.arm.list<ArmSite>('Microsoft.Web/sites/read', `/subscriptions/${context.subscriptionId}/providers/Microsoft.Web/sites`, WEB_API_VERSION);
    if (sites.error) return { sites };
    const inScope = sites.value.filter((site) => inLocations(context, site.location));
    return { sites: { value: await mapLimit(inScope, 8, (site) => collectSite(context, site)) } };
  },
};

async function collectSite({ arm }: AzureCollectorContext, site: ArmSite): Promise<AppServiceSite> {
  const options = { resourceUid: site.id };
  const [config, authSettings, policies, diagnosticSettings] = await Promise.all([
    arm.get<ArmSiteConfig>('Microsoft.Web/sites/config/read', `${site.id}/config/web`, WEB_API_VERSION, options),
    // The GET variant answers without secrets; the `/list` POST variant would return client secrets.
    arm.get<ArmAuthSettingsV2>('Microsoft.Web/sites/config/read', `${site.id}/config/authsettingsV2`, WEB_API_VERSION, { ...options, notFound: ['404'] }),
    arm.list<ArmPublishingCredentialsPolicy>('Microsoft.Web/sites/basicPublishingCredentialsPolicies/read', `${site.id}/basicPublishingCredentialsPolicies`, WEB_API_VERSION, { ...options, notFound: ['404'] }),
    arm.list<ArmDiagnosticSetting>('Microsoft.Insights/diagnosticSettings/read', `${site.id}/providers/Microsoft.Insights/diagnosticSettings`, DIAGNOSTIC_SETTINGS_API_VERSION, options),
  ]);
  const properties = site.properties ?? {};
  return {
    id: site.id,
    name: site.name,
    location: site.location,
    tags: site.tags ?? {},
    kind: site.kind ?? 'app',
    ...(properties.state !== undefined ? { state: properties.state } : {}),
    httpsOnly: properties.httpsOnly ?? false,
    clientCertEnabled: properties.clientCertEnabled ?? false,
    ...(properties.clientCertMode ? { clientCertMode: properties.clientCertMode } : {}),
    ...(properties.publicNetworkAccess ? { publicNetworkAccess: properties.publicNetworkAccess } : {}),
    identity: toIdentity(site.identity),
    config: config.error ? config : { value: toSiteConfig(config.value) },
    authSettings: authSettings.error ? authSettings : { value: authSettings.value === null ? null : toAuthSettings(authSettings.value) },
    publishingCredentialsPolicies: policies.error ? policies : { value: policies.value.map(toPolicy) },
    diagnosticSettings: diagnosticSettings.error ? diagnosticSettings : { value: diagnosticSettings.value.map(toDiagnosticSetting) },
  };
}

function toIdentity(identity: ArmSite['identity']): AppServiceSite['identity'] {
  if (!identity?.type || identity.type.toLowerCase() === 'none') return null;
  return {
    type: identity.type,
    ...(identity.principalId ? { principalId: identity.principalId } : {}),
    userAssignedIdentityIds: Object.keys(identity.userAssignedIdentities ?? {}),
  };
}

function toSiteConfig(config: ArmSiteConfig | null): AppServiceSiteConfig {
  const properties = config?.properties ?? {};
  const keys = [
    'minTlsVersion',
    'scmMinTlsVersion',
    'ftpsState',
    'http20Enabled',
    'remoteDebuggingEnabled',
    'linuxFxVersion',
    'windowsFxVersion',
    'phpVersion',
    'pythonVersion',
    'javaVersion',
    'javaContainer',
    'javaContainerVersion',
    'netFrameworkVersion',
  ] as const satisfies readonly (keyof AppServiceSiteConfig)[];
  const picked: Record<string, unknown> = {};
  // ARM writes null for settings that do not apply (`javaVersion` of a .NET app): left out like absent ones.
  for (const key of keys) if (properties[key] !== undefined && properties[key] !== null) picked[key] = properties[key];
  return picked as AppServiceSiteConfig;
}

function toAuthSettings(settings: ArmAuthSettingsV2): AppServiceAuthSettings {
  const properties = settings.properties ?? {};
  const validation = properties.globalValidation;
  return {
    platform: { enabled: properties.platform?.enabled ?? false, ...(properties.platform?.runtimeVersion ? { runtimeVersion: properties.platform.runtimeVersion } : {}) },
    ...(validation
      ? {
          globalValidation: {
            ...(validation.requireAuthentication !== undefined ? { requireAuthentication: validation.requireAuthentication } : {}),
            ...(validation.unauthenticatedClientAction ? { unauthenticatedClientAction: validation.unauthenticatedClientAction } : {}),
          },
        }
      : {}),
    // A provider block without `enabled: false` is on: the API omits the flag for configured providers.
    enabledIdentityProviders: Object.entries(properties.identityProviders ?? {})
      .filter(([, provider]) => provider !== null && provider !== undefined && provider.enabled !== false)
      .map(([name]) => name),
  };
}

function toPolicy(policy: ArmPublishingCredentialsPolicy): AppServicePublishingCredentialsPolicy {
  // A policy without `allow` keeps the platform default, which allows basic authentication.
  return { name: policy.name, allow: policy.properties?.allow ?? true };
}

function toDiagnosticSetting(setting: ArmDiagnosticSetting): AppServiceDiagnosticSetting {
  const properties = setting.properties ?? {};
  return {
    id: setting.id,
    name: setting.name,
    ...(properties.workspaceId ? { workspaceId: properties.workspaceId } : {}),
    ...(properties.storageAccountId ? { storageAccountId: properties.storageAccountId } : {}),
    ...(properties.eventHubAuthorizationRuleId ? { eventHubAuthorizationRuleId: properties.eventHubAuthorizationRuleId } : {}),
    ...(properties.marketplacePartnerId ? { marketplacePartnerId: properties.marketplacePartnerId } : {}),
    logs: (properties.logs ?? []).map((log) => ({
      ...(log.category ? { category: log.category } : {}),
      ...(log.categoryGroup ? { categoryGroup: log.categoryGroup } : {}),
      enabled: log.enabled ?? false,
    })),
  };
}
