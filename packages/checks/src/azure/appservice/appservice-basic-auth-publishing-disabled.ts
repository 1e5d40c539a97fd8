import { defineCheck, fail, pass } from '@palisade/core';
import { SITE_TYPE, eachSiteDetail, siteLabel } from '../lib/appservice-sites.ts';

export default defineCheck({
  id: 'azure/appservice-basic-auth-publishing-disabled',
  provider: 'azure',
  service: 'appservice',
  requires: ['appservice'],
  resourceType: SITE_TYPE,
  severity: 'medium',
  title: 'App Service apps do not allow basic authentication for publishing',
  description:
    'Checks the basic publishing credentials policies of each web app and function app: both FTP (`ftp`) and the SCM/WebDeploy endpoint (`scm`) must refuse user name and password authentication. A site that reports no policy at all has nothing to judge and is not reported.',
  risk:
    'Publishing credentials are long-lived shared secrets that bypass Microsoft Entra ID, its MFA and Conditional Access; anyone who obtains a publish profile can push code to the app.',
  remediation: {
    summary: 'Turn off basic authentication for FTP and SCM publishing and deploy with Microsoft Entra identities (for example a deployment pipeline with a federated credential).',
    cli: 'az resource update --resource-group <resource-group> --name ftp --namespace Microsoft.Web --resource-type basicPublishingCredentialsPolicies --parent sites/<app> --set properties.allow=false\naz resource update --resource-group <resource-group> --name scm --namespace Microsoft.Web --resource-type basicPublishingCredentialsPolicies --parent sites/<app> --set properties.allow=false',
    terraform: 'resource "azurerm_linux_web_app" "this" {\n  # ...\n  ftp_publish_basic_authentication_enabled       = false\n  webdeploy_publish_basic_authentication_enabled = false\n}',
    console: 'App Services → select the app → Settings → Configuration → General settings → SCM Basic Auth Publishing Credentials: Off and FTP Basic Auth Publishing Credentials: Off → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/app-service/configure-basic-auth-disable', 'https://learn.microsoft.com/en-us/azure/app-service/deploy-configure-credentials'],
  categories: ['credentials', 'identity-and-access'],
  evaluate: (scope) =>
    eachSiteDetail(scope, (site) => site.publishingCredentialsPolicies, (site, policies, target) => {
      if (policies.length === 0) return [];
      const allowed = policies.filter((policy) => policy.allow).map((policy) => policy.name.toUpperCase());
      return allowed.length === 0
        ? pass(target, `${siteLabel(site)} refuses basic authentication for publishing (${policies.map((policy) => policy.name.toUpperCase()).join(', ')}).`)
        : fail(target, `${siteLabel(site)} allows basic authentication for publishing over ${allowed.join(' and ')}.`);
    }),
});
