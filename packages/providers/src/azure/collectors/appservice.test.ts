import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, armError, fakeAzure, page } from '../testing.ts';
import { appserviceCollector } from './appservice.ts';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION_ID}`;
const SITES = `${SUB}/providers/Microsoft.Web/sites`;
const PORTAL = `${SUB}/resourceGroups/rg-web/providers/Microsoft.Web/sites/contoso-portal`;
const ORDERS = `${SUB}/resourceGroups/rg-web/providers/Microsoft.Web/sites/contoso-orders-func`;
const LEGACY = `${SUB}/resourceGroups/rg-legacy/providers/Microsoft.Web/sites/contoso-legacy`;
const WORKSPACE = `${SUB}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/contoso-logs`;
const IDENTITY = `${SUB}/resourcegroups/rg-web/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders-identity`;

// Sites as `GET /subscriptions/{id}/providers/Microsoft.Web/sites?api-version=2023-12-01` lists them (trimmed):
// `siteConfig` in the list carries mostly nulls, which is why the collector reads `config/web`.
function site(id: string, name: string, overrides: { kind: string; location: string; properties?: Record<string, unknown>; identity?: unknown; tags?: Record<string, string> }): unknown {
  return {
    id,
    name,
    type: 'Microsoft.Web/sites',
    kind: overrides.kind,
    location: overrides.location,
    tags: overrides.tags ?? {},
    ...(overrides.identity ? { identity: overrides.identity } : {}),
    properties: {
      name,
      state: 'Running',
      hostNames: [`${name}.azurewebsites.net`],
      enabled: true,
      serverFarmId: `${SUB}/resourceGroups/rg-web/providers/Microsoft.Web/serverfarms/plan-web`,
      reserved: overrides.kind.includes('linux'),
      siteConfig: { numberOfWorkers: 1, linuxFxVersion: '', minTlsVersion: null, ftpsState: null, http20Enabled: false },
      clientAffinityEnabled: false,
      clientCertEnabled: false,
      clientCertMode: 'Required',
      hostNamesDisabled: false,
      defaultHostName: `${name}.azurewebsites.net`,
      httpsOnly: false,
      redundancyMode: 'None',
      publicNetworkAccess: null,
      keyVaultReferenceIdentity: 'SystemAssigned',
      ...overrides.properties,
    },
  };
}

/** `GET <site>/config/web`, shaped like the Web Apps - Get Configuration answer (trimmed). */
function siteConfig(id: string, properties: Record<string, unknown>): unknown {
  return {
    id: `${id}/config/web`,
    name: id.split('/').pop(),
    type: 'Microsoft.Web/sites/config',
    location: 'East US',
    properties: {
      numberOfWorkers: 1,
      defaultDocuments: ['Default.htm', 'index.html', 'hostingstart.html'],
      netFrameworkVersion: 'v4.0',
      phpVersion: '',
      pythonVersion: '',
      nodeVersion: '',
      powerShellVersion: '',
      linuxFxVersion: '',
      windowsFxVersion: null,
      requestTracingEnabled: false,
      remoteDebuggingEnabled: false,
      remoteDebuggingVersion: null,
      httpLoggingEnabled: false,
      detailedErrorLoggingEnabled: false,
      use32BitWorkerProcess: true,
      webSocketsEnabled: false,
      alwaysOn: false,
      javaVersion: null,
      javaContainer: null,
      javaContainerVersion: null,
      managedPipelineMode: 'Integrated',
      loadBalancing: 'LeastRequests',
      http20Enabled: false,
      minTlsVersion: '1.2',
      minTlsCipherSuite: null,
      scmMinTlsVersion: '1.2',
      ftpsState: 'AllAllowed',
      ipSecurityRestrictions: [{ ipAddress: 'Any', action: 'Allow', priority: 2147483647, name: 'Allow all', description: 'Allow all access' }],
      ...properties,
    },
  };
}

/** `GET <site>/config/authsettingsV2` (the answer without secrets). */
function authSettings(id: string, properties: Record<string, unknown>): unknown {
  return { id: `${id}/config/authsettingsV2`, name: 'authsettingsV2', type: 'Microsoft.Web/sites/config', location: 'East US', tags: {}, properties };
}

/** `GET <site>/basicPublishingCredentialsPolicies`, shaped like ListPublishingCredentialsPolicies. */
function publishingPolicies(id: string, ftp: boolean, scm: boolean): unknown {
  return page([
    { id: `${id}/basicPublishingCredentialsPolicies/ftp`, name: 'ftp', type: 'Microsoft.Web/sites/basicPublishingCredentialsPolicies', properties: { allow: ftp } },
    { id: `${id}/basicPublishingCredentialsPolicies/scm`, name: 'scm', type: 'Microsoft.Web/sites/basicPublishingCredentialsPolicies', properties: { allow: scm } },
  ]);
}

const routes = (): Record<string, unknown> => ({
  [`GET ${SITES}`]: page(
    [
      site(PORTAL, 'contoso-portal', {
        kind: 'app,linux',
        location: 'East US',
        tags: { env: 'prod' },
        identity: { type: 'SystemAssigned', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', principalId: '3f6e8a3c-9f1d-4a55-8a3e-2f1c6b2d9e10' },
        properties: { httpsOnly: true, clientCertEnabled: true, clientCertMode: 'Required', publicNetworkAccess: 'Enabled' },
      }),
    ],
    `https://management.azure.com${SITES}?api-version=2023-12-01&$skipToken=c2l0ZXM6Mg%3D%3D`,
  ),
  [`GET ${SITES}?$skipToken=c2l0ZXM6Mg==`]: page([
    site(ORDERS, 'contoso-orders-func', {
      kind: 'functionapp,linux',
      location: 'West Europe',
      identity: { type: 'UserAssigned', userAssignedIdentities: { [IDENTITY]: { principalId: 'a1b2c3d4-0000-4000-8000-000000000001', clientId: 'a1b2c3d4-0000-4000-8000-000000000002' } } },
    }),
    site(LEGACY, 'contoso-legacy', { kind: 'app', location: 'Japan East' }),
  ]),
  [`GET ${PORTAL}/config/web`]: siteConfig(PORTAL, { linuxFxVersion: 'PYTHON|3.12', http20Enabled: true, ftpsState: 'Disabled', minTlsVersion: '1.3' }),
  [`GET ${PORTAL}/config/authsettingsV2`]: authSettings(PORTAL, {
    platform: { enabled: true, runtimeVersion: '~1' },
    globalValidation: { requireAuthentication: true, unauthenticatedClientAction: 'RedirectToLoginPage', redirectToProvider: 'azureactivedirectory' },
    identityProviders: {
      azureActiveDirectory: { enabled: true, registration: { openIdIssuer: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0', clientId: '9e6b1c3a-2f4d-4b8e-8c1a-5d7e9f0a1b2c', clientSecretSettingName: 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET' } },
      facebook: { enabled: false },
    },
    login: { tokenStore: { enabled: true } },
    httpSettings: { requireHttps: true },
  }),
  [`GET ${PORTAL}/basicPublishingCredentialsPolicies`]: publishingPolicies(PORTAL, false, false),
  [`GET ${PORTAL}/providers/Microsoft.Insights/diagnosticSettings`]: page([
    {
      id: `${PORTAL}/providers/microsoft.insights/diagnosticSettings/to-workspace`,
      type: 'Microsoft.Insights/diagnosticSettings',
      name: 'to-workspace',
      location: null,
      kind: null,
      tags: null,
      properties: {
        storageAccountId: null,
        serviceBusRuleId: null,
        workspaceId: WORKSPACE,
        eventHubAuthorizationRuleId: null,
        eventHubName: null,
        metrics: [{ category: 'AllMetrics', enabled: false, retentionPolicy: { enabled: false, days: 0 } }],
        logs: [
          { category: 'AppServiceHTTPLogs', categoryGroup: null, enabled: true, retentionPolicy: { enabled: false, days: 0 } },
          { category: 'AppServiceConsoleLogs', categoryGroup: null, enabled: false, retentionPolicy: { enabled: false, days: 0 } },
        ],
        logAnalyticsDestinationType: null,
      },
      identity: null,
    },
  ]),
  [`GET ${ORDERS}/config/web`]: siteConfig(ORDERS, { linuxFxVersion: 'Python|3.9', ftpsState: 'FtpsOnly', remoteDebuggingEnabled: true, remoteDebuggingVersion: 'VS2022' }),
  [`GET ${ORDERS}/config/authsettingsV2`]: armError(404, 'NotFound', 'Cannot find authsettingsV2 for site contoso-orders-func.'),
  [`GET ${ORDERS}/basicPublishingCredentialsPolicies`]: armError(404, 'NotFound', 'Cannot find basicPublishingCredentialsPolicies for site contoso-orders-func.'),
  [`GET ${ORDERS}/providers/Microsoft.Insights/diagnosticSettings`]: page([]),
  [`GET ${LEGACY}/config/web`]: siteConfig(LEGACY, { phpVersion: '7.4', minTlsVersion: '1.0', scmMinTlsVersion: '1.0', javaVersion: '1.8', javaContainer: 'TOMCAT', javaContainerVersion: '9.0' }),
  [`GET ${LEGACY}/config/authsettingsV2`]: authSettings(LEGACY, {
    platform: { enabled: false },
    globalValidation: { requireAuthentication: false, unauthenticatedClientAction: 'AllowAnonymous' },
    identityProviders: { azureActiveDirectory: { enabled: false }, apple: null },
  }),
  [`GET ${LEGACY}/basicPublishingCredentialsPolicies`]: publishingPolicies(LEGACY, true, true),
  [`GET ${LEGACY}/providers/Microsoft.Insights/diagnosticSettings`]: page([]),
});

