/**
 * Microsoft Entra ID, read once per tenant through Microsoft Graph v1.0 (nothing here needs beta).
 * Permissions: `Directory.Read.All`, `Policy.Read.All`, `Application.Read.All`,
 * `RoleManagement.Read.Directory`, `AuditLog.Read.All` (MFA registration details) and
 * `Policy.Read.DeviceConfiguration` (device registration policy). Conditional Access and the
 * registration report need an Entra ID P1 licence; without one Graph answers with an error that
 * stays in the data, so the checks that read it report ERROR with Graph's code.
 */
import type { Fetched } from '@palisade/core';
import type {
  EntraApplication,
  EntraApplicationCredential,
  EntraAuthorizationPolicy,
  EntraConditionalAccessPolicy,
  EntraDeviceRegistrationPolicy,
  EntraDirectoryRole,
  EntraDirectorySetting,
  EntraNamedLocation,
  EntraOrganization,
  EntraRoleMember,
  EntraSecurityDefaultsPolicy,
  EntraUser,
  EntraUserRegistration,
} from '@palisade/core/azure';
import type { GraphClient } from '../client.ts';
import { mapLimit } from '../collector.ts';
import type { AzureCollector } from '../collector.ts';

/** Graph's largest page for users and applications: fewer round trips in large tenants. */
const PAGE_SIZE = '999';

export const entraCollector: AzureCollector<'entra'> = {
  service: 'entra',
  async collect(context) {
    const { graph, tenantId } = context;
    const [
      organization,
      users,
      securityDefaults,
      authorizationPolicy,
      deviceRegistrationPolicy,
      conditionalAccessPolicies,
      namedLocations,
      directoryRoles,
      applications,
      directorySettings,
      userRegistrations,
    ] = await Promise.all([
      mapList(
        graph.list<GraphOrganization>('graph:organization.list', '/organization', { query: { $select: 'id,displayName,verifiedDomains,technicalNotificationMails,securityComplianceNotificationMails' } }),
        toOrganization,
      ),
      mapList(graph.list<GraphUser>('graph:users.list', '/users', { query: { $select: 'id,displayName,userPrincipalName,userType,accountEnabled,createdDateTime', $top: PAGE_SIZE } }), toUser),
      mapSingle(graph.get<GraphSecurityDefaults>('graph:policies.identitySecurityDefaultsEnforcementPolicy.get', '/policies/identitySecurityDefaultsEnforcementPolicy'), 'graph:policies.identitySecurityDefaultsEnforcementPolicy.get', toSecurityDefaults),
      mapSingle(graph.get<GraphAuthorizationPolicy>('graph:policies.authorizationPolicy.get', '/policies/authorizationPolicy'), 'graph:policies.authorizationPolicy.get', toAuthorizationPolicy),
      mapSingle(graph.get<GraphDeviceRegistrationPolicy>('graph:policies.deviceRegistrationPolicy.get', '/policies/deviceRegistrationPolicy'), 'graph:policies.deviceRegistrationPolicy.get', toDeviceRegistrationPolicy),
      mapList(graph.list<GraphConditionalAccessPolicy>('graph:identity.conditionalAccess.policies.list', '/identity/conditionalAccess/policies'), toConditionalAccessPolicy),
      mapList(graph.list<GraphNamedLocation>('graph:identity.conditionalAccess.namedLocations.list', '/identity/conditionalAccess/namedLocations'), toNamedLocation),
      collectDirectoryRoles(graph, tenantId),
      mapList(
        graph.list<GraphApplication>('graph:applications.list', '/applications', { query: { $select: 'id,appId,displayName,createdDateTime,signInAudience,passwordCredentials,keyCredentials', $top: PAGE_SIZE } }),
        toApplication,
      ),
      mapList(graph.list<GraphDirectorySetting>('graph:groupSettings.list', '/groupSettings'), toDirectorySetting),
      mapList(graph.list<GraphUserRegistration>('graph:reports.authenticationMethods.userRegistrationDetails.list', '/reports/authenticationMethods/userRegistrationDetails'), toUserRegistration),
    ]);
    return {
      organization,
      users,
      securityDefaults,
      authorizationPolicy,
      deviceRegistrationPolicy,
      conditionalAccessPolicies,
      namedLocations,
      directoryRoles,
      applications,
      directorySettings,
      userRegistrations,
    };
  },
};

