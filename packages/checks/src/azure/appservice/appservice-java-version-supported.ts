import { defineCheck } from '@palisade/core';
import { evaluateRuntime } from '../lib/appservice-runtimes.ts';
import { SITE_TYPE } from '../lib/appservice-sites.ts';

export default defineCheck({
  id: 'azure/appservice-java-version-supported',
  provider: 'azure',
  service: 'appservice',
  requires: ['appservice'],
  resourceType: SITE_TYPE,
  severity: 'medium',
  title: 'App Service apps that run Java use a supported Java release',
  description:
    'Checks that each web app and function app that runs Java uses a release still supported upstream, compared at evaluation time with the end of Oracle Extended Support of the LTS releases (8, 11, 17, 21, 25). Apps that do not run Java, and container apps, are not reported; a version string that cannot be read is MANUAL. The Java release is read from the Linux stack (`JAVA|17-java17`, `TOMCAT|10.1-java21`) or the Windows `javaVersion` (`1.8` is Java 8); a Java feature release between two LTS releases counts as out of support.',
  risk: 'A runtime past its end of support receives no security fixes, so vulnerabilities found in it stay exploitable in every app that runs it.',
  remediation: {
    summary: 'Move the app to a supported Java release (test the app on it first), and plan the next upgrade before that release\'s end of support.',
    cli: 'az webapp config set --resource-group <resource-group> --name <app> --linux-fx-version "JAVA|21-java21"\n# Windows apps: az webapp config set --resource-group <resource-group> --name <app> --java-version 21',
    terraform: 'resource "azurerm_linux_web_app" "this" {\n  # ...\n  site_config {\n    application_stack {\n      java_server         = "JAVA"\n      java_server_version = "21"\n      java_version        = "21"\n    }\n  }\n}',
    console: 'App Services → select the app → Settings → Configuration → General settings → Stack settings → choose a supported Java version → Save.',
  },
  references: ['https://learn.microsoft.com/en-us/azure/app-service/language-support-policy', 'https://www.oracle.com/java/technologies/java-se-support-roadmap.html'],
  categories: ['governance'],
  evaluate: (scope, { now }) => evaluateRuntime(scope, 'java', now),
});
