/**
 * Demo App Service: production runs a customer portal (Linux, .NET) and an orders function app
 * (Python) behind Entra authentication with TLS 1.2+, FTP off, basic publishing credentials off,
 * managed identities and HTTP logs in Log Analytics; development has a legacy Windows PHP site and
 * a Java API with plain HTTP, FTP, TLS 1.0, remote debugging, old runtimes and no identity.
 */
import type { Fetched } from '@palisade/core';
import type { AppServiceData, AppServiceSite, AppServiceSiteConfig } from '@palisade/core/azure';
import type { DemoSubscription } from './types.ts';

const ok = <T>(value: T): Fetched<T> => ({ value });

interface SiteSpec {
  readonly name: string;
  readonly group: string;
  readonly location: string;
  readonly kind: string;
  readonly config: AppServiceSiteConfig;
  readonly hardened: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

function site(subscription: DemoSubscription, spec: SiteSpec): AppServiceSite {
  const id = `/subscriptions/${subscription.subscriptionId}/resourceGroups/${spec.group}/providers/Microsoft.Web/sites/${spec.name}`;
  const workspace = `/subscriptions/${subscription.subscriptionId}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law-${subscription.index === 0 ? 'prod' : 'dev'}`;
  const { hardened } = spec;
  return {
    id,
    name: spec.name,
    location: spec.location,
    tags: spec.tags,
    kind: spec.kind,
    state: 'Running',
    httpsOnly: hardened,
    clientCertEnabled: hardened && spec.kind.startsWith('functionapp'),
    clientCertMode: hardened ? 'Required' : 'Optional',
    publicNetworkAccess: 'Enabled',
    identity: hardened ? { type: 'SystemAssigned', principalId: `${subscription.index}f6e8a3c-9f1d-4a55-8a3e-${spec.name.length.toString().padStart(12, '0')}`, userAssignedIdentityIds: [] } : null,
    config: ok(spec.config),
    authSettings: ok(
      hardened
        ? { platform: { enabled: true, runtimeVersion: '~1' }, globalValidation: { requireAuthentication: true, unauthenticatedClientAction: 'RedirectToLoginPage' }, enabledIdentityProviders: ['azureActiveDirectory'] }
        : { platform: { enabled: false }, globalValidation: { requireAuthentication: false, unauthenticatedClientAction: 'AllowAnonymous' }, enabledIdentityProviders: [] },
    ),
    publishingCredentialsPolicies: ok([
      { name: 'ftp', allow: !hardened },
      { name: 'scm', allow: !hardened },
    ]),
    diagnosticSettings: ok(hardened ? [{ id: `${id}/providers/microsoft.insights/diagnosticSettings/to-law`, name: 'to-law', workspaceId: workspace, logs: [{ category: 'AppServiceHTTPLogs', enabled: true }, { category: 'AppServiceAuditLogs', enabled: true }] }] : []),
  };
}

const HARDENED_CONFIG: AppServiceSiteConfig = { minTlsVersion: '1.2', scmMinTlsVersion: '1.2', ftpsState: 'Disabled', http20Enabled: true, remoteDebuggingEnabled: false, phpVersion: '', pythonVersion: '', netFrameworkVersion: 'v4.0' };

export function demoAppService(subscription: DemoSubscription): AppServiceData {
  const [first = 'eastus', second = 'westeurope'] = subscription.locations;
  const specs: SiteSpec[] =
    subscription.index === 0
      ? [
          { name: 'contoso-portal', group: 'rg-web', location: first, kind: 'app,linux', hardened: true, tags: { env: 'prod', app: 'portal' }, config: { ...HARDENED_CONFIG, linuxFxVersion: 'DOTNETCORE|8.0', minTlsVersion: '1.3' } },
          { name: 'contoso-orders-func', group: 'rg-web', location: second, kind: 'functionapp,linux', hardened: true, tags: { env: 'prod', app: 'orders' }, config: { ...HARDENED_CONFIG, linuxFxVersion: 'Python|3.12' } },
          // One deliberate gap: the catalog accepts HTTP/1.1 only.
          { name: 'contoso-catalog', group: 'rg-web', location: second, kind: 'app,linux', hardened: true, tags: { env: 'prod', app: 'catalog' }, config: { ...HARDENED_CONFIG, linuxFxVersion: 'PHP|8.3', http20Enabled: false } },
        ]
      : [
          {
            name: 'contoso-legacy-dev',
            group: 'rg-dev',
            location: first,
            kind: 'app',
            hardened: false,
            tags: { env: 'dev' },
            config: { minTlsVersion: '1.0', scmMinTlsVersion: '1.0', ftpsState: 'AllAllowed', http20Enabled: false, remoteDebuggingEnabled: true, linuxFxVersion: '', phpVersion: '7.4', pythonVersion: '', netFrameworkVersion: 'v4.0' },
          },
          {
            name: 'contoso-api-dev',
            group: 'rg-dev',
            location: second,
            kind: 'app,linux',
            hardened: false,
            tags: { env: 'dev' },
            config: { minTlsVersion: '1.2', scmMinTlsVersion: '1.1', ftpsState: 'FtpsOnly', http20Enabled: false, remoteDebuggingEnabled: false, linuxFxVersion: 'TOMCAT|9.0-java11', phpVersion: '', pythonVersion: '' },
          },
          {
            name: 'contoso-jobs-dev',
            group: 'rg-dev',
            location: second,
            kind: 'functionapp,linux',
            hardened: false,
            tags: { env: 'dev' },
            config: { minTlsVersion: '1.2', scmMinTlsVersion: '1.2', ftpsState: 'AllAllowed', http20Enabled: true, remoteDebuggingEnabled: false, linuxFxVersion: 'Python|3.8', phpVersion: '', pythonVersion: '' },
          },
        ];
  return { sites: ok(specs.map((spec) => site(subscription, spec))) };
}
