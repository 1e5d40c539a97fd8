import { defineCheck, fail, pass } from '@palisade/core';
import { SITE_TYPE, eachSite, siteLabel } from '../lib/appservice-sites.ts';

export default defineCheck({
  id: 'azure/appservice-managed-identity-enabled',
  provider: 'azure',
  service: 'appservice',
  requires: ['appservice'],
  resourceType: SITE_TYPE,
  severity: 'low',
  title: 'App Service apps have a managed identity',
  description:
    'Checks that each web app and function app is registered with Microsoft Entra ID through a managed identity, system-assigned or user-assigned, so it can reach Key Vault, storage and databases without stored secrets.',
  risk: 'An app without a managed identity has to carry connection strings, keys or client secrets in its settings or code, where they leak through configuration exports, logs and source control and are rarely rotated.',
  remediation: {
    summary: 'Assign a managed identity to the app and grant it the roles it needs instead of storing credentials.',
    cli: 'az webapp identity assign --resource-group <resource-group> --name <app>',
    terraform: 'resource "azurerm_linux_web_app" "this" {\n  # ...\n  identity {\n    type = "SystemAssigned"\n  }\n}',
    console: 'App Services → select the app → Settings → Identity → System assigned → Status: On → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/app-service/overview-managed-identity', 'https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-identity-management#im-3-manage-application-identities-securely-and-automatically'],
  categories: ['identity-and-access', 'credentials'],
  evaluate: (scope) =>
    eachSite(scope, (site, target) =>
      site.identity
        ? pass(target, `${siteLabel(site)} has a managed identity (${site.identity.type}).`)
        : fail(target, `${siteLabel(site)} has no managed identity.`),
    ),
});
