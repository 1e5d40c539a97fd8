import { defineCheck } from '@palisade/core';
import { evaluateRuntime } from '../lib/appservice-runtimes.ts';
import { SITE_TYPE } from '../lib/appservice-sites.ts';

export default defineCheck({
  id: 'azure/appservice-python-version-supported',
  provider: 'azure',
  service: 'appservice',
  requires: ['appservice'],
  resourceType: SITE_TYPE,
  severity: 'medium',
  title: 'App Service apps that run Python use a supported Python release',
  description:
    'Checks that each web app and function app that runs Python uses a release still supported upstream, compared at evaluation time with the end-of-life dates of the Python developer\'s guide (3.9 ended in October 2025, 3.10 in October 2026). Apps that do not run Python, and container apps, are not reported; a version string that cannot be read is MANUAL.',
  risk: 'A runtime past its end of support receives no security fixes, so vulnerabilities found in it stay exploitable in every app that runs it.',
  remediation: {
    summary: 'Move the app to a supported Python release (test the app on it first), and plan the next upgrade before that release\'s end of support.',
    cli: 'az webapp config set --resource-group <resource-group> --name <app> --linux-fx-version "PYTHON|3.13"',
    terraform: 'resource "azurerm_linux_web_app" "this" {\n  # ...\n  site_config {\n    application_stack {\n      python_version = "3.13"\n    }\n  }\n}',
    console: 'App Services → select the app → Settings → Configuration → General settings → Stack settings → choose a supported Python version → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/app-service/language-support-policy', 'https://devguide.python.org/versions/'],
  categories: ['governance'],
  evaluate: (scope, { now }) => evaluateRuntime(scope, 'python', now),
});
