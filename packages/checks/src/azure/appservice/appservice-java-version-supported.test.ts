import { describe, expect, it } from 'vitest';
import { TEST_SUBSCRIPTION_ID, appServiceSite, armId, denied, ok, runAzureCheck, statuses, subscriptionSnapshot } from '../../testing/azure/index.ts';
import check from './appservice-java-version-supported.ts';

const SITE = armId('Microsoft.Web/sites', 'contoso-shop');

describe(check.id, () => {
  it.each([
    ['Java SE 21', { linuxFxVersion: 'JAVA|21-java21' }, 'PASS'],
    ['Tomcat on Java 17', { linuxFxVersion: 'TOMCAT|10.1-java17' }, 'PASS'],
    ['JBoss EAP on Java 11', { linuxFxVersion: 'JBOSSEAP|7-java11' }, 'PASS'],
    ['Tomcat on a Java 8 JRE', { linuxFxVersion: 'TOMCAT|9.0-jre8' }, 'PASS'],
    ['function app Java 17', { linuxFxVersion: 'Java|17' }, 'PASS'],
    ['Windows Java 1.8', { linuxFxVersion: '', javaVersion: '1.8', javaContainer: 'TOMCAT', javaContainerVersion: '9.0' }, 'PASS'],
    ['Windows Java 7', { linuxFxVersion: '', javaVersion: '1.7' }, 'FAIL'],
    ['a feature release between LTS releases', { linuxFxVersion: 'JAVA|19-java19' }, 'FAIL'],
    ['Windows Java 13', { linuxFxVersion: '', javaVersion: '13.0.2' }, 'FAIL'],
  ] as const)('%s → %s', (_name, siteConfig, expected) => {
    const results = runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-shop', siteConfig })]) } }));
    expect(statuses(results)).toEqual([[expected, SITE]]);
  });

  it.each([
    ['a PHP app', { linuxFxVersion: 'PHP|8.3' }],
    ['a Windows .NET app', { linuxFxVersion: '', javaVersion: undefined }],
  ] as const)('reports nothing for %s', (_name, siteConfig) => {
    expect(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([appServiceSite({ name: 'contoso-shop', siteConfig })]) } }))).toEqual([]);
  });

  it('reports ERROR on the site when its configuration could not be read, and on the subscription when sites could not be listed', () => {
    const site = appServiceSite({ name: 'contoso-shop', config: denied('Microsoft.Web/sites/config/read', SITE) });
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([site]) } })))).toEqual([['ERROR', SITE]]);
    expect(statuses(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: denied('Microsoft.Web/sites/read') } })))).toEqual([['ERROR', `/subscriptions/${TEST_SUBSCRIPTION_ID}`]]);
    expect(runAzureCheck(check, subscriptionSnapshot({ appservice: { sites: ok([]) } }))).toEqual([]);
  });
});
