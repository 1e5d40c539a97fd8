import { defineCheck, fail, pass } from '@palisade/core';
import { SITE_TYPE, eachSite, siteLabel } from '../lib/appservice-sites.ts';

export default defineCheck({
  id: 'azure/appservice-client-certificates-required',
  provider: 'azure',
  service: 'appservice',
  requires: ['appservice'],
  resourceType: SITE_TYPE,
  severity: 'low',
  title: 'App Service apps require incoming client certificates',
  description:
    'Checks that each web app and function app requires a TLS client certificate from callers (`clientCertEnabled` with mode `Required`). `Optional` modes let callers without a certificate through. Public websites that serve browsers cannot require certificates; mute this check for them.',
  risk: 'Without mutual TLS any client that reaches the endpoint can call it; for service-to-service APIs a client certificate is a second factor that stolen tokens or keys alone do not satisfy.',
  remediation: {
    summary: 'Require incoming client certificates (mode Required) for apps called by known clients, and validate the certificate in the app.',
    cli: 'az webapp update --resource-group <resource-group> --name <app> --set clientCertEnabled=true clientCertMode=Required',
    terraform: 'resource "azurerm_linux_web_app" "this" {\n  # ...\n  client_certificate_enabled = true\n  client_certificate_mode    = "Required"\n}',
    console: 'App Services → select the app → Settings → Configuration → General settings → Client certificate mode: Require → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/app-service/app-service-web-configure-tls-mutual-auth'],
  categories: ['identity-and-access', 'network'],
  evaluate: (scope) =>
    eachSite(scope, (site, target) => {
      if (!site.clientCertEnabled) return fail(target, `${siteLabel(site)} does not ask callers for client certificates.`);
      return site.clientCertMode === 'Required'
        ? pass(target, `${siteLabel(site)} requires incoming client certificates.`)
        : fail(target, `${siteLabel(site)} accepts callers without a client certificate (mode ${site.clientCertMode ?? 'unknown'}).`);
    }),
});
