/**
 * Microsoft Entra ID (the tenant's directory), read once per tenant through Microsoft Graph v1.0:
 * users, directory roles and their members, app registrations, the tenant-wide policies (security
 * defaults, authorization policy, device registration policy), Conditional Access policies and
 * named locations, directory settings (group creation, password protection and smart lockout),
 * MFA registration details and the organization's contacts.
 *
 * Property names and values are Graph's (`userType: 'Guest'`, `allowInvitesFrom`,
 * `builtInControls: ['mfa']`). Every read is a `Fetched`: a tenant without an Entra ID P1 licence
 * or a scanner without the permission gets an error naming the Graph operation and Graph's code
 * (`Authorization_RequestDenied`, `Authentication_RequestFromNonPremiumTenantOrB2CTenant`, …),
 * which the checks report as ERROR.
 */
import type { Fetched } from '../fetched.ts';

/** A user of the directory (`GET /users`). Sign-in activity is not read: it needs `AuditLog.Read.All` and a P1 licence for every user list. */
export interface EntraUser {
  readonly id: string;
  readonly displayName: string | null;
  readonly userPrincipalName: string;
  /** `Member` or `Guest` (B2B collaboration users); null for some system accounts. */
  readonly userType: string | null;
  readonly accountEnabled: boolean | null;
  readonly createdDateTime: string | null;
}

/** `GET /policies/identitySecurityDefaultsEnforcementPolicy`. */
export interface EntraSecurityDefaultsPolicy {
  readonly id: string;
  readonly isEnabled: boolean;
}

/** What the default user role may do (`authorizationPolicy.defaultUserRolePermissions`). */
export interface EntraDefaultUserRolePermissions {
  /** "Users can register applications". */
  readonly allowedToCreateApps: boolean;
  /** "Users can create security groups". */
  readonly allowedToCreateSecurityGroups: boolean;
  /** "Restrict non-admin users from creating tenants" = No when true; Graph omits it in some tenants (null). */
  readonly allowedToCreateTenants: boolean | null;
  readonly allowedToReadOtherUsers: boolean;
  /**
   * App consent policies users may consent under, `ManagePermissionGrantsForSelf.<policy id>`
   * (`microsoft-user-default-legacy`: any app; `microsoft-user-default-low`: verified publishers,
   * low-impact permissions). Empty: users cannot consent to apps.
   */
  readonly permissionGrantPoliciesAssigned: readonly string[];
}

/** `GET /policies/authorizationPolicy` (the tenant's single authorization policy). */
export interface EntraAuthorizationPolicy {
  readonly id: string;
  /** Who may invite guests: `none`, `adminsAndGuestInviters`, `adminsGuestInvitersAndAllMembers`, `everyone`. */
  readonly allowInvitesFrom: string;
  /**
   * The role guests get: `a0b1b346-4d3e-4e8b-98f8-753987be4970` (same access as members),
   * `10dae51f-b6af-4016-8d66-8c2a99b929b3` (limited, the default) or
   * `2af84b1e-32c8-42b7-82bc-daa82404023b` (restricted to their own directory objects).
   */
  readonly guestUserRoleId: string;
  readonly allowEmailVerifiedUsersToJoinOrganization: boolean | null;
  readonly allowUserConsentForRiskyApps: boolean | null;
  readonly defaultUserRolePermissions: EntraDefaultUserRolePermissions;
}

/** `GET /policies/deviceRegistrationPolicy`. */
export interface EntraDeviceRegistrationPolicy {
  readonly id: string;
  /** `required` or `notRequired`: MFA to register or join a device with Entra ID. */
  readonly multiFactorAuthConfiguration: string;
  readonly userDeviceQuota: number | null;
  /** Windows LAPS for Entra-joined devices. */
  readonly localAdminPasswordEnabled: boolean | null;
}

