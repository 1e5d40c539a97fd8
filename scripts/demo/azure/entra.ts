/**
 * The demo tenant's directory: a tenant part-way through hardening. Conditional Access requires
 * MFA for everyone (emergency account excluded), blocks legacy authentication and unapproved
 * countries; the risky sign-in policy is still report-only and nothing covers user risk or device
 * code flow. User settings were left at their defaults (anyone registers apps and creates security
 * groups, guests get limited access and any member invites them), five principals are Global
 * Administrators, a guest holds Security Administrator, one app keeps an expired, decade-long
 * secret, and a few users never registered MFA.
 */
import type { Fetched } from '@palisade/core';
import type {
  EntraApplication,
  EntraConditionalAccessPolicy,
  EntraData,
  EntraDirectoryRole,
  EntraNamedLocation,
  EntraRoleMember,
  EntraUser,
  EntraUserRegistration,
} from '@palisade/core/azure';
import { DEMO_COLLECTED_AT } from '../estate.ts';
import type { DemoTenant } from './types.ts';

const ok = <T>(value: T): Fetched<T> => ({ value });
const NOW = new Date(DEMO_COLLECTED_AT).getTime();
/** An ISO time `days` from the demo's collection time (negative: before). */
const inDays = (days: number): string => new Date(NOW + days * 86_400_000).toISOString();
/** Deterministic object ids: `<prefix>-0000-4000-8000-<n>`. */
const objectId = (prefix: string, n: number): string => `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
const SECURITY_ADMINISTRATOR = '194ae4cb-b126-40b2-bd5b-6091b380977d';
const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const LOW_IMPACT_CONSENT = 'ManagePermissionGrantsForSelf.microsoft-user-default-low';

interface DemoPerson {
  readonly alias: string;
  readonly name: string;
  readonly guest?: string;
  readonly enabled?: boolean;
  readonly mfa?: boolean;
  readonly roles?: readonly string[];
}

const PEOPLE: readonly DemoPerson[] = [
  { alias: 'breakglass1', name: 'Emergency access 1', roles: [GLOBAL_ADMINISTRATOR] },
  { alias: 'breakglass2', name: 'Emergency access 2', roles: [GLOBAL_ADMINISTRATOR] },
  { alias: 'ada.admin', name: 'Ada Lindqvist (admin)', roles: [GLOBAL_ADMINISTRATOR] },
  { alias: 'raj.admin', name: 'Raj Patel (admin)', roles: [GLOBAL_ADMINISTRATOR, USER_ADMINISTRATOR] },
  { alias: 'old.admin', name: 'Former IT lead', roles: [GLOBAL_ADMINISTRATOR], mfa: false },
  { alias: 'ada', name: 'Ada Lindqvist' },
  { alias: 'raj', name: 'Raj Patel' },
  { alias: 'mei', name: 'Mei Chen' },
  { alias: 'tom', name: 'Tom Okafor', mfa: false },
  { alias: 'lena', name: 'Lena Fischer', mfa: false },
  { alias: 'intern', name: 'Summer intern', enabled: false, mfa: false },
  { alias: 'sam_auditfirm.example', name: 'Sam Reyes (Audit firm)', guest: 'auditfirm.example', roles: [SECURITY_ADMINISTRATOR] },
  { alias: 'kim_partner.example', name: 'Kim Novak (Partner)', guest: 'partner.example' },
];

export function demoEntra(tenant: DemoTenant): EntraData {
  const prefix = tenant.tenantId.slice(0, 8);
  const upn = (person: DemoPerson) => (person.guest ? `${person.alias}#EXT#@${tenant.domain}` : `${person.alias}@${tenant.domain}`);
  const people = PEOPLE.map((person, index) => ({ person, id: objectId(prefix, 0x100 + index) }));

  const users: EntraUser[] = people.map(({ person, id }, index) => ({
    id,
    displayName: person.name,
    userPrincipalName: upn(person),
    userType: person.guest ? 'Guest' : 'Member',
    accountEnabled: person.enabled ?? true,
    createdDateTime: inDays(-900 + index * 40),
  }));

  const member = ({ person, id }: (typeof people)[number]): EntraRoleMember => ({ id, type: 'user', displayName: person.name, userPrincipalName: upn(person) });
  const role = (n: number, displayName: string, roleTemplateId: string): EntraDirectoryRole => ({
    id: objectId(prefix, 0x200 + n),
    displayName,
    roleTemplateId,
    members: ok(people.filter(({ person }) => person.roles?.includes(roleTemplateId)).map(member)),
  });
  const directoryRoles = [
    role(1, 'Global Administrator', GLOBAL_ADMINISTRATOR),
    role(2, 'Security Administrator', SECURITY_ADMINISTRATOR),
    role(3, 'User Administrator', USER_ADMINISTRATOR),
    role(4, 'Directory Readers', '88d8e3e3-8f55-4a1e-953a-9b9898b8876b'),
  ];

  const userRegistrations: EntraUserRegistration[] = people.map(({ person, id }) => ({
    id,
    userPrincipalName: upn(person),
    userDisplayName: person.name,
    userType: person.guest ? 'guest' : 'member',
    isAdmin: (person.roles?.length ?? 0) > 0,
    isMfaRegistered: person.mfa ?? true,
    isMfaCapable: person.mfa ?? true,
    methodsRegistered: (person.mfa ?? true) ? ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'] : [],
  }));

  const breakGlass = people.filter(({ person }) => person.alias.startsWith('breakglass')).map(({ id }) => id);
  const headOffice = objectId(prefix, 0x300);
  const allowedCountries = objectId(prefix, 0x301);
  const namedLocations: EntraNamedLocation[] = [
    { type: 'ipNamedLocation', id: headOffice, displayName: 'Head office', isTrusted: true, ipRanges: ['203.0.113.0/24', '2001:db8:10::/48'] },
    { type: 'countryNamedLocation', id: allowedCountries, displayName: 'Countries we operate in', countriesAndRegions: ['US', 'GB', 'DE', 'NL'], includeUnknownCountriesAndRegions: false },
  ];

  const policy = (n: number, displayName: string, state: string, conditions: Partial<EntraConditionalAccessPolicy['conditions']>, builtInControls: string[]): EntraConditionalAccessPolicy => ({
    id: objectId(prefix, 0x400 + n),
    displayName,
    state,
    createdDateTime: inDays(-400 + n * 30),
    modifiedDateTime: inDays(-60 + n),
    conditions: {
      users: { includeUsers: ['All'], excludeUsers: breakGlass, includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
      applications: { includeApplications: ['All'], excludeApplications: [], includeUserActions: [] },
      clientAppTypes: ['all'],
      userRiskLevels: [],
      signInRiskLevels: [],
      locations: null,
      platforms: null,
      authenticationFlows: null,
      ...conditions,
    },
    grantControls: { operator: 'OR', builtInControls, customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null },
    sessionControls: null,
  });
  const conditionalAccessPolicies = [
    policy(1, 'CA001 Require MFA for all users', 'enabled', {}, ['mfa']),
    policy(2, 'CA002 Block legacy authentication', 'enabled', { clientAppTypes: ['exchangeActiveSync', 'other'] }, ['block']),
    policy(3, 'CA003 Block outside operating countries', 'enabled', { locations: { includeLocations: ['All'], excludeLocations: [allowedCountries] } }, ['block']),
    policy(4, 'CA004 MFA for risky sign-ins (pilot)', 'enabledForReportingButNotEnforced', { signInRiskLevels: ['high', 'medium'] }, ['mfa']),
  ];

  const app = (n: number, displayName: string, secrets: [number, number][], certificates: [number, number][]): EntraApplication => ({
    id: objectId(prefix, 0x500 + n),
    appId: objectId('a0' + prefix.slice(2), 0x500 + n),
    displayName,
    createdDateTime: inDays(-1200 + n * 100),
    signInAudience: 'AzureADMyOrg',
    passwordCredentials: secrets.map(([start, end], index) => ({ keyId: objectId(prefix, 0x5100 + n * 16 + index), displayName: `${displayName} secret ${index + 1}`, startDateTime: inDays(start), endDateTime: inDays(end) })),
    keyCredentials: certificates.map(([start, end], index) => ({ keyId: objectId(prefix, 0x5200 + n * 16 + index), displayName: `CN=${displayName.toLowerCase().replace(/\s+/g, '-')}`, startDateTime: inDays(start), endDateTime: inDays(end) })),
  });
  const applications = [
    app(1, 'Payroll sync', [[-120, 60]], []),
    app(2, 'Legacy reporting', [[-3700, -50]], []),
    app(3, 'Build pipeline', [], [[-200, 900]]),
    app(4, 'Internal wiki SSO', [], []),
  ];

  return {
    organization: ok([
      {
        id: tenant.tenantId,
        displayName: 'Contoso Demo',
        verifiedDomains: [{ name: tenant.domain, isDefault: true, isInitial: true }],
        technicalNotificationMails: [`it-ops@${tenant.domain}`],
        securityComplianceNotificationMails: [],
      },
    ]),
    users: ok(users),
    securityDefaults: ok({ id: '00000000-0000-0000-0000-000000000005', isEnabled: false }),
    authorizationPolicy: ok({
      id: 'authorizationPolicy',
      allowInvitesFrom: 'adminsGuestInvitersAndAllMembers',
      guestUserRoleId: '10dae51f-b6af-4016-8d66-8c2a99b929b3',
      allowEmailVerifiedUsersToJoinOrganization: false,
      allowUserConsentForRiskyApps: false,
      defaultUserRolePermissions: {
        allowedToCreateApps: true,
        allowedToCreateSecurityGroups: true,
        allowedToCreateTenants: false,
        allowedToReadOtherUsers: true,
        permissionGrantPoliciesAssigned: [LOW_IMPACT_CONSENT],
      },
    }),
    deviceRegistrationPolicy: ok({ id: 'deviceRegistrationPolicy', multiFactorAuthConfiguration: 'notRequired', userDeviceQuota: 50, localAdminPasswordEnabled: false }),
    conditionalAccessPolicies: ok(conditionalAccessPolicies),
    namedLocations: ok(namedLocations),
    directoryRoles: ok(directoryRoles),
    applications: ok(applications),
    directorySettings: ok([
      {
        id: objectId(prefix, 0x600),
        displayName: 'Group.Unified',
        templateId: '62375ab9-6b52-47ed-826b-58e47e0e304b',
        values: [
          { name: 'EnableGroupCreation', value: 'false' },
          { name: 'GroupCreationAllowedGroupId', value: objectId(prefix, 0x700) },
          { name: 'AllowToAddGuests', value: 'true' },
        ],
      },
      {
        id: objectId(prefix, 0x601),
        displayName: 'Password Rule Settings',
        templateId: '5cf42378-d67d-4f36-ba46-e8b86229381d',
        values: [
          { name: 'BannedPasswordCheckOnPremisesMode', value: 'Audit' },
          { name: 'EnableBannedPasswordCheckOnPremises', value: 'False' },
          { name: 'EnableBannedPasswordCheck', value: 'True' },
          { name: 'LockoutDurationInSeconds', value: '120' },
          { name: 'LockoutThreshold', value: '10' },
          { name: 'BannedPasswordList', value: '' },
        ],
      },
    ]),
    userRegistrations: ok(userRegistrations),
  };
}
