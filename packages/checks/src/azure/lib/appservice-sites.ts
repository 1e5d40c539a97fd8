/**
 * The walk every App Service check makes: each site of a subscription, as a result resource, with
 * ERROR on the subscription when the sites could not be listed and on the site when the detail a
 * check reads could not be.
 */
import type { CheckResult, Fetched, ResourceRef } from '@palisade/core';
import { eachFetched, fromFetched } from '@palisade/core';
import type { AppServiceSite, AzureScopeSnapshot } from '@palisade/core/azure';
import { armResource, scopeResource, withService } from '@palisade/core/azure';

export const SITE_TYPE = 'Microsoft.Web/sites';

export function siteResource(site: AppServiceSite): ResourceRef {
  return armResource(site.id, SITE_TYPE, site.name, site.location, site.tags);
}

/** Function apps (`functionapp`, `functionapp,linux`, Logic Apps Standard `functionapp,workflowapp`). */
export function isFunctionApp(site: AppServiceSite): boolean {
  return site.kind.toLowerCase().split(',').includes('functionapp');
}

/** `App contoso-portal` or `Function app contoso-orders`, for messages. */
export function siteLabel(site: AppServiceSite): string {
  return `${isFunctionApp(site) ? 'Function app' : 'App'} ${site.name}`;
}

/** Maps each site of the scope to results; ERROR on the subscription when sites were not listed or not collected. */
export function eachSite(scope: AzureScopeSnapshot, evaluate: (site: AppServiceSite, target: ResourceRef) => CheckResult | readonly CheckResult[]): readonly CheckResult[] {
  return withService(scope, 'appservice', (appservice) => eachFetched(appservice.sites, scopeResource(scope), (site) => evaluate(site, siteResource(site))));
}

/** Each site's detail `pick(site)`, with ERROR on the site when that detail could not be read. */
export function eachSiteDetail<T>(
  scope: AzureScopeSnapshot,
  pick: (site: AppServiceSite) => Fetched<T>,
  evaluate: (site: AppServiceSite, detail: T, target: ResourceRef) => CheckResult | readonly CheckResult[],
): readonly CheckResult[] {
  return eachSite(scope, (site, target) =>
    fromFetched(pick(site), target, (detail) => {
      const result = evaluate(site, detail, target);
      return Array.isArray(result) ? result : [result as CheckResult];
    }),
  );
}

/** TLS versions as ARM writes them (`1.0` … `1.3`): whether `version` is at least `minimum`. */
export function tlsAtLeast(version: string | undefined, minimum: string): boolean {
  if (version === undefined || version === '') return false;
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [minMajor = 0, minMinor = 0] = minimum.split('.').map(Number);
  return major > minMajor || (major === minMajor && minor >= minMinor);
}