/** `conditions.users` of a Conditional Access policy: object ids, or `All`, `None`, `GuestsOrExternalUsers`. */
export interface EntraConditionalAccessUsers {
  readonly includeUsers: readonly string[];
  readonly excludeUsers: readonly string[];
  readonly includeGroups: readonly string[];
  readonly excludeGroups: readonly string[];
  /** Directory role template ids. */
  readonly includeRoles: readonly string[];
  readonly excludeRoles: readonly string[];
}

/** `conditions.applications`: app ids, or `All`, `None`, `Office365`, `MicrosoftAdminPortals`; user actions such as `urn:user:registerdevice`. */
export interface EntraConditionalAccessApplications {
  readonly includeApplications: readonly string[];
  readonly excludeApplications: readonly string[];
  readonly includeUserActions: readonly string[];
}

export interface EntraConditionalAccessConditions {
  /** Null when the policy targets workload identities only. */
  readonly users: EntraConditionalAccessUsers | null;
  readonly applications: EntraConditionalAccessApplications | null;
  /** `all`, `browser`, `mobileAppsAndDesktopClients`, `exchangeActiveSync`, `easSupported`, `other`. */
  readonly clientAppTypes: readonly string[];
  /** `low`, `medium`, `high`, `hidden`, `none`: empty when the policy does not depend on risk. */
  readonly userRiskLevels: readonly string[];
  readonly signInRiskLevels: readonly string[];
  /** Named location ids, or `All`, `AllTrusted`. */
  readonly locations: { readonly includeLocations: readonly string[]; readonly excludeLocations: readonly string[] } | null;
  readonly platforms: { readonly includePlatforms: readonly string[]; readonly excludePlatforms: readonly string[] } | null;
  /** Comma-separated flags: `deviceCodeFlow`, `authenticationTransfer`. */
  readonly authenticationFlows: { readonly transferMethods: string } | null;
}

export interface EntraConditionalAccessGrantControls {
  /** `AND` (all controls) or `OR` (any one). */
  readonly operator: string;
  /** `block`, `mfa`, `compliantDevice`, `domainJoinedDevice`, `approvedApplication`, `compliantApplication`, `passwordChange`. */
  readonly builtInControls: readonly string[];
  readonly customAuthenticationFactors: readonly string[];
  readonly termsOfUse: readonly string[];
  /** An authentication strength (e.g. phishing-resistant MFA); `requirementsSatisfied` is `mfa` for every built-in strength. */
  readonly authenticationStrength: { readonly id: string; readonly displayName: string | null; readonly requirementsSatisfied: string | null } | null;
}

/** `GET /identity/conditionalAccess/policies`. */
export interface EntraConditionalAccessPolicy {
  readonly id: string;
  readonly displayName: string;
  /** `enabled`, `disabled` or `enabledForReportingButNotEnforced` (report-only). */
  readonly state: string;
  readonly createdDateTime: string | null;
  readonly modifiedDateTime: string | null;
  readonly conditions: EntraConditionalAccessConditions;
  readonly grantControls: EntraConditionalAccessGrantControls | null;
  readonly sessionControls: {
    readonly signInFrequency: { readonly isEnabled: boolean; readonly value: number | null; readonly type: string | null; readonly frequencyInterval: string | null } | null;
    readonly persistentBrowser: { readonly isEnabled: boolean; readonly mode: string | null } | null;
  } | null;
}

/** An IP-range named location (`#microsoft.graph.ipNamedLocation`). */
export interface EntraIpNamedLocation {
  readonly type: 'ipNamedLocation';
  readonly id: string;
  readonly displayName: string;
  readonly isTrusted: boolean;
  /** CIDR ranges, IPv4 and IPv6. */
  readonly ipRanges: readonly string[];
}

/** A countries-and-regions named location (`#microsoft.graph.countryNamedLocation`). */
export interface EntraCountryNamedLocation {
  readonly type: 'countryNamedLocation';
  readonly id: string;
  readonly displayName: string;
  /** ISO 3166-1 alpha-2 codes. */
  readonly countriesAndRegions: readonly string[];
  readonly includeUnknownCountriesAndRegions: boolean;
}

