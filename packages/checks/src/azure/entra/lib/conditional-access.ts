/**
 * Reading Conditional Access policies the way Entra ID applies them: which policies are enforced
 * (report-only ones are not), who and what they cover, and whether their grant controls amount to
 * MFA or a block. Checks that ask "does some enforced policy require X?" share
 * `conditionalAccessRequirement`, which also credits security defaults where they enforce the
 * same thing (a tenant on security defaults has no Conditional Access policies to read).
 */
import type { CheckResult } from '@palisade/core';
import { errorResult, fail, pass } from '@palisade/core';
import { scopeResource } from '@palisade/core/azure';
import type { AzureScopeSnapshot, EntraConditionalAccessPolicy, EntraData } from '@palisade/core/azure';
import { count } from './directory.ts';

/** Windows Azure Service Management API: the portal, Azure CLI, PowerShell and ARM. */
export const AZURE_MANAGEMENT_APP_ID = '797f4846-ba00-4fd7-ba43-dac1f8f63013';
/** The application group of Microsoft's admin portals (Entra, Azure, Microsoft 365, Exchange, …). */
export const ADMIN_PORTALS = 'MicrosoftAdminPortals';

const includes = (values: readonly string[] | undefined, value: string): boolean => (values ?? []).some((entry) => entry.toLowerCase() === value.toLowerCase());

export const isEnforced = (policy: EntraConditionalAccessPolicy): boolean => policy.state === 'enabled';
export const isReportOnly = (policy: EntraConditionalAccessPolicy): boolean => policy.state === 'enabledForReportingButNotEnforced';

/** Targets every user (`All`); exclusions such as emergency-access accounts are allowed and named in messages. */
export function appliesToAllUsers(policy: EntraConditionalAccessPolicy): boolean {
  return includes(policy.conditions.users?.includeUsers, 'All');
}

/** Targets every cloud app (`All`). */
export function appliesToAllApps(policy: EntraConditionalAccessPolicy): boolean {
  return includes(policy.conditions.applications?.includeApplications, 'All');
}

/** Covers the app (or app group such as `MicrosoftAdminPortals`): included by name or through `All`, and not excluded. */
export function appliesToApp(policy: EntraConditionalAccessPolicy, app: string): boolean {
  const applications = policy.conditions.applications;
  return (includes(applications?.includeApplications, 'All') || includes(applications?.includeApplications, app)) && !includes(applications?.excludeApplications, app);
}

/** Applies to every client app type: `all` (or nothing chosen), or both modern kinds. */
export function appliesToAllClientApps(policy: EntraConditionalAccessPolicy): boolean {
  const types = policy.conditions.clientAppTypes;
  return types.length === 0 || includes(types, 'all') || (includes(types, 'browser') && includes(types, 'mobileAppsAndDesktopClients'));
}

/**
 * No condition narrows the policy to some sign-ins only (risk levels, device platforms, an
 * authentication flow). Location conditions are allowed: "except from trusted locations" is a
 * common, deliberate design.
 */
export function isUnconditional(policy: EntraConditionalAccessPolicy): boolean {
  const { conditions } = policy;
  const platforms = conditions.platforms;
  const allPlatforms = platforms === null || (includes(platforms.includePlatforms, 'all') && platforms.excludePlatforms.length === 0);
  return conditions.userRiskLevels.length === 0 && conditions.signInRiskLevels.length === 0 && allPlatforms && conditions.authenticationFlows === null;
}

/** Access is blocked. */
export function blocks(policy: EntraConditionalAccessPolicy): boolean {
  return includes(policy.grantControls?.builtInControls, 'block');
}

/**
 * Every way through the grant controls includes MFA: `mfa` or an authentication strength, and
 * with `OR` no alternative (a compliant device, an approved app, terms of use) that would let a
 * password alone in.
 */
