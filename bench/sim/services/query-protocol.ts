/**
 * What the query-protocol simulators (STS, IAM, EC2) share: form-encoded request parameters,
 * response and error documents, opaque page tokens, stable synthetic ids, and serving a failed
 * estate read (`Fetched` error) as the API error it records.
 */
import { createHash } from 'node:crypto';
import type { ApiError, Fetched, Tags } from '@palisade/core';
import type { SimRequest, SimResponse } from '../types.ts';
import { xmlDocument } from '../xml.ts';
import type { XmlNode } from '../xml.ts';

const XML_HEADERS = { 'content-type': 'text/xml' } as const;

/** The request's parameters: the form body of a POST, merged over the URL query of a GET. */
export function queryParams(request: SimRequest): URLSearchParams {
  const params = new URLSearchParams(request.query);
  const type = request.headers['content-type'] ?? '';
  if (request.body && (type === '' || type.includes('x-www-form-urlencoded'))) {
    for (const [name, value] of new URLSearchParams(request.body)) params.set(name, value);
  }
  return params;
}

/** awsQuery lists: `Name.member.1`, `Name.member.2`, ... */
export function memberList(params: URLSearchParams, name: string): string[] {
  return numbered(params, (n) => `${name}.member.${n}`);
}

/** EC2 lists: `Name.1`, `Name.2`, ... */
export function indexedList(params: URLSearchParams, name: string): string[] {
  return numbered(params, (n) => `${name}.${n}`);
}

function numbered(params: URLSearchParams, key: (n: number) => string): string[] {
  const out: string[] = [];
  for (let n = 1; params.has(key(n)); n += 1) out.push(params.get(key(n)) ?? '');
  return out;
}

/** EC2 filters: `Filter.1.Name` with `Filter.1.Value.1`, ... */
export function ec2Filters(params: URLSearchParams): { name: string; values: string[] }[] {
  const out: { name: string; values: string[] }[] = [];
  for (let n = 1; params.has(`Filter.${n}.Name`); n += 1) {
    out.push({ name: params.get(`Filter.${n}.Name`) ?? '', values: indexedList(params, `Filter.${n}.Value`) });
  }
  return out;
}

/** A request id that differs per request and is the same when the same signed request is replayed. */
export function requestId(request: SimRequest): string {
  const hex = createHash('sha1').update(`${request.headers['authorization'] ?? ''}\n${request.headers['amz-sdk-invocation-id'] ?? ''}\n${request.body}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** `<ActionResponse xmlns><ActionResult>...</ActionResult><ResponseMetadata>` as IAM and STS answer. */
export function awsQueryResponse(request: SimRequest, namespace: string, action: string, result: XmlNode | undefined): SimResponse {
  const body = xmlDocument(`${action}Response`, { xmlns: namespace }, {
    ...(result ? { [`${action}Result`]: result } : {}),
    ResponseMetadata: { RequestId: requestId(request) },
  });
  return { status: 200, headers: XML_HEADERS, body };
}

/** `<ErrorResponse><Error><Type>` as IAM and STS answer; Receiver marks the service's own faults. */
export function awsQueryError(request: SimRequest, namespace: string, code: string, message: string, status: number): SimResponse {
  const body = xmlDocument('ErrorResponse', { xmlns: namespace }, {
    Error: { Type: status >= 500 ? 'Receiver' : 'Sender', Code: code, Message: message },
    RequestId: requestId(request),
  });
  return { status, headers: XML_HEADERS, body };
}

/** A listing that failed when the estate was recorded is served as that failure. */
export interface EstateError {
  readonly code: string;
  readonly message: string;
  readonly status: number;
}

export function estateError(error: ApiError, fallbackStatus = 403): EstateError {
  return { code: error.code, message: error.message, status: error.httpStatus ?? fallbackStatus };
}

/** The value, or the recorded failure to serve instead. */
export function served<T>(fetched: Fetched<T>): { value: T } | { failure: EstateError } {
  return fetched.error ? { failure: estateError(fetched.error) } : { value: fetched.value };
}

/**
 * One page of `items` from an opaque token. Tokens name the listing they belong to, so a token
 * from another listing (or a made-up one) is rejected rather than misread.
 */
export function pageOf<T>(items: readonly T[], listing: string, token: string | null, size: number | undefined): { items: T[]; next?: string } | 'invalid-token' {
  let start = 0;
  if (token) {
    const decoded = decodeToken(token);
    if (!decoded || decoded.listing !== listing || decoded.offset > items.length) return 'invalid-token';
    start = decoded.offset;
  }
  const end = size === undefined ? items.length : Math.min(items.length, start + size);
  return { items: items.slice(start, end), ...(end < items.length ? { next: encodeToken(listing, end) } : {}) };
}

function encodeToken(listing: string, offset: number): string {
  return Buffer.from(JSON.stringify({ l: listing, o: offset })).toString('base64url');
}

function decodeToken(token: string): { listing: string; offset: number } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { l?: unknown; o?: unknown };
    if (typeof parsed.l !== 'string' || typeof parsed.o !== 'number' || !Number.isInteger(parsed.o) || parsed.o < 0) return undefined;
    return { listing: parsed.l, offset: parsed.o };
  } catch {
    return undefined;
  }
}

/** An integer parameter; `invalid` when present but not a whole number. */
export function integerParam(params: URLSearchParams, name: string): number | undefined | 'invalid' {
  const raw = params.get(name);
  if (raw === null) return undefined;
  return /^-?\d+$/.test(raw) ? Number(raw) : 'invalid';
}

/** An id AWS would have assigned but the estate does not record (role ids, reservation ids): stable per seed. */
export function stableId(prefix: string, seed: string, length: number, alphabet: 'hex' | 'upper' = 'hex'): string {
  const digest = createHash('sha256').update(seed).digest();
  const chars = alphabet === 'hex' ? '0123456789abcdef' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  for (let i = 0; out.length < length; i += 1) out += chars[(digest[i % digest.length] ?? 0) % chars.length];
  return `${prefix}${out}`;
}

/**
 * An estate timestamp on the wire. IAM writes whole seconds (`2024-01-02T03:04:05Z`), EC2 writes
 * milliseconds; fractions the estate holds are kept either way so nothing is lost in transit.
 * An empty or unreadable estate date is left out, as AWS leaves out a date it does not have.
 */
export function wireTimestamp(iso: string | undefined, style: 'seconds' | 'millis'): string | undefined {
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) return undefined;
  const full = new Date(time).toISOString();
  return style === 'seconds' && full.endsWith('.000Z') ? `${full.slice(0, -5)}Z` : full;
}

/** Tags as the SDK's `[{ Key, Value }]`, in the estate's order. */
export function tagList(tags: Tags): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
