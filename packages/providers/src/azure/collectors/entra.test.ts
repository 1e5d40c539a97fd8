import { describe, expect, it } from 'vitest';
import { TEST_TENANT_ID, fakeAzure, graphError, page } from '../testing.ts';
import { entraCollector } from './entra.ts';

const GRAPH = 'https://graph.microsoft.com/v1.0';
const USER_SELECT = '$select=id,displayName,userPrincipalName,userType,accountEnabled,createdDateTime&$top=999';
const GLOBAL_ADMIN_ROLE = 'f8e85ed8-f66f-4058-b170-3efae8b9c6e5';
const GUEST_INVITER_ROLE = '3b5b7a4e-8cbb-4b2a-9c38-1f6f1a3d1c5e';

// Bodies as Microsoft Graph v1.0 answers them (learn.microsoft.com/graph/api/...), `@odata.context` included.
const routes = (): Record<string, unknown> => ({
  'GET /v1.0/organization': {
    '@odata.context': `${GRAPH}/$metadata#organization(id,displayName,verifiedDomains,technicalNotificationMails,securityComplianceNotificationMails)`,
    value: [
      {
        id: TEST_TENANT_ID,
        displayName: 'Contoso',
        technicalNotificationMails: ['it-ops@contoso.com'],
        securityComplianceNotificationMails: [],
        verifiedDomains: [
          { capabilities: 'Email, OfficeCommunicationsOnline', isDefault: true, isInitial: false, name: 'contoso.com', type: 'Managed' },
          { capabilities: 'Email, OfficeCommunicationsOnline', isDefault: false, isInitial: true, name: 'contoso.onmicrosoft.com', type: 'Managed' },
        ],
      },
    ],
  },
  'GET /v1.0/users': {
    '@odata.context': `${GRAPH}/$metadata#users(id,displayName,userPrincipalName,userType,accountEnabled,createdDateTime)`,
    '@odata.nextLink': `${GRAPH}/users?${USER_SELECT}&$skiptoken=RFNwdAIAAQAAACpVc2VyXzg2NDYyNjA2`,
    value: [
      { id: '86462606-fde0-4fc4-9e0c-a20eb73e54c6', displayName: 'Alex Wilber', userPrincipalName: 'AlexW@contoso.com', userType: 'Member', accountEnabled: true, createdDateTime: '2023-03-13T19:15:41Z' },
    ],
  },
  [`GET /v1.0/users?${USER_SELECT}&$skiptoken=RFNwdAIAAQAAACpVc2VyXzg2NDYyNjA2`]: {
    '@odata.context': `${GRAPH}/$metadata#users(id,displayName,userPrincipalName,userType,accountEnabled,createdDateTime)`,
    value: [
      {
        id: 'c6ad1942-4afa-47f8-8d48-afb5d8d69d2f',
        displayName: 'Allan Deyoung',
        userPrincipalName: 'allan_fabrikam.com#EXT#@contoso.onmicrosoft.com',
        userType: 'Guest',
        accountEnabled: true,
        createdDateTime: null,
      },
    ],
  },
  'GET /v1.0/policies/identitySecurityDefaultsEnforcementPolicy': {
    '@odata.context': `${GRAPH}/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity`,
    id: '00000000-0000-0000-0000-000000000005',
    displayName: 'Security Defaults',
    description:
      'Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization. Administrators and users will be better protected from common identity related attacks.',
    isEnabled: false,
  },
  'GET /v1.0/policies/authorizationPolicy': {
    '@odata.context': `${GRAPH}/$metadata#policies/authorizationPolicy/$entity`,
    id: 'authorizationPolicy',
    allowInvitesFrom: 'adminsAndGuestInviters',
    allowedToSignUpEmailBasedSubscriptions: true,
    allowedToUseSSPR: true,
    allowEmailVerifiedUsersToJoinOrganization: false,
    allowUserConsentForRiskyApps: false,
    blockMsolPowerShell: false,
    displayName: 'Authorization Policy',
    description: 'Used to manage authorization related settings across the company.',
    guestUserRoleId: '2af84b1e-32c8-42b7-82bc-daa82404023b',
    defaultUserRolePermissions: {
      allowedToCreateApps: false,
      allowedToCreateSecurityGroups: false,
      allowedToCreateTenants: false,
      allowedToReadBitlockerKeysForOwnedDevice: true,
      allowedToReadOtherUsers: true,
      permissionGrantPoliciesAssigned: ['ManagePermissionGrantsForSelf.microsoft-user-default-low', 'ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-team'],
    },
  },
  'GET /v1.0/policies/deviceRegistrationPolicy': {
    '@odata.context': `${GRAPH}/$metadata#deviceRegistrationPolicy`,
    id: 'deviceRegistrationPolicy',
    displayName: 'Device Registration Policy',
    description: 'Tenant-wide policy that manages initial provisioning controls using quota restrictions, additional authentication and authorization checks',
    userDeviceQuota: 50,
    multiFactorAuthConfiguration: 'required',
    azureADRegistration: { isAdminConfigurable: false, allowedToRegister: { '@odata.type': '#microsoft.graph.allDeviceRegistrationMembership' } },
    azureADJoin: { isAdminConfigurable: true, allowedToJoin: { '@odata.type': '#microsoft.graph.allDeviceRegistrationMembership' }, localAdmins: { enableGlobalAdmins: true, registeringUsers: { '@odata.type': '#microsoft.graph.noDeviceRegistrationMembership' } } },
    localAdminPassword: { isEnabled: true },
  },
  'GET /v1.0/identity/conditionalAccess/policies': {
    '@odata.context': `${GRAPH}/$metadata#identity/conditionalAccess/policies`,
    value: [
      {
        id: '5c0a7b1e-2d3e-4f5a-8b9c-0d1e2f3a4b5c',
        templateId: null,
        displayName: 'Require MFA for all users',
        createdDateTime: '2024-02-01T09:00:00.1234567Z',
        modifiedDateTime: null,
        state: 'enabled',
        sessionControls: null,
        conditions: {
          userRiskLevels: [],
          signInRiskLevels: [],
          clientAppTypes: ['all'],
          servicePrincipalRiskLevels: [],
          insiderRiskLevels: null,
          platforms: null,
          locations: null,
          devices: null,
          clientApplications: null,
          authenticationFlows: null,
          applications: { includeApplications: ['All'], excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: [], applicationFilter: null },
          users: {
            includeUsers: ['All'],
            excludeUsers: ['3c8ef067-8b96-44de-b2ae-557dfa0f97a0'],
            includeGroups: [],
            excludeGroups: [],
            includeRoles: [],
            excludeRoles: [],
            includeGuestsOrExternalUsers: null,
            excludeGuestsOrExternalUsers: null,
          },
        },
        grantControls: { operator: 'OR', builtInControls: ['mfa'], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null },
      },
      {
        id: '6d1b8c2f-3e4f-4a6b-9cad-1e2f3a4b5c6d',
        templateId: null,
        displayName: 'Block device code flow',
        createdDateTime: '2024-05-01T09:00:00Z',
        modifiedDateTime: '2024-06-01T09:00:00Z',
        state: 'enabledForReportingButNotEnforced',
        sessionControls: {
          disableResilienceDefaults: null,
          applicationEnforcedRestrictions: null,
          cloudAppSecurity: null,
          persistentBrowser: { mode: 'never', isEnabled: true },
          signInFrequency: { value: null, type: null, authenticationType: 'primaryAndSecondaryAuthentication', frequencyInterval: 'everyTime', isEnabled: true },
        },
        conditions: {
          userRiskLevels: [],
          signInRiskLevels: [],
          clientAppTypes: ['all'],
          platforms: null,
          locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] },
          authenticationFlows: { transferMethods: 'deviceCodeFlow,authenticationTransfer' },
          applications: { includeApplications: ['All'], excludeApplications: [], includeUserActions: [] },
          users: { includeUsers: ['All'], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
        },
        grantControls: { operator: 'OR', builtInControls: ['block'], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null },
      },
    ],
  },
  'GET /v1.0/identity/conditionalAccess/namedLocations': {
    '@odata.context': `${GRAPH}/$metadata#identity/conditionalAccess/namedLocations`,
    value: [
      {
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        id: '0824dbaf-6277-4db0-8112-b29fd356f2c4',
        displayName: 'Head office',
        modifiedDateTime: '2024-01-20T18:13:20.5Z',
        createdDateTime: '2024-01-20T18:13:20.5Z',
        isTrusted: true,
        ipRanges: [
          { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '12.34.221.11/22' },
          { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:0:9d38:90d6:0:0:0:0/63' },
        ],
      },
      {
        '@odata.type': '#microsoft.graph.countryNamedLocation',
        id: '1c4427fd-0885-4a3d-8b23-09a899ffa959',
        displayName: 'Blocked countries',
        modifiedDateTime: '2024-01-20T18:14:31Z',
        createdDateTime: '2024-01-20T18:14:31Z',
        countriesAndRegions: ['KP', 'IR'],
        includeUnknownCountriesAndRegions: true,
        countryLookupMethod: 'clientIpAddress',
      },
    ],
  },
  'GET /v1.0/directoryRoles': {
    '@odata.context': `${GRAPH}/$metadata#directoryRoles`,
    value: [
      { id: GLOBAL_ADMIN_ROLE, deletedDateTime: null, description: 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.', displayName: 'Global Administrator', roleTemplateId: '62e90394-69f5-4237-9190-012177145e10' },
      { id: GUEST_INVITER_ROLE, deletedDateTime: null, description: 'Can invite guest users independent of the members can invite guests setting.', displayName: 'Guest Inviter', roleTemplateId: '95e79109-95c0-4d8e-aee3-d01accf2d47b' },
    ],
  },
  [`GET /v1.0/directoryRoles/${GLOBAL_ADMIN_ROLE}/members`]: {
    '@odata.context': `${GRAPH}/$metadata#directoryObjects`,
    value: [
      { '@odata.type': '#microsoft.graph.user', id: '86462606-fde0-4fc4-9e0c-a20eb73e54c6', businessPhones: [], displayName: 'Alex Wilber', givenName: 'Alex', jobTitle: null, mail: 'AlexW@contoso.com', mobilePhone: null, officeLocation: null, preferredLanguage: 'en-US', surname: 'Wilber', userPrincipalName: 'AlexW@contoso.com' },
      { '@odata.type': '#microsoft.graph.group', id: '45b7d2e7-b882-4a80-ba97-10b7a63b8fa4', displayName: 'Tier 0 admins', description: null, mail: null, securityEnabled: true },
    ],
  },
  [`GET /v1.0/directoryRoles/${GUEST_INVITER_ROLE}/members`]: { '@odata.context': `${GRAPH}/$metadata#directoryObjects`, value: [] },
  'GET /v1.0/applications': {
    '@odata.context': `${GRAPH}/$metadata#applications(id,appId,displayName,createdDateTime,signInAudience,passwordCredentials,keyCredentials)`,
    value: [
      {
        id: '03ef14b0-ca33-4840-8f4f-d6e91916010e',
        appId: '631a96bc-a705-4eda-9f99-fdaf9f54f6a2',
        displayName: 'Payroll sync',
        createdDateTime: '2023-04-11T09:29:54Z',
        signInAudience: 'AzureADMyOrg',
        keyCredentials: [
          { customKeyIdentifier: 'A0C6C0F1F6B1C3A8B5D7E1F0A9C2B4D6E8F0A1C3', displayName: 'CN=payroll-sync', endDateTime: '2026-04-11T09:19:51Z', key: null, keyId: 'e1b2c3d4-0000-4000-8000-000000000001', startDateTime: '2024-04-11T09:09:51Z', type: 'AsymmetricX509Cert', usage: 'Verify' },
        ],
        passwordCredentials: [
          { customKeyIdentifier: null, displayName: 'ci secret', endDateTime: '2025-10-11T09:29:54Z', hint: 'Y6~', keyId: 'f2c3d4e5-0000-4000-8000-000000000002', secretText: null, startDateTime: '2025-04-11T09:29:54Z' },
        ],
      },
    ],
  },
  'GET /v1.0/groupSettings': {
    '@odata.context': `${GRAPH}/$metadata#groupSettings`,
    value: [
      {
        id: 'f0b2d6f5-097d-4177-91af-a24e530b53cc',
        displayName: 'Group.Unified',
        templateId: '62375ab9-6b52-47ed-826b-58e47e0e304b',
        values: [
          { name: 'EnableMIPLabels', value: 'false' },
          { name: 'GroupCreationAllowedGroupId', value: '' },
          { name: 'AllowToAddGuests', value: 'true' },
          { name: 'EnableGroupCreation', value: 'false' },
        ],
      },
    ],
  },
  'GET /v1.0/reports/authenticationMethods/userRegistrationDetails': {
    '@odata.context': `${GRAPH}/$metadata#reports/authenticationMethods/userRegistrationDetails`,
    value: [
      {
        id: '86462606-fde0-4fc4-9e0c-a20eb73e54c6',
        userPrincipalName: 'AlexW@contoso.com',
        userDisplayName: 'Alex Wilber',
        isAdmin: true,
        isSsprRegistered: false,
        isSsprEnabled: false,
        isSsprCapable: false,
        isMfaRegistered: true,
        isMfaCapable: true,
        isPasswordlessCapable: false,
        lastUpdatedDateTime: '2026-03-13T19:15:41.6195833Z',
        methodsRegistered: ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'],
        isSystemPreferredAuthenticationMethodEnabled: true,
        systemPreferredAuthenticationMethods: ['push'],
        userPreferredMethodForSecondaryAuthentication: 'push',
        userType: 'member',
      },
    ],
  },
});

describe('entra collector', () => {
  it('reads the tenant through Graph v1.0, following user pages and each role’s members', async () => {
    const fake = fakeAzure(routes());
    const entra = await entraCollector.collect(fake.context({ subscriptionId: '' }));
    expect(fake.unmatched).toEqual([]);
    expect(fake.requests.every((request) => request.url.startsWith(`${GRAPH}/`))).toBe(true);

    expect(entra.users.value?.map((user) => [user.userPrincipalName, user.userType])).toEqual([
      ['AlexW@contoso.com', 'Member'],
      ['allan_fabrikam.com#EXT#@contoso.onmicrosoft.com', 'Guest'],
    ]);
    expect(entra.organization.value?.[0]).toMatchObject({ id: TEST_TENANT_ID, technicalNotificationMails: ['it-ops@contoso.com'], verifiedDomains: [{ name: 'contoso.com', isDefault: true }, { name: 'contoso.onmicrosoft.com', isInitial: true }] });
    expect(entra.securityDefaults).toEqual({ value: { id: '00000000-0000-0000-0000-000000000005', isEnabled: false } });
    expect(entra.authorizationPolicy.value).toMatchObject({
      allowInvitesFrom: 'adminsAndGuestInviters',
      guestUserRoleId: '2af84b1e-32c8-42b7-82bc-daa82404023b',
      defaultUserRolePermissions: { allowedToCreateApps: false, allowedToCreateSecurityGroups: false, allowedToCreateTenants: false, permissionGrantPoliciesAssigned: ['ManagePermissionGrantsForSelf.microsoft-user-default-low', 'ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-team'] },
    });
    expect(entra.deviceRegistrationPolicy.value).toEqual({ id: 'deviceRegistrationPolicy', multiFactorAuthConfiguration: 'required', userDeviceQuota: 50, localAdminPasswordEnabled: true });

    const [mfa, deviceCode] = entra.conditionalAccessPolicies.value ?? [];
    expect(mfa).toMatchObject({ displayName: 'Require MFA for all users', state: 'enabled', grantControls: { operator: 'OR', builtInControls: ['mfa'], authenticationStrength: null }, sessionControls: null });
    expect(mfa?.conditions).toMatchObject({ clientAppTypes: ['all'], locations: null, authenticationFlows: null, users: { includeUsers: ['All'], excludeUsers: ['3c8ef067-8b96-44de-b2ae-557dfa0f97a0'] }, applications: { includeApplications: ['All'] } });
    expect(deviceCode).toMatchObject({
      state: 'enabledForReportingButNotEnforced',
      conditions: { authenticationFlows: { transferMethods: 'deviceCodeFlow,authenticationTransfer' }, locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } },
      sessionControls: { signInFrequency: { isEnabled: true, frequencyInterval: 'everyTime' }, persistentBrowser: { isEnabled: true, mode: 'never' } },
    });

    expect(entra.namedLocations.value).toEqual([
      { type: 'ipNamedLocation', id: '0824dbaf-6277-4db0-8112-b29fd356f2c4', displayName: 'Head office', isTrusted: true, ipRanges: ['12.34.221.11/22', '2001:0:9d38:90d6:0:0:0:0/63'] },
      { type: 'countryNamedLocation', id: '1c4427fd-0885-4a3d-8b23-09a899ffa959', displayName: 'Blocked countries', countriesAndRegions: ['KP', 'IR'], includeUnknownCountriesAndRegions: true },
    ]);

    const [globalAdmin, guestInviter] = entra.directoryRoles.value ?? [];
    expect(globalAdmin).toMatchObject({ displayName: 'Global Administrator', roleTemplateId: '62e90394-69f5-4237-9190-012177145e10' });
    expect(globalAdmin?.members.value).toEqual([
      { id: '86462606-fde0-4fc4-9e0c-a20eb73e54c6', type: 'user', displayName: 'Alex Wilber', userPrincipalName: 'AlexW@contoso.com' },
      { id: '45b7d2e7-b882-4a80-ba97-10b7a63b8fa4', type: 'group', displayName: 'Tier 0 admins', userPrincipalName: null },
    ]);
    expect(guestInviter?.members).toEqual({ value: [] });

    expect(entra.applications.value?.[0]).toEqual({
      id: '03ef14b0-ca33-4840-8f4f-d6e91916010e',
      appId: '631a96bc-a705-4eda-9f99-fdaf9f54f6a2',
      displayName: 'Payroll sync',
      createdDateTime: '2023-04-11T09:29:54Z',
      signInAudience: 'AzureADMyOrg',
      passwordCredentials: [{ keyId: 'f2c3d4e5-0000-4000-8000-000000000002', displayName: 'ci secret', startDateTime: '2025-04-11T09:29:54Z', endDateTime: '2025-10-11T09:29:54Z' }],
      keyCredentials: [{ keyId: 'e1b2c3d4-0000-4000-8000-000000000001', displayName: 'CN=payroll-sync', startDateTime: '2024-04-11T09:09:51Z', endDateTime: '2026-04-11T09:19:51Z' }],
    });
    expect(entra.directorySettings.value?.[0]).toMatchObject({ displayName: 'Group.Unified', templateId: '62375ab9-6b52-47ed-826b-58e47e0e304b' });
    expect(entra.directorySettings.value?.[0]?.values).toContainEqual({ name: 'EnableGroupCreation', value: 'false' });
    expect(entra.userRegistrations.value).toEqual([
      { id: '86462606-fde0-4fc4-9e0c-a20eb73e54c6', userPrincipalName: 'AlexW@contoso.com', userDisplayName: 'Alex Wilber', userType: 'member', isAdmin: true, isMfaRegistered: true, isMfaCapable: true, methodsRegistered: ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'] },
    ]);
  });

  it('keeps a denied list and a tenant without a P1 licence as errors naming the Graph operation', async () => {
    const fake = fakeAzure({
      ...routes(),
      'GET /v1.0/identity/conditionalAccess/policies': graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
      'GET /v1.0/reports/authenticationMethods/userRegistrationDetails': graphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', "Neither tenant is B2C or tenant doesn't have premium license"),
    });
    const entra = await entraCollector.collect(fake.context());
    expect(entra.conditionalAccessPolicies.error).toMatchObject({ api: 'graph:identity.conditionalAccess.policies.list', code: 'Authorization_RequestDenied', httpStatus: 403 });
    expect(entra.userRegistrations.error).toMatchObject({ api: 'graph:reports.authenticationMethods.userRegistrationDetails.list', code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', httpStatus: 403 });
    // The other reads are unaffected.
    expect(entra.namedLocations.value).toHaveLength(2);
    expect(entra.users.value).toHaveLength(2);
  });

  it('reads a tenant that never customised a directory setting nor named a location as empty lists, not as errors', async () => {
    const fake = fakeAzure({
      ...routes(),
      'GET /v1.0/groupSettings': { '@odata.context': `${GRAPH}/$metadata#groupSettings`, value: [] },
      'GET /v1.0/identity/conditionalAccess/namedLocations': { '@odata.context': `${GRAPH}/$metadata#identity/conditionalAccess/namedLocations`, value: [] },
    });
    const entra = await entraCollector.collect(fake.context());
    expect(entra.directorySettings).toEqual({ value: [] });
    expect(entra.namedLocations).toEqual({ value: [] });
  });

  it('records a denied member list on that role only', async () => {
    const fake = fakeAzure({ ...routes(), [`GET /v1.0/directoryRoles/${GLOBAL_ADMIN_ROLE}/members`]: graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') });
    const entra = await entraCollector.collect(fake.context());
    const [globalAdmin, guestInviter] = entra.directoryRoles.value ?? [];
    expect(globalAdmin?.members.error).toMatchObject({
      api: 'graph:directoryRoles.members.list',
      code: 'Authorization_RequestDenied',
      resourceUid: `/tenants/${TEST_TENANT_ID}/directoryRoles/${GLOBAL_ADMIN_ROLE}`,
    });
    expect(guestInviter?.members).toEqual({ value: [] });
  });

  it('reports the role list itself as the error when roles cannot be listed', async () => {
    const fake = fakeAzure({ ...routes(), 'GET /v1.0/directoryRoles': graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') });
    const entra = await entraCollector.collect(fake.context());
    expect(entra.directoryRoles.error).toMatchObject({ api: 'graph:directoryRoles.list', code: 'Authorization_RequestDenied' });
    expect(fake.requests.some((request) => request.url.includes('/members'))).toBe(false);
  });

  it('turns an empty answer for a singleton policy into an error rather than a default', async () => {
    const fake = fakeAzure({ ...routes(), 'GET /v1.0/policies/authorizationPolicy': undefined });
    const entra = await entraCollector.collect(fake.context());
    expect(entra.authorizationPolicy.error).toMatchObject({ api: 'graph:policies.authorizationPolicy.get', code: 'InvalidResponse' });
  });

  it('pages through the collection Graph pages', async () => {
    // `page` builds the bare shape; Graph's own next link carries the query of the first request.
    const fake = fakeAzure({
      ...routes(),
      'GET /v1.0/applications': page([{ id: 'a1', appId: 'b1', displayName: 'First', passwordCredentials: [], keyCredentials: [] }], `${GRAPH}/applications?$skiptoken=X2`, true),
      'GET /v1.0/applications?$skiptoken=X2': page([{ id: 'a2', appId: 'b2', displayName: 'Second', passwordCredentials: [], keyCredentials: [] }], undefined, true),
    });
    const entra = await entraCollector.collect(fake.context());
    expect(entra.applications.value?.map((application) => application.displayName)).toEqual(['First', 'Second']);
    expect(fake.unmatched).toEqual([]);
  });
});