/** Activated roles, then each role's members (8 at a time); a denied member list is that role's error only. */
async function collectDirectoryRoles(graph: GraphClient, tenantId: string): Promise<Fetched<readonly EntraDirectoryRole[]>> {
  const roles = await graph.list<GraphDirectoryRole>('graph:directoryRoles.list', '/directoryRoles');
  if (roles.error) return roles;
  const value = await mapLimit(roles.value, 8, async (role): Promise<EntraDirectoryRole> => {
    const members = await graph.list<GraphDirectoryObject>('graph:directoryRoles.members.list', `/directoryRoles/${role.id}/members`, {
      resourceUid: `/tenants/${tenantId}/directoryRoles/${role.id}`,
    });
    return { id: role.id, displayName: role.displayName ?? role.id, roleTemplateId: role.roleTemplateId ?? '', members: members.error ? members : { value: members.value.map(toRoleMember) } };
  });
  return { value };
}

async function mapList<T, R>(pending: Promise<Fetched<readonly T[]>>, map: (item: T) => R): Promise<Fetched<readonly R[]>> {
  const fetched = await pending;
  return fetched.error ? fetched : { value: fetched.value.map(map) };
}

/** The tenant's singleton policies always exist: an empty answer is an invalid one, not "not configured". */
async function mapSingle<T, R>(pending: Promise<Fetched<T | null>>, api: string, map: (item: T) => R): Promise<Fetched<R>> {
  const fetched = await pending;
  if (fetched.error) return fetched;
  if (fetched.value === null) return { error: { api, code: 'InvalidResponse', message: 'the answer had no body' } };
  return { value: map(fetched.value) };
}

// Graph's answers, as far as they are read (https://learn.microsoft.com/graph/api/resources/…).

interface GraphOrganization {
  id: string;
  displayName?: string | null;
  verifiedDomains?: { name?: string; isDefault?: boolean; isInitial?: boolean }[] | null;
  technicalNotificationMails?: string[] | null;
  securityComplianceNotificationMails?: string[] | null;
}

interface GraphUser {
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  userType?: string | null;
  accountEnabled?: boolean | null;
  createdDateTime?: string | null;
}

interface GraphSecurityDefaults {
  id: string;
  isEnabled?: boolean | null;
}

interface GraphAuthorizationPolicy {
  id: string;
  allowInvitesFrom?: string | null;
  guestUserRoleId?: string | null;
  allowEmailVerifiedUsersToJoinOrganization?: boolean | null;
  allowUserConsentForRiskyApps?: boolean | null;
  defaultUserRolePermissions?: {
    allowedToCreateApps?: boolean | null;
    allowedToCreateSecurityGroups?: boolean | null;
    allowedToCreateTenants?: boolean | null;
    allowedToReadOtherUsers?: boolean | null;
    permissionGrantPoliciesAssigned?: string[] | null;
  } | null;
}

interface GraphDeviceRegistrationPolicy {
  id: string;
  multiFactorAuthConfiguration?: string | null;
  userDeviceQuota?: number | null;
  localAdminPassword?: { isEnabled?: boolean | null } | null;
}

interface GraphConditionalAccessPolicy {
  id: string;
  displayName?: string | null;
  state?: string | null;
  createdDateTime?: string | null;
  modifiedDateTime?: string | null;
  conditions?: {
    users?: Partial<Record<'includeUsers' | 'excludeUsers' | 'includeGroups' | 'excludeGroups' | 'includeRoles' | 'excludeRoles', string[] | null>> | null;
    applications?: Partial<Record<'includeApplications' | 'excludeApplications' | 'includeUserActions', string[] | null>> | null;
    clientAppTypes?: string[] | null;
    userRiskLevels?: string[] | null;
    signInRiskLevels?: string[] | null;
    locations?: { includeLocations?: string[] | null; excludeLocations?: string[] | null } | null;
    platforms?: { includePlatforms?: string[] | null; excludePlatforms?: string[] | null } | null;
    authenticationFlows?: { transferMethods?: string | null } | null;
  } | null;
  grantControls?: {
    operator?: string | null;
    builtInControls?: string[] | null;
    customAuthenticationFactors?: string[] | null;
    termsOfUse?: string[] | null;
    authenticationStrength?: { id: string; displayName?: string | null; requirementsSatisfied?: string | null } | null;
  } | null;
  sessionControls?: {
    signInFrequency?: { isEnabled?: boolean | null; value?: number | null; type?: string | null; frequencyInterval?: string | null } | null;
    persistentBrowser?: { isEnabled?: boolean | null; mode?: string | null } | null;
  } | null;
}

interface GraphNamedLocation {
  '@odata.type'?: string;
  id: string;
  displayName?: string | null;
  isTrusted?: boolean | null;
  ipRanges?: { cidrAddress?: string | null }[] | null;
  countriesAndRegions?: string[] | null;
  includeUnknownCountriesAndRegions?: boolean | null;
}

interface GraphDirectoryRole {
  id: string;
  displayName?: string | null;
  roleTemplateId?: string | null;
}

