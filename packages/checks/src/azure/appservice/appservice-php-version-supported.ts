import { defineCheck } from '@palisade/core';
import { evaluateRuntime } from '../lib/appservice-runtimes.ts';
import { SITE_TYPE } from '../lib/appservice-sites.ts';

export default defineCheck({
  id: 'azure/appservice-php-version-supported',
  provider: 'azure',
  service: 'appservice',
  requires: ['appservice'],
  resourceType: SITE_TYPE,
  severity: 'medium',
  title: 'App Service apps that run PHP use a supported PHP release',
  description:
    'Checks that each web app and function app that runs PHP uses a release still supported upstream, compared at evaluation time with the end of security support published on php.net (8.1 ended on 2025-12-31, 8.2 ends on 2026-12-31). Apps that do not run PHP, and container apps, are not reported; a version string that cannot be read is MANUAL. On Windows a PHP version left enabled counts as in use even when the app runs .NET: set it to Off when the app does not serve PHP.',
  risk: 'A runtime past its end of support receives no security fixes, so vulnerabilities found in it stay exploitable in every app that runs it.',
  remediation: {
    summary: 'Move the app to a supported PHP release (test the app on it first), and plan the next upgrade before that release\'s end of support.',
    cli: 'az webapp config set --resource-group <resource-group> --name <app> --linux-fx-version "PHP|8.4"\n# Windows apps that do not run PHP: az webapp config set --resource-group <resource-group> --name <app> --php-version Off',
    terraform: 'resource "azurerm_linux_web_app" "this" {\n  # ...\n  site_config {\n    application_stack {\n      php_version = "8.4"\n    }\n  }\n}',
    console: 'App Services → select the app → Settings → Configuration → General settings → Stack settings → choose a supported PHP version → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/app-service/language-support-policy', 'https://www.php.net/supported-versions.php'],
  categories: ['governance'],
  evaluate: (scope, { now }) => evaluateRuntime(scope, 'php', now),
});
