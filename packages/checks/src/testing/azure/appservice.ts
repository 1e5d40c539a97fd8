import type { AppServiceSite, AppServiceSiteConfig } from '@palisade/core/azure';
import { TEST_LOCATION, armId, ok } from './scope.ts';

export const APP_SERVICE_TEST_WORKSPACE_ID = armId('Microsoft.OperationalInsights/workspaces', 'contoso-logs', 'rg-monitor');

/** A hardened site configuration: TLS 1.2, FTP off, HTTP/2 on, no remote debugging, a .NET stack. */
export function appServiceSiteConfig(overrides: Partial<AppServiceSiteConfig> = {}): AppServiceSiteConfig {
  return {
    minTlsVersion: '1.2',
    scmMinTlsVersion: '1.2',
    ftpsState: 'Disabled',
    http20Enabled: true,
    remoteDebuggingEnabled: false,
    linuxFxVersion: 'DOTNETCORE|8.0',
    phpVersion: '',
    pythonVersion: '',
    netFrameworkVersion: 'v4.0',
    ...overrides,
  };
}

/**
 * A well-kept Linux web app (`Microsoft.Web/sites`) named `name`: HTTPS only, client certificates
 * required, a system-assigned identity, Entra authentication, basic publishing credentials off and
 * HTTP logs sent to a workspace. `config` overrides merge into `appServiceSiteConfig()`.
 */
export function appServiceSite(overrides: Partial<Omit<AppServiceSite, 'config'>> & { name: string; config?: AppServiceSite['config']; siteConfig?: Partial<AppServiceSiteConfig> }): AppServiceSite {
  const { siteConfig, ...rest } = overrides;
  const id = armId('Microsoft.Web/sites', overrides.name);
  return {
    id,
    location: TEST_LOCATION,
    tags: {},
    kind: 'app,linux',
    state: 'Running',
    httpsOnly: true,
    clientCertEnabled: true,
    clientCertMode: 'Required',
    identity: { type: 'SystemAssigned', principalId: '3f6e8a3c-9f1d-4a55-8a3e-2f1c6b2d9e10', userAssignedIdentityIds: [] },
    config: ok(appServiceSiteConfig(siteConfig)),
    authSettings: ok({ platform: { enabled: true, runtimeVersion: '~1' }, globalValidation: { requireAuthentication: true, unauthenticatedClientAction: 'RedirectToLoginPage' }, enabledIdentityProviders: ['azureActiveDirectory'] }),
    publishingCredentialsPolicies: ok([
      { name: 'ftp', allow: false },
      { name: 'scm', allow: false },
    ]),
    diagnosticSettings: ok([{ id: `${id}/providers/microsoft.insights/diagnosticSettings/to-workspace`, name: 'to-workspace', workspaceId: APP_SERVICE_TEST_WORKSPACE_ID, logs: [{ category: 'AppServiceHTTPLogs', enabled: true }] }]),
    ...rest,
  };
}
