import { defineCheck, fail, pass } from '@palisade/core';
import { SITE_TYPE, eachSiteDetail, siteLabel } from '../lib/appservice-sites.ts';

export default defineCheck({
  id: 'azure/appservice-ftp-disabled-or-ftps-only',
  provider: 'azure',
  service: 'appservice',
  requires: ['appservice'],
  resourceType: SITE_TYPE,
  severity: 'medium',
  title: 'App Service apps do not accept plain FTP deployments',
  description:
    'Checks that the FTP state of each web app and function app is `Disabled` or `FtpsOnly`. `AllAllowed` (the default for apps created without the setting) accepts both FTP and FTPS.',
  risk:
    'Plain FTP sends the deployment credentials and the application files unencrypted, so anyone on the network path can capture the credentials and replace the application code.',
  remediation: {
    summary: 'Set the FTP state to Disabled, or to FTPS Only when FTP-based deployment is still needed.',
    cli: 'az webapp config set --resource-group <resource-group> --name <app> --ftps-state Disabled',
    terraform: 'resource "azurerm_linux_web_app" "this" {\n  # ...\n  site_config {\n    ftps_state = "Disabled"\n  }\n}',
    console: 'App Services → select the app → Settings → Configuration → General settings → FTP state: Disabled (or FTPS only) → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/app-service/deploy-ftp#enforce-ftps', 'https://learn.microsoft.com/en-us/rest/api/appservice/web-apps/create-or-update-configuration'],
  categories: ['encryption', 'credentials'],
  evaluate: (scope) =>
    eachSiteDetail(scope, (site) => site.config, (site, config, target) =>
      config.ftpsState === 'Disabled' || config.ftpsState === 'FtpsOnly'
        ? pass(target, `${siteLabel(site)} has FTP state ${config.ftpsState}.`)
        : fail(target, `${siteLabel(site)} accepts plain FTP (FTP state ${config.ftpsState ?? 'not set, which allows all'}).`),
    ),
});