describe('appservice collector', () => {
  it('maps sites across pages with their configuration, authentication, publishing policies and diagnostic settings', async () => {
    const fake = fakeAzure(routes());
    const { sites } = await appserviceCollector.collect(fake.context());
    expect(fake.unmatched).toEqual([]);
    expect(sites.value?.map((item) => item.name)).toEqual(['contoso-portal', 'contoso-orders-func', 'contoso-legacy']);
    const [portal, orders, legacy] = sites.value!;
    expect(portal).toMatchObject({
      id: PORTAL,
      kind: 'app,linux',
      location: 'East US',
      tags: { env: 'prod' },
      httpsOnly: true,
      clientCertEnabled: true,
      clientCertMode: 'Required',
      publicNetworkAccess: 'Enabled',
      identity: { type: 'SystemAssigned', principalId: '3f6e8a3c-9f1d-4a55-8a3e-2f1c6b2d9e10', userAssignedIdentityIds: [] },
      authSettings: { value: { platform: { enabled: true, runtimeVersion: '~1' }, globalValidation: { requireAuthentication: true, unauthenticatedClientAction: 'RedirectToLoginPage' }, enabledIdentityProviders: ['azureActiveDirectory'] } },
      publishingCredentialsPolicies: { value: [{ name: 'ftp', allow: false }, { name: 'scm', allow: false }] },
      diagnosticSettings: { value: [{ name: 'to-workspace', workspaceId: WORKSPACE, logs: [{ category: 'AppServiceHTTPLogs', enabled: true }, { category: 'AppServiceConsoleLogs', enabled: false }] }] },
    });
    expect(portal!.config.value).toEqual({
      minTlsVersion: '1.3',
      scmMinTlsVersion: '1.2',
      ftpsState: 'Disabled',
      http20Enabled: true,
      remoteDebuggingEnabled: false,
      linuxFxVersion: 'PYTHON|3.12',
      phpVersion: '',
      pythonVersion: '',
      netFrameworkVersion: 'v4.0',
    });
    expect(orders).toMatchObject({ httpsOnly: false, identity: { type: 'UserAssigned', userAssignedIdentityIds: [IDENTITY] }, config: { value: { linuxFxVersion: 'Python|3.9', remoteDebuggingEnabled: true, ftpsState: 'FtpsOnly' } } });
    expect(legacy).toMatchObject({ identity: null, config: { value: { phpVersion: '7.4', minTlsVersion: '1.0', javaVersion: '1.8', javaContainer: 'TOMCAT' } } });
    expect(legacy!.authSettings.value).toEqual({ platform: { enabled: false }, globalValidation: { requireAuthentication: false, unauthenticatedClientAction: 'AllowAnonymous' }, enabledIdentityProviders: [] });
    expect(legacy!.publishingCredentialsPolicies.value).toEqual([{ name: 'ftp', allow: true }, { name: 'scm', allow: true }]);
  });

  it('reads "not configured" answers as null settings and an empty policy list', async () => {
    const fake = fakeAzure(routes());
    const { sites } = await appserviceCollector.collect(fake.context());
    const orders = sites.value!.find((item) => item.name === 'contoso-orders-func')!;
    expect(orders.authSettings).toEqual({ value: null });
    expect(orders.publishingCredentialsPolicies).toEqual({ value: [] });
    expect(orders.diagnosticSettings).toEqual({ value: [] });
  });

  it('keeps a denied site listing as an error', async () => {
    const message = `The client 'auditor@contoso.com' with object id '0c2d4f6a-1b3c-4d5e-8f90-123456789abc' does not have authorization to perform action 'Microsoft.Web/sites/read' over scope '${SUB}' or the scope is invalid.`;
    const fake = fakeAzure({ [`GET ${SITES}`]: armError(403, 'AuthorizationFailed', message) });
    const data = await appserviceCollector.collect(fake.context());
    expect(data).toEqual({ sites: { error: { api: 'Microsoft.Web/sites/read', code: 'AuthorizationFailed', message, httpStatus: 403 } } });
  });

  it('keeps a denied detail read as an error on that site only', async () => {
    const fake = fakeAzure({ ...routes(), [`GET ${LEGACY}/config/web`]: armError(403, 'AuthorizationFailed') });
    const { sites } = await appserviceCollector.collect(fake.context());
    const legacy = sites.value!.find((item) => item.name === 'contoso-legacy')!;
    expect(legacy.config.error).toMatchObject({ api: 'Microsoft.Web/sites/config/read', code: 'AuthorizationFailed', httpStatus: 403, resourceUid: LEGACY });
    expect(legacy.authSettings.value).toBeDefined();
    expect(sites.value!.filter((item) => item.config.error)).toHaveLength(1);
  });

  it('reads details only for sites in the scanned locations', async () => {
    const fake = fakeAzure(routes());
    const { sites } = await appserviceCollector.collect(fake.context({ locations: new Set(['eastus']) }));
    expect(sites.value?.map((item) => item.name)).toEqual(['contoso-portal']);
    expect(fake.requests.some((request) => request.url.includes('contoso-legacy'))).toBe(false);
  });
});
