/**
 * Fixture builders of Entra ID data. `entraData()` is a tenant with nothing listed and restrictive
 * tenant-wide policies; tests override the part their check reads.
 */
import type {
  EntraApplication,
  EntraApplicationCredential,
  EntraAuthorizationPolicy,
  EntraConditionalAccessConditions,
  EntraConditionalAccessGrantControls,
  EntraConditionalAccessPolicy,
  EntraConditionalAccessUsers,
  EntraCountryNamedLocation,
  EntraData,
  EntraDefaultUserRolePermissions,
  EntraDirectoryRole,
  EntraDirectorySetting,
  EntraIpNamedLocation,
  EntraRoleMember,
  EntraUser,
  EntraUserRegistration,
} from '@palisade/core/azure';
import { TEST_TENANT_ID, ok } from './scope.ts';

export const ENTRA_GLOBAL_ADMINISTRATOR_TEMPLATE = '62e90394-69f5-4237-9190-012177145e10';

/** `/tenants/<test tenant>/<collection>/<id>`, the uid of a directory object. */
export function entraUid(collection: string, id: string): string {
  return `/tenants/${TEST_TENANT_ID}/${collection}/${id}`;
}

/** The tenant scope's own uid. */
export const ENTRA_TENANT_UID = `/tenants/${TEST_TENANT_ID}`;

export function entraAuthorizationPolicy(
  overrides: Omit<Partial<EntraAuthorizationPolicy>, 'defaultUserRolePermissions'> & { defaultUserRolePermissions?: Partial<EntraDefaultUserRolePermissions> } = {},
): EntraAuthorizationPolicy {
  const { defaultUserRolePermissions, ...rest } = overrides;
  return {
    id: 'authorizationPolicy',
    allowInvitesFrom: 'adminsAndGuestInviters',
    guestUserRoleId: '2af84b1e-32c8-42b7-82bc-daa82404023b',
    allowEmailVerifiedUsersToJoinOrganization: false,
    allowUserConsentForRiskyApps: false,
    ...rest,
    defaultUserRolePermissions: {
      allowedToCreateApps: false,
      allowedToCreateSecurityGroups: false,
      allowedToCreateTenants: false,
      allowedToReadOtherUsers: true,
      permissionGrantPoliciesAssigned: [],
      ...defaultUserRolePermissions,
    },
  };
}

/** A tenant with no users, roles, apps, policies or settings, security defaults off and restrictive tenant-wide policies. */
export function entraData(overrides: Partial<EntraData> = {}): EntraData {
  return {
    organization: ok([{ id: TEST_TENANT_ID, displayName: 'Contoso', verifiedDomains: [{ name: 'contoso.onmicrosoft.com', isDefault: true, isInitial: true }], technicalNotificationMails: ['it@contoso.com'], securityComplianceNotificationMails: [] }]),
    users: ok([]),
    securityDefaults: ok({ id: '00000000-0000-0000-0000-000000000005', isEnabled: false }),
    authorizationPolicy: ok(entraAuthorizationPolicy()),
    deviceRegistrationPolicy: ok({ id: 'deviceRegistrationPolicy', multiFactorAuthConfiguration: 'required', userDeviceQuota: 20, localAdminPasswordEnabled: true }),
    conditionalAccessPolicies: ok([]),
    namedLocations: ok([]),
    directoryRoles: ok([]),
    applications: ok([]),
    directorySettings: ok([]),
    userRegistrations: ok([]),
    ...overrides,
  };
}

export function entraUser(overrides: Partial<EntraUser> & { id: string }): EntraUser {
  return {
    displayName: overrides.id,
    userPrincipalName: `${overrides.id}@contoso.com`,
    userType: 'Member',
    accountEnabled: true,
    createdDateTime: '2024-01-01T00:00:00Z',
    ...overrides,
  };
}

/**
 * An enabled policy requiring MFA for all users on all apps from any client; `users`,
 * `conditions` and `grantControls` are merged over that.
 */
export function entraConditionalAccessPolicy(
  overrides: Omit<Partial<EntraConditionalAccessPolicy>, 'conditions' | 'grantControls'> & {
    id: string;
    users?: Partial<EntraConditionalAccessUsers>;
    conditions?: Partial<EntraConditionalAccessConditions>;
    grantControls?: Partial<EntraConditionalAccessGrantControls> | null;
  },
): EntraConditionalAccessPolicy {
  const { users, conditions, grantControls, ...rest } = overrides;
  return {
    displayName: overrides.id,
    state: 'enabled',
    createdDateTime: '2024-01-01T00:00:00Z',
    modifiedDateTime: null,
    sessionControls: null,
    ...rest,
    conditions: {
      users: { includeUsers: ['All'], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [], ...users },
      applications: { includeApplications: ['All'], excludeApplications: [], includeUserActions: [] },
      clientAppTypes: ['all'],
      userRiskLevels: [],
      signInRiskLevels: [],
      locations: null,
      platforms: null,
      authenticationFlows: null,
      ...conditions,
    },
    grantControls: grantControls === null ? null : { operator: 'OR', builtInControls: ['mfa'], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null, ...grantControls },
  };
}

export function entraIpLocation(overrides: Partial<EntraIpNamedLocation> & { id: string }): EntraIpNamedLocation {
  return { type: 'ipNamedLocation', displayName: overrides.id, isTrusted: true, ipRanges: ['203.0.113.0/24'], ...overrides };
}

export function entraCountryLocation(overrides: Partial<EntraCountryNamedLocation> & { id: string }): EntraCountryNamedLocation {
  return { type: 'countryNamedLocation', displayName: overrides.id, countriesAndRegions: ['KP'], includeUnknownCountriesAndRegions: false, ...overrides };
}

/** A user member of a directory role. */
export function entraRoleMember(overrides: Partial<EntraRoleMember> & { id: string }): EntraRoleMember {
  return { type: 'user', displayName: overrides.id, userPrincipalName: `${overrides.id}@contoso.com`, ...overrides };
}

export function entraDirectoryRole(overrides: Partial<EntraDirectoryRole> & { id: string; roleTemplateId: string }): EntraDirectoryRole {
  return { displayName: overrides.id, members: ok([]), ...overrides };
}

export function entraCredential(overrides: Partial<EntraApplicationCredential> & { keyId: string }): EntraApplicationCredential {
  return { displayName: overrides.keyId, startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2026-12-01T00:00:00Z', ...overrides };
}

export function entraApplication(overrides: Partial<EntraApplication> & { id: string }): EntraApplication {
  return {
    appId: `app-${overrides.id}`,
    displayName: overrides.id,
    createdDateTime: '2024-01-01T00:00:00Z',
    signInAudience: 'AzureADMyOrg',
    passwordCredentials: [],
    keyCredentials: [],
    ...overrides,
  };
}

/** A tenant-wide directory setting from a template, with `values` given as a record. */
export function entraDirectorySetting(templateId: string, displayName: string, values: Readonly<Record<string, string>>): EntraDirectorySetting {
  return { id: `setting-${templateId.slice(0, 8)}`, displayName, templateId, values: Object.entries(values).map(([name, value]) => ({ name, value })) };
}

export function entraUserRegistration(overrides: Partial<EntraUserRegistration> & { id: string }): EntraUserRegistration {
  return {
    userPrincipalName: `${overrides.id}@contoso.com`,
    userDisplayName: overrides.id,
    userType: 'member',
    isAdmin: false,
    isMfaRegistered: true,
    isMfaCapable: true,
    methodsRegistered: ['microsoftAuthenticatorPush'],
    ...overrides,
  };
}
