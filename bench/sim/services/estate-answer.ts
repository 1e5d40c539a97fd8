/**
 * What the protocol simulators share: reading estate values that may hold a failure (a
 * `Fetched` error in the estate is what AWS answers for that call), and opaque page tokens.
 */
import { createHash } from 'node:crypto';
import type { Fetched } from '@palisade/core';
import type { SimRequest } from '../types.ts';
import { pageOf as pageOfListing } from './query-protocol.ts';

/** A modeled error the service answers with: code, message and HTTP status. */
export interface Failure {
  readonly code: string;
  readonly message: string;
  readonly status: number;
}

export type Answer<T> = { readonly value: T; readonly failure?: undefined } | { readonly value?: undefined; readonly failure: Failure };

export function failure(code: string, message: string, status: number): { failure: Failure } {
  return { failure: { code, message, status } };
}

/**
 * The estate's value, or the failure it records. An estate that does not hold a service at all
 * (the snapshot never collected it) is served as that service's empty state, given by `absent`.
 */
export function fromEstate<T>(fetched: Fetched<T> | undefined, absent: T, statusFor: (code: string) => number): Answer<T> {
  if (fetched === undefined) return { value: absent };
  if (fetched.error) {
    const { code, message, httpStatus } = fetched.error;
    return failure(code, message, httpStatus ?? statusFor(code));
  }
  return { value: fetched.value };
}

/** One page of `items` and the token for the next, or undefined when `token` is not one this listing issued. */
export function pageOf<T>(items: readonly T[], token: string | undefined, size: number, listing: string): { items: T[]; next?: string } | undefined {
  const page = pageOfListing(items, listing, token ?? null, size);
  return page === 'invalid-token' ? undefined : page;
}

/** A request id that is reproducible for a given SDK attempt and distinct across invocations and attempts. */
export function requestIdFor(request: SimRequest): string {
  const invocation = request.headers['amz-sdk-invocation-id'];
  const seed = invocation ? `${invocation} ${request.headers['amz-sdk-request'] ?? ''}` : `${request.method} ${request.hostname}${request.path} ${request.body}`;
  return createHash('sha256').update(seed).digest('hex').slice(0, 16).toUpperCase();
}

/** Seconds since the epoch, the wire form of timestamps in the JSON protocols. */
export function epochSeconds(iso: string): number {
  return Date.parse(iso) / 1000;
}