export function requiresMfa(policy: EntraConditionalAccessPolicy): boolean {
  const grant = policy.grantControls;
  if (!grant) return false;
  const strength = grant.authenticationStrength !== null && (grant.authenticationStrength.requirementsSatisfied ?? 'mfa') === 'mfa';
  const mfa = includes(grant.builtInControls, 'mfa') || strength;
  if (!mfa) return false;
  if (grant.operator.toUpperCase() === 'AND') return true;
  const alternatives = grant.builtInControls.filter((control) => control.toLowerCase() !== 'mfa');
  return alternatives.length === 0 && grant.customAuthenticationFactors.length === 0 && grant.termsOfUse.length === 0;
}

/** ` (excludes 1 user, 2 groups)` for a policy with exclusions, else empty. */
export function exclusionsNote(policy: EntraConditionalAccessPolicy): string {
  const users = policy.conditions.users;
  if (!users) return '';
  const parts = [
    users.excludeUsers.length ? count(users.excludeUsers.length, 'user') : '',
    users.excludeGroups.length ? count(users.excludeGroups.length, 'group') : '',
    users.excludeRoles.length ? count(users.excludeRoles.length, 'role') : '',
  ].filter(Boolean);
  return parts.length ? ` (excludes ${parts.join(', ')})` : '';
}

const names = (policies: readonly EntraConditionalAccessPolicy[]): string => policies.map((policy) => `'${policy.displayName}'`).join(', ');

export interface Requirement {
  /** What a satisfying policy does, for messages: `requires MFA for every user`. */
  readonly what: string;
  readonly satisfies: (policy: EntraConditionalAccessPolicy) => boolean;
  /** Security defaults enforce the same (MFA for administrators and for Azure management, blocking legacy authentication, …). */
  readonly securityDefaultsCover: boolean;
}

/**
 * PASS on the tenant when an enforced Conditional Access policy meets the requirement (or
 * security defaults, where they cover it, are on); FAIL otherwise, naming report-only policies
 * that would; ERROR when the policies, or security defaults that could settle it, could not be read.
 */
export function conditionalAccessRequirement(scope: AzureScopeSnapshot, entra: EntraData, requirement: Requirement): readonly CheckResult[] {
  const target = scopeResource(scope);
  const securityDefaultsOn = requirement.securityDefaultsCover && entra.securityDefaults.value?.isEnabled === true;
  const bySecurityDefaults = pass(target, `Security defaults are enabled, which ${requirement.what}.`);
  const policies = entra.conditionalAccessPolicies;
  if (policies.error) {
    if (securityDefaultsOn) return [bySecurityDefaults];
    return [errorResult(target, policies.error, 'Conditional Access policies could not be read (Conditional Access needs Microsoft Entra ID P1)')];
  }
  const enforced = policies.value.filter((policy) => isEnforced(policy) && requirement.satisfies(policy));
  const [first] = enforced;
  if (first) {
    const more = enforced.length > 1 ? ` (as ${enforced.length === 2 ? 'does' : 'do'} ${names(enforced.slice(1))})` : '';
    return [pass(target, `Conditional Access policy '${first.displayName}' ${requirement.what}${exclusionsNote(first)}${more}.`)];
  }
  if (securityDefaultsOn) return [bySecurityDefaults];
  if (requirement.securityDefaultsCover && entra.securityDefaults.error) {
    return [errorResult(target, entra.securityDefaults.error, `No enabled Conditional Access policy ${requirement.what}, and security defaults could not be read`)];
  }
  const reportOnly = policies.value.filter((policy) => isReportOnly(policy) && requirement.satisfies(policy));
  const note = reportOnly.length ? ` ${names(reportOnly)} would, but ${reportOnly.length === 1 ? 'it is' : 'they are'} in report-only mode.` : '';
  return [fail(target, `No enabled Conditional Access policy ${requirement.what}${requirement.securityDefaultsCover ? ', and security defaults are off' : ''}.${note}`)];
}