interface GraphDirectoryObject {
  '@odata.type'?: string;
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
}

interface GraphCredential {
  keyId: string;
  displayName?: string | null;
  startDateTime?: string | null;
  endDateTime?: string | null;
}

interface GraphApplication {
  id: string;
  appId?: string | null;
  displayName?: string | null;
  createdDateTime?: string | null;
  signInAudience?: string | null;
  passwordCredentials?: GraphCredential[] | null;
  keyCredentials?: GraphCredential[] | null;
}

interface GraphDirectorySetting {
  id: string;
  displayName?: string | null;
  templateId?: string | null;
  values?: { name: string; value?: string | null }[] | null;
}

interface GraphUserRegistration {
  id: string;
  userPrincipalName?: string | null;
  userDisplayName?: string | null;
  userType?: string | null;
  isAdmin?: boolean | null;
  isMfaRegistered?: boolean | null;
  isMfaCapable?: boolean | null;
  methodsRegistered?: string[] | null;
}

const list = (items: readonly string[] | null | undefined): readonly string[] => items ?? [];

function toOrganization(organization: GraphOrganization): EntraOrganization {
  return {
    id: organization.id,
    displayName: organization.displayName ?? organization.id,
    verifiedDomains: (organization.verifiedDomains ?? []).map((domain) => ({ name: domain.name ?? '', isDefault: domain.isDefault ?? false, isInitial: domain.isInitial ?? false })),
    technicalNotificationMails: list(organization.technicalNotificationMails),
    securityComplianceNotificationMails: list(organization.securityComplianceNotificationMails),
  };
}

function toUser(user: GraphUser): EntraUser {
  return {
    id: user.id,
    displayName: user.displayName ?? null,
    userPrincipalName: user.userPrincipalName ?? user.id,
    userType: user.userType ?? null,
    accountEnabled: user.accountEnabled ?? null,
    createdDateTime: user.createdDateTime ?? null,
  };
}

function toSecurityDefaults(policy: GraphSecurityDefaults): EntraSecurityDefaultsPolicy {
  return { id: policy.id, isEnabled: policy.isEnabled === true };
}

function toAuthorizationPolicy(policy: GraphAuthorizationPolicy): EntraAuthorizationPolicy {
  const permissions = policy.defaultUserRolePermissions ?? {};
  return {
    id: policy.id,
    // Graph's defaults when a property is absent: anyone may invite, guests get the limited role.
    allowInvitesFrom: policy.allowInvitesFrom ?? 'everyone',
    guestUserRoleId: policy.guestUserRoleId ?? '10dae51f-b6af-4016-8d66-8c2a99b929b3',
    allowEmailVerifiedUsersToJoinOrganization: policy.allowEmailVerifiedUsersToJoinOrganization ?? null,
    allowUserConsentForRiskyApps: policy.allowUserConsentForRiskyApps ?? null,
    defaultUserRolePermissions: {
      allowedToCreateApps: permissions.allowedToCreateApps ?? true,
      allowedToCreateSecurityGroups: permissions.allowedToCreateSecurityGroups ?? true,
      allowedToCreateTenants: permissions.allowedToCreateTenants ?? null,
      allowedToReadOtherUsers: permissions.allowedToReadOtherUsers ?? true,
      permissionGrantPoliciesAssigned: list(permissions.permissionGrantPoliciesAssigned),
    },
  };
}

function toDeviceRegistrationPolicy(policy: GraphDeviceRegistrationPolicy): EntraDeviceRegistrationPolicy {
  return {
    id: policy.id,
    multiFactorAuthConfiguration: policy.multiFactorAuthConfiguration ?? 'notRequired',
    userDeviceQuota: policy.userDeviceQuota ?? null,
    localAdminPasswordEnabled: policy.localAdminPassword?.isEnabled ?? null,
  };
}