/** `GET /identity/conditionalAccess/namedLocations`. */
export type EntraNamedLocation = EntraIpNamedLocation | EntraCountryNamedLocation;

/** A principal holding a directory role: a user, a role-assignable group or a service principal. */
export interface EntraRoleMember {
  readonly id: string;
  /** From `@odata.type`: `user`, `group`, `servicePrincipal`, … */
  readonly type: string;
  readonly displayName: string | null;
  readonly userPrincipalName: string | null;
}

/** An activated directory role (`GET /directoryRoles`) and its active members (`GET /directoryRoles/{id}/members`; eligible PIM assignments are not members). */
export interface EntraDirectoryRole {
  readonly id: string;
  readonly displayName: string;
  /** The built-in role's template id, e.g. `62e90394-69f5-4237-9190-012177145e10` for Global Administrator. */
  readonly roleTemplateId: string;
  readonly members: Fetched<readonly EntraRoleMember[]>;
}

/** A client secret (`passwordCredentials`) or certificate (`keyCredentials`) of an app registration. */
export interface EntraApplicationCredential {
  readonly keyId: string;
  readonly displayName: string | null;
  readonly startDateTime: string | null;
  readonly endDateTime: string | null;
}

/** An app registration (`GET /applications`). */
export interface EntraApplication {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly createdDateTime: string | null;
  readonly signInAudience: string | null;
  readonly passwordCredentials: readonly EntraApplicationCredential[];
  readonly keyCredentials: readonly EntraApplicationCredential[];
}

/**
 * A tenant-wide directory setting (`GET /groupSettings`): `Group.Unified` (Microsoft 365 group
 * creation) or `Password Rule Settings` (smart lockout, custom banned passwords). A setting that
 * was never changed from its template's defaults does not exist.
 */
export interface EntraDirectorySetting {
  readonly id: string;
  readonly displayName: string;
  readonly templateId: string;
  readonly values: readonly { readonly name: string; readonly value: string }[];
}

/** A user's registered authentication methods (`GET /reports/authenticationMethods/userRegistrationDetails`; needs P1). */
export interface EntraUserRegistration {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly userDisplayName: string | null;
  /** `member` or `guest`. */
  readonly userType: string;
  /** Holds an administrative directory role. */
  readonly isAdmin: boolean;
  readonly isMfaRegistered: boolean;
  readonly isMfaCapable: boolean;
  readonly methodsRegistered: readonly string[];
}

/** The tenant (`GET /organization`). */
export interface EntraOrganization {
  readonly id: string;
  readonly displayName: string;
  readonly verifiedDomains: readonly { readonly name: string; readonly isDefault: boolean; readonly isInitial: boolean }[];
  /** Where Microsoft sends technical notifications about the tenant. */
  readonly technicalNotificationMails: readonly string[];
  readonly securityComplianceNotificationMails: readonly string[];
}

/** The tenant's Entra ID data. */
export interface EntraData {
  readonly organization: Fetched<readonly EntraOrganization[]>;
  readonly users: Fetched<readonly EntraUser[]>;
  readonly securityDefaults: Fetched<EntraSecurityDefaultsPolicy>;
  readonly authorizationPolicy: Fetched<EntraAuthorizationPolicy>;
  readonly deviceRegistrationPolicy: Fetched<EntraDeviceRegistrationPolicy>;
  readonly conditionalAccessPolicies: Fetched<readonly EntraConditionalAccessPolicy[]>;
  readonly namedLocations: Fetched<readonly EntraNamedLocation[]>;
  readonly directoryRoles: Fetched<readonly EntraDirectoryRole[]>;
  readonly applications: Fetched<readonly EntraApplication[]>;
  readonly directorySettings: Fetched<readonly EntraDirectorySetting[]>;
  readonly userRegistrations: Fetched<readonly EntraUserRegistration[]>;
}
