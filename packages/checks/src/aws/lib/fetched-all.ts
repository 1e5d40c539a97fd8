/**
 * Joins several fetched values a check needs together. The first failed read wins, so the check
 * reports one ERROR naming that API instead of evaluating on partial data. Reads that come from
 * one API call (e.g. IAM users, groups and roles from GetAccountAuthorizationDetails) fail
 * together, and one ERROR keeps the finding uid of the scope unique.
 */
import type { Fetched } from '@palisade/core';

type FetchedValues<T extends Readonly<Record<string, Fetched<unknown>>>> = {
  -readonly [K in keyof T]: T[K] extends Fetched<infer V> ? V : never;
};

export function allFetched<T extends Readonly<Record<string, Fetched<unknown>>>>(parts: T): Fetched<FetchedValues<T>> {
  const values: Record<string, unknown> = {};
  for (const [key, fetched] of Object.entries(parts)) {
    if (fetched.error) return { error: fetched.error };
    values[key] = fetched.value;
  }
  return { value: values as FetchedValues<T> };
}