function toConditionalAccessPolicy(policy: GraphConditionalAccessPolicy): EntraConditionalAccessPolicy {
  const conditions = policy.conditions ?? {};
  const users = conditions.users;
  const applications = conditions.applications;
  const grant = policy.grantControls;
  const session = policy.sessionControls;
  return {
    id: policy.id,
    displayName: policy.displayName ?? policy.id,
    state: policy.state ?? 'disabled',
    createdDateTime: policy.createdDateTime ?? null,
    modifiedDateTime: policy.modifiedDateTime ?? null,
    conditions: {
      users: users
        ? {
            includeUsers: list(users.includeUsers),
            excludeUsers: list(users.excludeUsers),
            includeGroups: list(users.includeGroups),
            excludeGroups: list(users.excludeGroups),
            includeRoles: list(users.includeRoles),
            excludeRoles: list(users.excludeRoles),
          }
        : null,
      applications: applications
        ? { includeApplications: list(applications.includeApplications), excludeApplications: list(applications.excludeApplications), includeUserActions: list(applications.includeUserActions) }
        : null,
      clientAppTypes: list(conditions.clientAppTypes),
      userRiskLevels: list(conditions.userRiskLevels),
      signInRiskLevels: list(conditions.signInRiskLevels),
      locations: conditions.locations ? { includeLocations: list(conditions.locations.includeLocations), excludeLocations: list(conditions.locations.excludeLocations) } : null,
      platforms: conditions.platforms ? { includePlatforms: list(conditions.platforms.includePlatforms), excludePlatforms: list(conditions.platforms.excludePlatforms) } : null,
      authenticationFlows: conditions.authenticationFlows?.transferMethods ? { transferMethods: conditions.authenticationFlows.transferMethods } : null,
    },
    grantControls: grant
      ? {
          operator: grant.operator ?? 'OR',
          builtInControls: list(grant.builtInControls),
          customAuthenticationFactors: list(grant.customAuthenticationFactors),
          termsOfUse: list(grant.termsOfUse),
          authenticationStrength: grant.authenticationStrength
            ? { id: grant.authenticationStrength.id, displayName: grant.authenticationStrength.displayName ?? null, requirementsSatisfied: grant.authenticationStrength.requirementsSatisfied ?? null }
            : null,
        }
      : null,
    sessionControls: session
      ? {
          signInFrequency: session.signInFrequency
            ? {
                isEnabled: session.signInFrequency.isEnabled === true,
                value: session.signInFrequency.value ?? null,
                type: session.signInFrequency.type ?? null,
                frequencyInterval: session.signInFrequency.frequencyInterval ?? null,
              }
            : null,
          persistentBrowser: session.persistentBrowser ? { isEnabled: session.persistentBrowser.isEnabled === true, mode: session.persistentBrowser.mode ?? null } : null,
        }
      : null,
  };
}

function toNamedLocation(location: GraphNamedLocation): EntraNamedLocation {
  const displayName = location.displayName ?? location.id;
  if (location['@odata.type'] === '#microsoft.graph.countryNamedLocation') {
    return {
      type: 'countryNamedLocation',
      id: location.id,
      displayName,
      countriesAndRegions: list(location.countriesAndRegions),
      includeUnknownCountriesAndRegions: location.includeUnknownCountriesAndRegions === true,
    };
  }
  return {
    type: 'ipNamedLocation',
    id: location.id,
    displayName,
    isTrusted: location.isTrusted === true,
    ipRanges: (location.ipRanges ?? []).flatMap((range) => (range.cidrAddress ? [range.cidrAddress] : [])),
  };
}

function toRoleMember(member: GraphDirectoryObject): EntraRoleMember {
  return {
    id: member.id,
    // '#microsoft.graph.user' → 'user'
    type: member['@odata.type']?.replace(/^#?microsoft\.graph\./, '') ?? 'directoryObject',
    displayName: member.displayName ?? null,
    userPrincipalName: member.userPrincipalName ?? null,
  };
}

function toCredential(credential: GraphCredential): EntraApplicationCredential {
  return { keyId: credential.keyId, displayName: credential.displayName ?? null, startDateTime: credential.startDateTime ?? null, endDateTime: credential.endDateTime ?? null };
}

function toApplication(application: GraphApplication): EntraApplication {
  return {
    id: application.id,
    appId: application.appId ?? '',
    displayName: application.displayName ?? application.id,
    createdDateTime: application.createdDateTime ?? null,
    signInAudience: application.signInAudience ?? null,
    passwordCredentials: (application.passwordCredentials ?? []).map(toCredential),
    keyCredentials: (application.keyCredentials ?? []).map(toCredential),
  };
}

function toDirectorySetting(setting: GraphDirectorySetting): EntraDirectorySetting {
  return {
    id: setting.id,
    displayName: setting.displayName ?? '',
    templateId: setting.templateId ?? '',
    values: (setting.values ?? []).map((entry) => ({ name: entry.name, value: entry.value ?? '' })),
  };
}

function toUserRegistration(registration: GraphUserRegistration): EntraUserRegistration {
  return {
    id: registration.id,
    userPrincipalName: registration.userPrincipalName ?? registration.id,
    userDisplayName: registration.userDisplayName ?? null,
    userType: registration.userType ?? 'member',
    isAdmin: registration.isAdmin === true,
    isMfaRegistered: registration.isMfaRegistered === true,
    isMfaCapable: registration.isMfaCapable === true,
    methodsRegistered: list(registration.methodsRegistered),
  };
}
