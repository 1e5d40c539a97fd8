import { defineCheck, fail, pass } from '@palisade/core';
import { SITE_TYPE, eachSiteDetail, siteLabel } from '../lib/appservice-sites.ts';

export default defineCheck({
  id: 'azure/appservice-remote-debugging-disabled',
  provider: 'azure',
  service: 'appservice',
  requires: ['appservice'],
  resourceType: SITE_TYPE,
  severity: 'high',
  title: 'App Service apps have remote debugging turned off',
  description: 'Checks that remote debugging (`remoteDebuggingEnabled`) is off for each web app and function app.',
  risk: 'Remote debugging opens extra inbound ports to the worker and lets a debugger attach to the running process, read its memory (secrets, tokens, user data) and change its behaviour.',
  remediation: {
    summary: 'Turn remote debugging off; turn it on only for a short debugging session and off again afterwards.',
    cli: 'az webapp config set --resource-group <resource-group> --name <app> --remote-debugging-enabled false',
    terraform: 'resource "azurerm_linux_web_app" "this" {\n  # ...\n  site_config {\n    remote_debugging_enabled = false\n  }\n}',
    console: 'App Services → select the app → Settings → Configuration → General settings → Remote debugging: Off → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/visualstudio/debugger/remote-debugging-azure-app-service', 'https://learn.microsoft.com/en-us/azure/app-service/configure-common#configure-general-settings'],
  categories: ['network', 'internet-exposed'],
  evaluate: (scope) =>
    eachSiteDetail(scope, (site) => site.config, (site, config, target) =>
      config.remoteDebuggingEnabled === true ? fail(target, `${siteLabel(site)} has remote debugging turned on.`) : pass(target, `${siteLabel(site)} has remote debugging turned off.`),
    ),
});
