/**
 * Builders that checks of every provider use to turn snapshot data into results. They keep the
 * rule that a value which could not be read yields ERROR (naming the API and its error code),
 * never PASS.
 */
import type { ApiError, Fetched } from './fetched.ts';
import { describeApiError } from './fetched.ts';
import type { CheckResult, ResourceRef, Tags } from './finding.ts';

export function pass(resource: ResourceRef, message: string): CheckResult {
  return { status: 'PASS', resource, message };
}

export function fail(resource: ResourceRef, message: string): CheckResult {
  return { status: 'FAIL', resource, message };
}

export function manual(resource: ResourceRef, message: string): CheckResult {
  return { status: 'MANUAL', resource, message };
}

export function errorResult(resource: ResourceRef, error: ApiError, context?: string): CheckResult {
  const detail = describeApiError(error);
  return { status: 'ERROR', resource, message: context ? `${context}: ${detail}` : detail, error };
}

export function resource(uid: string, type: string, name: string, region: string, tags?: Tags): ResourceRef {
  return tags === undefined ? { uid, type, name, region } : { uid, type, name, region, tags };
}

/**
 * Runs `evaluate` on a fetched value, or returns one ERROR result on `scope` when the read failed.
 */
export function fromFetched<T>(
  fetched: Fetched<T>,
  scope: ResourceRef,
  evaluate: (value: T) => readonly CheckResult[],
): readonly CheckResult[] {
  if (fetched.error) return [errorResult(scope, fetched.error)];
  return evaluate(fetched.value);
}

/** Maps each item of a fetched list to results; ERROR on `scope` when the list itself failed. */
export function eachFetched<T>(
  fetched: Fetched<readonly T[]>,
  scope: ResourceRef,
  evaluate: (item: T) => CheckResult | readonly CheckResult[],
): readonly CheckResult[] {
  if (fetched.error) return [errorResult(scope, fetched.error)];
  return fetched.value.flatMap((item) => evaluate(item));
}
