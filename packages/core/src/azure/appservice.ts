/**
 * Azure App Service (Microsoft.Web/sites): web apps and function apps with the settings the
 * App Service checks read — the site's own properties from the list, and per site its
 * configuration (`config/web`), authentication settings (`config/authsettingsV2`, read without
 * secrets), basic publishing credentials policies and diagnostic settings.
 */
import type { Fetched } from '../fetched.ts';
import type { Tags } from '../finding.ts';

/** A site's managed identity (`identity` of the ARM resource). */
export interface AppServiceIdentity {
  /** `SystemAssigned`, `UserAssigned`, `SystemAssigned, UserAssigned` or `None`. */
  readonly type: string;
  /** The system-assigned identity's service principal; absent without one. */
  readonly principalId?: string;
  /** Resource ids of the user-assigned identities. */
  readonly userAssignedIdentityIds: readonly string[];
}

/** The site configuration (`GET <site>/config/web`), only the settings checks read. */
export interface AppServiceSiteConfig {
  /** `1.0`, `1.1`, `1.2` or `1.3`. */
  readonly minTlsVersion?: string;
  /** Minimum TLS version of the SCM (Kudu) site. */
  readonly scmMinTlsVersion?: string;
  readonly ftpsState?: 'AllAllowed' | 'FtpsOnly' | 'Disabled';
  readonly http20Enabled?: boolean;
  readonly remoteDebuggingEnabled?: boolean;
  /** Linux stack, e.g. `PYTHON|3.12`, `PHP|8.3`, `JAVA|17-java17`, `TOMCAT|10.1-java21`, `DOCKER|nginx`; empty on Windows. */
  readonly linuxFxVersion?: string;
  /** Windows container image (`DOCKER|…`); empty otherwise. */
  readonly windowsFxVersion?: string;
  /** Windows PHP runtime, e.g. `8.2`; empty or `Off` when PHP is not enabled. */
  readonly phpVersion?: string;
  /** Windows Python runtime; empty or `Off` when not enabled. */
  readonly pythonVersion?: string;
  /** Windows Java runtime, e.g. `1.8`, `11`, `17`; absent or empty when Java is not enabled. */
  readonly javaVersion?: string;
  readonly javaContainer?: string;
  readonly javaContainerVersion?: string;
  /** Windows .NET Framework version, e.g. `v4.0`. */
  readonly netFrameworkVersion?: string;
}

/** App Service authentication (Easy Auth) settings, as `config/authsettingsV2` reports them without secrets. */
export interface AppServiceAuthSettings {
  readonly platform: { readonly enabled: boolean; readonly runtimeVersion?: string };
  readonly globalValidation?: {
    readonly requireAuthentication?: boolean;
    /** `RedirectToLoginPage`, `AllowAnonymous`, `Return401` or `Return403`. */
    readonly unauthenticatedClientAction?: string;
  };
  /** Names of the identity providers that are enabled, e.g. `azureActiveDirectory`. */
  readonly enabledIdentityProviders: readonly string[];
}

/** One basic publishing credentials policy: `ftp` (FTP) or `scm` (Kudu/WebDeploy). */
export interface AppServicePublishingCredentialsPolicy {
  readonly name: string;
  /** Whether basic (user name and password) authentication is allowed for this channel. */
  readonly allow: boolean;
}

/** A diagnostic setting of the site (Microsoft.Insights/diagnosticSettings). */
export interface AppServiceDiagnosticSetting {
  readonly id: string;
  readonly name: string;
  readonly workspaceId?: string;
  readonly storageAccountId?: string;
  readonly eventHubAuthorizationRuleId?: string;
  readonly marketplacePartnerId?: string;
  /** Each entry names a `category` (e.g. `AppServiceHTTPLogs`) or a `categoryGroup` (`allLogs`, `audit`). */
  readonly logs: readonly { readonly category?: string; readonly categoryGroup?: string; readonly enabled: boolean }[];
}

/** A web app or function app (`Microsoft.Web/sites`). */
export interface AppServiceSite {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly tags: Tags;
  /** Comma-separated kinds, e.g. `app`, `app,linux`, `functionapp,linux`, `app,linux,container`. */
  readonly kind: string;
  /** `Running` or `Stopped`. */
  readonly state?: string;
  readonly httpsOnly: boolean;
  readonly clientCertEnabled: boolean;
  /** `Required`, `Optional` or `OptionalInteractiveUser`; meaningful only when `clientCertEnabled`. */
  readonly clientCertMode?: string;
  /** `Enabled`, `Disabled`, or absent (enabled unless private endpoints alone are used). */
  readonly publicNetworkAccess?: string;
  /** null when the site has no managed identity. */
  readonly identity: AppServiceIdentity | null;
  readonly config: Fetched<AppServiceSiteConfig>;
  /** null when the site has no authentication settings resource (404): authentication was never set up. */
  readonly authSettings: Fetched<AppServiceAuthSettings | null>;
  /** Both policies (`ftp`, `scm`) as the site reports them; empty when the site kind has none (404). */
  readonly publishingCredentialsPolicies: Fetched<readonly AppServicePublishingCredentialsPolicy[]>;
  readonly diagnosticSettings: Fetched<readonly AppServiceDiagnosticSetting[]>;
}

export interface AppServiceData {
  /** Sites of the subscription in the scanned locations. */
  readonly sites: Fetched<readonly AppServiceSite[]>;
}
