/**
 * Shared evaluation of the defender checks: a plan being on, a plan's extension being on, an
 * integration setting, the security contact and recommendation results. Every subscription-wide
 * setting reports on the setting's own ARM id (the one ARM gives, or the id it would have), so a
 * finding stays the same resource whether the setting exists or not.
 */
import { fail, fromFetched, pass } from '@palisade/core';
import type { CheckResult, ResourceRef } from '@palisade/core';
import { armResource, scopeResource, withService } from '@palisade/core/azure';
import type { AzureScopeSnapshot, DefenderAssessment, DefenderAssessmentKey, DefenderPricing, DefenderSecurityContact } from '@palisade/core/azure';

export const PRICING_TYPE = 'Microsoft.Security/pricings';
export const SETTING_TYPE = 'Microsoft.Security/settings';
export const SECURITY_CONTACT_TYPE = 'Microsoft.Security/securityContacts';

/** `/subscriptions/<id>/providers/Microsoft.Security/<path>`. */
export function securityUid(scope: AzureScopeSnapshot, path: string): string {
  return `/subscriptions/${scope.accountId}/providers/Microsoft.Security/${path}`;
}

export function findPricing(pricings: readonly DefenderPricing[], name: string): DefenderPricing | undefined {
  return pricings.find((pricing) => pricing.name.toLowerCase() === name.toLowerCase());
}

/** A plan is on when its tier is Standard (Free is the plan switched off). */
export function isPlanOn(pricing: DefenderPricing | undefined): boolean {
  return pricing !== undefined && pricing.pricingTier.toLowerCase() === 'standard';
}

export function isExtensionOn(pricing: DefenderPricing | undefined, extension: string): boolean {
  return pricing !== undefined && isPlanOn(pricing) && pricing.extensions.some((candidate) => candidate.name.toLowerCase() === extension.toLowerCase() && candidate.isEnabled);
}

export function pricingResource(scope: AzureScopeSnapshot, name: string, pricing?: DefenderPricing): ResourceRef {
  return armResource(pricing?.id || securityUid(scope, `pricings/${name}`), PRICING_TYPE, pricing?.name ?? name);
}

function planState(pricing: DefenderPricing): string {
  const subPlan = pricing.subPlan ? `, sub-plan ${pricing.subPlan}` : '';
  const coverage = pricing.resourcesCoverageStatus === 'PartiallyCovered' ? '; some resources are opted out at resource level' : '';
  return `Standard${subPlan}${coverage}`;
}

/** PASS when the plan named `plan` (a pricing name such as `VirtualMachines`) is on; FAIL when it is Free or absent. */
export function evaluatePlan(scope: AzureScopeSnapshot, plan: string, label: string): readonly CheckResult[] {
  return withService(scope, 'defender', (defender) =>
    fromFetched(defender.pricings, scopeResource(scope), (pricings) => {
      const pricing = findPricing(pricings, plan);
      const target = pricingResource(scope, plan, pricing);
      if (pricing === undefined) return [fail(target, `${label} is not enabled: the subscription lists no ${plan} plan.`)];
      if (isPlanOn(pricing)) return [pass(target, `${label} is on (${planState(pricing)}).`)];
      return [fail(target, `${label} is off (pricing tier ${pricing.pricingTier}).`)];
    }),
  );
}

export interface ExtensionHost {
  /** The pricing name, e.g. `VirtualMachines`. */
  readonly plan: string;
  /** e.g. `Defender for Servers`. */
  readonly label: string;
  /** Sub-plans that carry the extension (e.g. only `P2`); any when absent. */
  readonly subPlans?: readonly string[];
}

/**
 * PASS when any of `hosts` is on (in a sub-plan that carries it) with `extension` enabled; the
 * result is on the first host's pricing, whose state the FAIL message explains.
 */
export function evaluatePlanExtension(scope: AzureScopeSnapshot, extension: string, label: string, hosts: readonly [ExtensionHost, ...ExtensionHost[]]): readonly CheckResult[] {
  return withService(scope, 'defender', (defender) =>
    fromFetched(defender.pricings, scopeResource(scope), (pricings) => {
      const [primary] = hosts;
      const target = pricingResource(scope, primary.plan, findPricing(pricings, primary.plan));
      const carries = (host: ExtensionHost, pricing: DefenderPricing) =>
        host.subPlans === undefined || host.subPlans.some((subPlan) => subPlan.toLowerCase() === (pricing.subPlan ?? '').toLowerCase());
      for (const host of hosts) {
        const pricing = findPricing(pricings, host.plan);
        if (pricing !== undefined && isPlanOn(pricing) && carries(host, pricing) && isExtensionOn(pricing, extension)) return [pass(target, `${label} is on in ${host.label}.`)];
      }
      const pricing = findPricing(pricings, primary.plan);
      if (pricing === undefined || !isPlanOn(pricing)) return [fail(target, `${label} is not running: ${primary.label} is off.`)];
      if (!carries(primary, pricing)) {
        return [fail(target, `${label} is not running: ${primary.label} runs sub-plan ${pricing.subPlan ?? '(none)'}, and ${label} needs ${primary.subPlans?.join(' or ')}.`)];
      }
      return [fail(target, `${label} is off in ${primary.label} (extension ${extension} not enabled).`)];
    }),
  );
}

