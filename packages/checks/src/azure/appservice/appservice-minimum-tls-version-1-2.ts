import { defineCheck, fail, pass } from '@palisade/core';
import { SITE_TYPE, eachSiteDetail, siteLabel, tlsAtLeast } from '../lib/appservice-sites.ts';

export default defineCheck({
  id: 'azure/appservice-minimum-tls-version-1-2',
  provider: 'azure',
  service: 'appservice',
  requires: ['appservice'],
  resourceType: SITE_TYPE,
  severity: 'medium',
  title: 'App Service apps require TLS 1.2 or later',
  description: 'Checks that the minimum inbound TLS version (`minTlsVersion`) of each web app and function app is 1.2 or 1.3.',
  risk: 'TLS 1.0 and 1.1 have known weaknesses and are no longer accepted by current compliance standards; clients negotiating them get weaker protection of the traffic.',
  remediation: {
    summary: 'Set the minimum inbound TLS version to 1.2 (or 1.3).',
    cli: 'az webapp config set --resource-group <resource-group> --name <app> --min-tls-version 1.2',
    terraform: 'resource "azurerm_linux_web_app" "this" {\n  # ...\n  site_config {\n    minimum_tls_version = "1.2"\n  }\n}',
    console: 'App Services → select the app → Settings → Configuration → General settings → Minimum inbound TLS Version: 1.2 → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/app-service/configure-ssl-bindings#enforce-tls-versions', 'https://learn.microsoft.com/en-us/azure/app-service/overview-tls'],
  categories: ['encryption'],
  evaluate: (scope) =>
    eachSiteDetail(scope, (site) => site.config, (site, config, target) =>
      tlsAtLeast(config.minTlsVersion, '1.2')
        ? pass(target, `${siteLabel(site)} requires TLS ${config.minTlsVersion} or later.`)
        : fail(target, `${siteLabel(site)} accepts TLS ${config.minTlsVersion ?? '(minimum not set)'}, below 1.2.`),
    ),
});
