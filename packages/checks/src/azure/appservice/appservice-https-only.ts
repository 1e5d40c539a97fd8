import { defineCheck, fail, pass } from '@palisade/core';
import { SITE_TYPE, eachSite, siteLabel } from '../lib/appservice-sites.ts';

export default defineCheck({
  id: 'azure/appservice-https-only',
  provider: 'azure',
  service: 'appservice',
  requires: ['appservice'],
  resourceType: SITE_TYPE,
  severity: 'medium',
  title: 'App Service apps accept HTTPS only',
  description:
    'Checks that each web app and function app has HTTPS Only turned on, so App Service answers plain HTTP requests with a redirect to HTTPS instead of serving them.',
  risk:
    'An app that serves plain HTTP lets anyone on the network path read and alter requests and responses, including session cookies and credentials sent before the user reaches an HTTPS page.',
  remediation: {
    summary: 'Turn on HTTPS Only for the app.',
    cli: 'az webapp update --resource-group <resource-group> --name <app> --https-only true\n# function apps: az functionapp update --resource-group <resource-group> --name <app> --set httpsOnly=true',
    terraform: 'resource "azurerm_linux_web_app" "this" {\n  # ...\n  https_only = true\n}',
    console: 'App Services → select the app → Settings → Configuration → General settings → set HTTPS Only to On → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/app-service/configure-ssl-bindings#enforce-https', 'https://learn.microsoft.com/en-us/azure/app-service/overview-security'],
  categories: ['encryption', 'network'],
  evaluate: (scope) =>
    eachSite(scope, (site, target) =>
      site.httpsOnly ? pass(target, `${siteLabel(site)} redirects HTTP requests to HTTPS.`) : fail(target, `${siteLabel(site)} serves plain HTTP: HTTPS Only is off.`),
    ),
});