/** PASS when the integration setting `name` (`WDATP`, `MCAS`) is enabled; FAIL when disabled or never saved. */
export function evaluateIntegrationSetting(scope: AzureScopeSnapshot, name: string, label: string): readonly CheckResult[] {
  return withService(scope, 'defender', (defender) =>
    fromFetched(defender.settings, scopeResource(scope), (settings) => {
      const setting = settings.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
      const target = armResource(setting?.id || securityUid(scope, `settings/${name}`), SETTING_TYPE, setting?.name ?? name);
      if (setting === undefined) return [fail(target, `The ${label} integration is not configured (no ${name} setting).`)];
      return setting.enabled ? [pass(target, `The ${label} integration is enabled.`)] : [fail(target, `The ${label} integration is disabled.`)];
    }),
  );
}

/**
 * Evaluates the security contact (one per subscription, `default`); `missing` is the FAIL message
 * when none was ever saved, which means nobody outside the portal hears of alerts.
 */
export function evaluateSecurityContacts(
  scope: AzureScopeSnapshot,
  missing: string,
  evaluate: (contact: DefenderSecurityContact, target: ResourceRef) => CheckResult,
): readonly CheckResult[] {
  return withService(scope, 'defender', (defender) =>
    fromFetched(defender.securityContacts, scopeResource(scope), (contacts) => {
      if (contacts.length === 0) return [fail(armResource(securityUid(scope, 'securityContacts/default'), SECURITY_CONTACT_TYPE, 'default'), missing)];
      return contacts.map((contact) => evaluate(contact, armResource(contact.id || securityUid(scope, `securityContacts/${contact.name}`), SECURITY_CONTACT_TYPE, contact.name)));
    }),
  );
}

/** Whether the contact's emails reach anyone: additional addresses, or role notifications that are on. */
export function contactRecipients(contact: DefenderSecurityContact): string[] {
  const roles = contact.notificationsByRole.state.toLowerCase() === 'on' ? contact.notificationsByRole.roles.map((role) => `role ${role}`) : [];
  return [...contact.emails, ...roles];
}

/** `…/providers/Microsoft.Compute/virtualMachines/vm1` → `Microsoft.Compute/virtualMachines`, `vm1`. */
export function armTypeAndName(resourceId: string): { readonly type: string; readonly name: string } {
  const name = resourceId.split('/').filter(Boolean).at(-1) ?? resourceId;
  const marker = resourceId.toLowerCase().lastIndexOf('/providers/');
  if (marker < 0) return { type: 'Microsoft.Resources/resources', name };
  const [namespace, ...rest] = resourceId.slice(marker + '/providers/'.length).split('/').filter(Boolean);
  const types = rest.filter((_part, index) => index % 2 === 0);
  return { type: namespace && types.length ? `${namespace}/${types.join('/')}` : 'Microsoft.Resources/resources', name };
}

/**
 * One result per assessed resource over the recommendations `keys`: FAIL when any is Unhealthy,
 * PASS when some is Healthy and none Unhealthy; resources where they do not apply get no result.
 */
export function evaluateAssessments(
  scope: AzureScopeSnapshot,
  keys: readonly DefenderAssessmentKey[],
  messages: { readonly healthy: (name: string) => string; readonly unhealthy: (name: string, failing: readonly DefenderAssessment[]) => string },
): readonly CheckResult[] {
  return withService(scope, 'defender', (defender) =>
    fromFetched(defender.assessments, scopeResource(scope), (assessments) => {
      const byResource = new Map<string, DefenderAssessment[]>();
      for (const assessment of assessments) {
        if (!keys.includes(assessment.name)) continue;
        const key = assessment.resourceId.toLowerCase();
        byResource.set(key, [...(byResource.get(key) ?? []), assessment]);
      }
      const results: CheckResult[] = [];
      for (const group of byResource.values()) {
        const first = group[0]!;
        const { type, name } = armTypeAndName(first.resourceId);
        const target = armResource(first.resourceId, type, name);
        const failing = group.filter((assessment) => assessment.statusCode.toLowerCase() === 'unhealthy');
        if (failing.length > 0) results.push(fail(target, messages.unhealthy(name, failing)));
        else if (group.some((assessment) => assessment.statusCode.toLowerCase() === 'healthy')) results.push(pass(target, messages.healthy(name)));
      }
      return results;
    }),
  );
}
