import { defineCheck, fail, pass } from '@palisade/core';
import { SITE_TYPE, eachSiteDetail, siteLabel } from '../lib/appservice-sites.ts';

export default defineCheck({
  id: 'azure/appservice-http2-enabled',
  provider: 'azure',
  service: 'appservice',
  requires: ['appservice'],
  resourceType: SITE_TYPE,
  severity: 'low',
  title: 'App Service apps accept HTTP/2',
  description: 'Checks that each web app and function app has HTTP/2 turned on (`http20Enabled`). Browsers use HTTP/2 only over TLS, so this goes with HTTPS Only.',
  risk: 'HTTP/1.1-only apps miss the protocol\'s fixes for head-of-line blocking and header handling and keep clients on the older protocol; the benchmark asks for the current version.',
  remediation: {
    summary: 'Turn on HTTP/2 for the app.',
    cli: 'az webapp config set --resource-group <resource-group> --name <app> --http20-enabled true',
    terraform: 'resource "azurerm_linux_web_app" "this" {\n  # ...\n  site_config {\n    http2_enabled = true\n  }\n}',
    console: 'App Services → select the app → Settings → Configuration → General settings → HTTP version: 2.0 → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/app-service/configure-common#configure-general-settings'],
  categories: ['network'],
  evaluate: (scope) =>
    eachSiteDetail(scope, (site) => site.config, (site, config, target) =>
      config.http20Enabled === true ? pass(target, `${siteLabel(site)} accepts HTTP/2.`) : fail(target, `${siteLabel(site)} serves HTTP/1.1 only: HTTP/2 is off.`),
    ),
});
