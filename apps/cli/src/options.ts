/**
 * Parsing helpers for repeatable, comma-separable flags (`--services s3,iam --services ec2`), and
 * the resolution of names the user types (AWS regions, Azure locations, frameworks) with a
 * suggestion for typos.
 */
import { InputError, closestMatch, didYouMean } from '@palisade/core';
import { ALL_AWS_REGIONS, AWS_REGIONS, isKnownAwsRegion } from '@palisade/core/aws';
import type { Framework } from '@palisade/compliance';

export function collectList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ];
}

export function positiveInteger(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new InputError('USAGE', `${flag} must be a positive whole number, got "${value}"`);
    return parsed;
  };
}

/** `--region` values: known AWS region codes only, so a typo stops the run instead of skipping every regional check. */
export function resolveRegions(values: readonly string[] | undefined): string[] | undefined {
  if (!values?.length) return undefined;
  const regions = [...new Set(values.map((value) => value.toLowerCase()))];
  for (const region of regions) {
    if (!isKnownAwsRegion(region)) {
      const hint = didYouMean(region, ALL_AWS_REGIONS) || ` (known regions: ${Object.entries(AWS_REGIONS).map(([partition, codes]) => `${partition}: ${codes.join(' ')}`).join('; ')})`;
      throw new InputError('USAGE', `--region: unknown AWS region "${region}"${hint}`);
    }
  }
  return regions;
}

/**
 * `--region` values of an Azure scan: ARM location names (`eastus`, `westeurope`). Case and spaces
 * are forgiven (`East US` is `eastus`), anything else that is not a name is a usage error; a
 * location no subscription offers is reported by the scan.
 */
export function resolveAzureLocations(values: readonly string[] | undefined): string[] | undefined {
  if (!values?.length) return undefined;
  const locations = [...new Set(values.map((value) => value.toLowerCase().replace(/\s+/g, '')))];
  for (const location of locations) {
    if (!/^[a-z][a-z0-9]*$/.test(location)) throw new InputError('USAGE', `--region: "${location}" is not an Azure location name (lower-case letters and digits, e.g. eastus, westeurope)`);
  }
  return locations;
}

/** `_` and `-` and case do not matter in framework names: `CIS_3.0_AWS` is `cis-3.0-aws`. */
function frameworkKey(name: string): string {
  return name.toLowerCase().replaceAll('_', '-');
}

/** `--compliance` values: framework ids or their aliases (`cis_3.0_aws` → `cis-aws-3.0`). */
export function resolveFrameworks(names: readonly string[] | undefined, frameworks: readonly Framework[]): Framework[] {
  const byKey = new Map<string, Framework>();
  for (const framework of frameworks) for (const name of [framework.id, ...(framework.aliases ?? [])]) byKey.set(frameworkKey(name), framework);
  const resolved: Framework[] = [];
  for (const name of names ?? []) {
    const framework = byKey.get(frameworkKey(name));
    if (!framework) {
      const closest = closestMatch(frameworkKey(name), [...byKey.keys()]);
      const available = frameworks.map((known) => known.id).join(', ');
      const hint = closest ? ` — did you mean "${byKey.get(closest)?.id}"? (available: ${available})` : `; available: ${available}`;
      throw new InputError('USAGE', `--compliance: unknown framework "${name}"${hint}`);
    }
    if (!resolved.includes(framework)) resolved.push(framework);
  }
  return resolved;
}
