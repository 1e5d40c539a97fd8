/**
 * Which checks run (`--services`, `--checks`, `--excluded-*`, `--severity`, `--categories`,
 * `--compliance`) and which resources are in scope (`--resource-tag`, `--resource-arn`).
 * Unknown names are usage errors that list what is valid, never silently ignored.
 */
import { CATEGORIES, InputError, SEVERITIES, UNKNOWN_REGION, didYouMean } from '@palisade/core';
import type { Check, ResourceRef, Severity } from '@palisade/core';

export interface CheckSelection {
  readonly services?: readonly string[];
  readonly checks?: readonly string[];
  readonly excludedChecks?: readonly string[];
  readonly excludedServices?: readonly string[];
  readonly severities?: readonly string[];
  readonly categories?: readonly string[];
  /** Check ids of the requested frameworks (already resolved by the caller). */
  readonly frameworkChecks?: readonly string[];
  /** The provider whose ids bare names complete (`s3-x` → `aws/s3-x`); default `aws`. */
  readonly provider?: string;
}

/** `aws/s3-x`, `s3-x` and `s3_x` all name the same check (of `provider`, default AWS). */
export function normalizeCheckId(name: string, provider = 'aws'): string {
  const bare = name.includes('/') ? name.slice(name.indexOf('/') + 1) : name;
  return `${provider}/${bare.replaceAll('_', '-')}`;
}

/** The checks the selection keeps, of `all` (the caller passes one provider's checks). */
export function selectChecks(all: readonly Check[], selection: CheckSelection): Check[] {
  const ids = new Set(all.map((check) => check.id));
  const services = new Set(all.map((check) => check.service));
  const resolveChecks = (names: readonly string[] | undefined, flag: string): Set<string> | undefined => {
    if (!names?.length) return undefined;
    const out = new Set<string>();
    for (const name of names) {
      const id = normalizeCheckId(name, selection.provider);
      if (!ids.has(id)) throw usage(`${flag}: unknown check "${name}"${didYouMean(id, ids)} (see \`palisade list checks\`)`);
      out.add(id);
    }
    return out;
  };
  const resolveServices = (names: readonly string[] | undefined, flag: string): Set<string> | undefined => {
    if (!names?.length) return undefined;
    for (const name of names) {
      if (!services.has(name)) throw usage(`${flag}: unknown service "${name}"${didYouMean(name, services)}; valid: ${[...services].sort().join(', ')}`);
    }
    return new Set(names);
  };
  const onlyChecks = resolveChecks(selection.checks, '--checks');
  const excludedChecks = resolveChecks(selection.excludedChecks, '--excluded-checks') ?? new Set();
  const onlyServices = resolveServices(selection.services, '--services');
  const excludedServices = resolveServices(selection.excludedServices, '--excluded-services') ?? new Set();
  for (const severity of selection.severities ?? []) {
    if (!(SEVERITIES as readonly string[]).includes(severity)) throw usage(`--severity: unknown severity "${severity}"; valid: ${SEVERITIES.join(', ')}`);
  }
  for (const category of selection.categories ?? []) {
    if (!(CATEGORIES as readonly string[]).includes(category)) throw usage(`--categories: unknown category "${category}"; valid: ${CATEGORIES.join(', ')}`);
  }
  const severities = selection.severities?.length ? new Set(selection.severities as readonly Severity[]) : undefined;
  const categories = selection.categories?.length ? new Set(selection.categories) : undefined;
  const framework = selection.frameworkChecks ? new Set(selection.frameworkChecks) : undefined;

  const selected = all.filter(
    (check) =>
      (!onlyChecks || onlyChecks.has(check.id)) &&
      (!onlyServices || onlyServices.has(check.service)) &&
      !excludedChecks.has(check.id) &&
      !excludedServices.has(check.service) &&
      (!severities || severities.has(check.severity)) &&
      (!categories || check.categories.some((category) => categories.has(category))) &&
      (!framework || framework.has(check.id)),
  );
  if (selected.length === 0) throw usage('the filters select no checks');
  return selected;
}

export interface ResourceScope {
  /** `key=value` pairs; a resource is in scope when it has any of them. */
  readonly tags?: readonly string[];
  /** Resource ARNs (or Azure resource ids); a resource is in scope when its uid is one of them. */
  readonly arns?: readonly string[];
}

export function resourceScopeFilter(scope: ResourceScope): ((resource: ResourceRef) => boolean) | undefined {
  const tags = (scope.tags ?? []).map((pair) => {
    const index = pair.indexOf('=');
    if (index <= 0) throw usage(`--resource-tag: "${pair}" must be key=value`);
    return [pair.slice(0, index), pair.slice(index + 1)] as const;
  });
  const arns = new Set(scope.arns ?? []);
  // ARNs, or Azure resource ids (`/subscriptions/…`), which ARM writes in any case.
  for (const arn of arns) if (!arn.startsWith('arn:') && !arn.startsWith('/')) throw usage(`--resource-arn: "${arn}" is not an ARN`);
  const resourceIds = new Set([...arns].filter((id) => id.startsWith('/')).map((id) => id.toLowerCase()));
  if (!tags.length && !arns.size) return undefined;
  return (resource) =>
    (tags.length > 0 && tags.some(([key, value]) => resource.tags?.[key] === value)) ||
    (arns.size > 0 && (arns.has(resource.uid) || arns.has(withoutIamPath(resource.uid)) || (resourceIds.size > 0 && resourceIds.has(resource.uid.toLowerCase()))));
}

/**
 * An IAM user or role ARN without its path (`…:user/team/alice` → `…:user/alice`): names are unique
 * in an account whatever the path, and change events name users and roles without it.
 */
export function withoutIamPath(arn: string): string {
  const match = /^(arn:[^:]+:iam::\d{12}:(?:user|role))\/(?:.+\/)?([^/]+)$/.exec(arn);
  return match ? `${match[1]}/${match[2]}` : arn;
}

/**
 * Keeps results in the requested regions (`--region`), results about global resources (IAM, the
 * account itself) and results about resources whose region could not be read, which may be in a
 * requested region (their ERRORs must not vanish); undefined when no region was requested.
 */
export function regionScopeFilter(regions: readonly string[] | undefined): ((resource: ResourceRef) => boolean) | undefined {
  if (!regions?.length) return undefined;
  const requested = new Set(regions);
  return (resource) => resource.region === 'global' || resource.region === UNKNOWN_REGION || requested.has(resource.region);
}

function usage(message: string): InputError {
  return new InputError('USAGE', message);
}
