import { defineCheck, fail, pass } from '@palisade/core';
import { SITE_TYPE, eachSiteDetail, siteLabel } from '../lib/appservice-sites.ts';

export default defineCheck({
  id: 'azure/appservice-authentication-enabled',
  provider: 'azure',
  service: 'appservice',
  requires: ['appservice'],
  resourceType: SITE_TYPE,
  severity: 'medium',
  title: 'App Service apps have App Service authentication turned on',
  description:
    'Checks that each web app and function app has App Service authentication (Easy Auth) enabled, read from the authentication settings (`authsettingsV2`, `platform.enabled`). The message names the enabled identity providers and what happens to unauthenticated requests. Apps that authenticate users in their own code and have no use for the platform feature fail and can be muted.',
  risk:
    'Without the platform authentication layer every request reaches the application code anonymously, so any gap in the code\'s own checks exposes its data and functions to the internet.',
  remediation: {
    summary: 'Turn on App Service authentication with an identity provider (Microsoft Entra ID preferred) and choose how unauthenticated requests are handled.',
    cli: 'az webapp auth update --resource-group <resource-group> --name <app> --enabled true --unauthenticated-client-action RedirectToLoginPage --redirect-provider azureactivedirectory\naz webapp auth microsoft update --resource-group <resource-group> --name <app> --client-id <app-registration-id> --issuer https://login.microsoftonline.com/<tenant-id>/v2.0',
    terraform:
      'resource "azurerm_linux_web_app" "this" {\n  # ...\n  auth_settings_v2 {\n    auth_enabled           = true\n    require_authentication = true\n    unauthenticated_action = "RedirectToLoginPage"\n    default_provider       = "azureactivedirectory"\n    active_directory_v2 {\n      client_id            = azuread_application.app.client_id\n      tenant_auth_endpoint = "https://login.microsoftonline.com/<tenant-id>/v2.0"\n    }\n    login {\n      token_store_enabled = true\n    }\n  }\n}',
    console: 'App Services → select the app → Settings → Authentication → Add identity provider → Microsoft → configure the app registration and "Restrict access: Require authentication" → Add.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/app-service/overview-authentication-authorization', 'https://learn.microsoft.com/en-us/azure/app-service/configure-authentication-provider-aad'],
  categories: ['identity-and-access'],
  evaluate: (scope) =>
    eachSiteDetail(scope, (site) => site.authSettings, (site, settings, target) => {
      if (settings === null || !settings.platform.enabled) return fail(target, `${siteLabel(site)} has App Service authentication turned off.`);
      const providers = settings.enabledIdentityProviders.length ? settings.enabledIdentityProviders.join(', ') : 'no identity provider';
      const action = settings.globalValidation?.unauthenticatedClientAction;
      return pass(target, `${siteLabel(site)} has App Service authentication on (${providers}${action ? `; unauthenticated requests: ${action}` : ''}).`);
    }),
});
