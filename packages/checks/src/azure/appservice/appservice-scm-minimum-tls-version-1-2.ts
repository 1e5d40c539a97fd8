import { defineCheck, fail, pass } from '@palisade/core';
import { SITE_TYPE, eachSiteDetail, siteLabel, tlsAtLeast } from '../lib/appservice-sites.ts';

export default defineCheck({
  id: 'azure/appservice-scm-minimum-tls-version-1-2',
  provider: 'azure',
  service: 'appservice',
  requires: ['appservice'],
  resourceType: SITE_TYPE,
  severity: 'medium',
  title: 'App Service deployment (SCM) sites require TLS 1.2 or later',
  description:
    'Checks that the minimum TLS version of the advanced tools and deployment site (`scmMinTlsVersion`, the Kudu endpoint at `<app>.scm.azurewebsites.net`) of each web app and function app is 1.2 or 1.3. It is set apart from the app\'s own minimum and is often forgotten.',
  risk: 'The SCM site accepts deployments and exposes the file system and process tools; reaching it over TLS 1.0 or 1.1 weakens the protection of deployment credentials and code.',
  remediation: {
    summary: 'Set the minimum TLS version of the SCM site to 1.2 (or 1.3).',
    cli: 'az resource update --ids <app-resource-id>/config/web --set properties.scmMinTlsVersion=1.2',
    terraform: 'resource "azurerm_linux_web_app" "this" {\n  # ...\n  site_config {\n    scm_minimum_tls_version = "1.2"\n  }\n}',
    console: 'App Services → select the app → Settings → Configuration → General settings → SCM Minimum Inbound TLS Version: 1.2 → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/app-service/overview-tls', 'https://learn.microsoft.com/en-us/azure/app-service/resources-kudu'],
  categories: ['encryption'],
  evaluate: (scope) =>
    eachSiteDetail(scope, (site) => site.config, (site, config, target) =>
      tlsAtLeast(config.scmMinTlsVersion, '1.2')
        ? pass(target, `${siteLabel(site)}'s SCM site requires TLS ${config.scmMinTlsVersion} or later.`)
        : fail(target, `${siteLabel(site)}'s SCM site accepts TLS ${config.scmMinTlsVersion ?? '(minimum not set)'}, below 1.2.`),
    ),
});
