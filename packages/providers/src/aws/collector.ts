import { InputError } from '@palisade/core';
import type { ApiError } from '@palisade/core';
import type {
  AwsGlobalServiceName,
  AwsGlobalServices,
  AwsPartition,
  AwsRegionalServiceName,
  AwsRegionalServices,
} from '@palisade/core/aws';
import type { AwsClientFactory } from './clients.ts';
import type { ScopedGateway } from './gateway.ts';

/** What a collector needs for one account and region. Global services get the account's home region. */
export interface CollectorContext {
  readonly accountId: string;
  readonly partition: AwsPartition;
  readonly region: string;
  readonly gateway: ScopedGateway;
  readonly clients: AwsClientFactory;
  /** Caps on per-resource detail calls; a missing cap means every listed resource is detailed. */
  readonly limits?: CollectorLimits;
  /**
   * A targeted re-scan: the ARNs of the only resources to read. Collectors that can read one
   * resource by its id (S3 buckets, EC2 security groups and network ACLs) read just those (none
   * when no ARN is of their kind); the others read their service whole.
   */
  readonly targets?: ReadonlySet<string>;
}

/**
 * The most resources of one kind that get per-resource detail calls in one collector run (one
 * account for global services, one account and region for regional ones). Resources past the cap
 * are still listed, but their detail fields carry a `DetailCapReached` error, so checks report
 * ERROR for them rather than a PASS built on missing data.
 */
export interface CollectorLimits {
  readonly s3Buckets?: number;
  readonly iamUsers?: number;
  readonly kmsKeys?: number;
  readonly snsTopics?: number;
  readonly rdsSnapshots?: number;
  readonly efsFileSystems?: number;
  readonly cloudTrailTrails?: number;
}

export type CollectorLimitName = keyof CollectorLimits;

/** The error code of a part a targeted re-scan did not read (see `CollectorContext.targets`). */
export const NOT_IN_TARGETED_SCAN = 'NotInTargetedScan';

/** The error code a capped resource's detail fields carry. */
export const DETAIL_CAP_REACHED = 'DetailCapReached';

const LIMITED_RESOURCES: { readonly [K in CollectorLimitName]: { readonly plural: string; readonly singular: string; readonly scope: string } } = {
  s3Buckets: { plural: 'S3 buckets', singular: 'bucket', scope: 'per account' },
  iamUsers: { plural: 'IAM users', singular: 'user', scope: 'per account' },
  kmsKeys: { plural: 'KMS keys', singular: 'key', scope: 'per account and region' },
  snsTopics: { plural: 'SNS topics', singular: 'topic', scope: 'per account and region' },
  rdsSnapshots: { plural: 'RDS manual snapshots', singular: 'snapshot', scope: 'per account and region' },
  efsFileSystems: { plural: 'EFS file systems', singular: 'file system', scope: 'per account and region' },
  cloudTrailTrails: { plural: 'CloudTrail trails', singular: 'trail', scope: 'per account and region' },
};

export const COLLECTOR_LIMIT_NAMES = Object.keys(LIMITED_RESOURCES) as readonly CollectorLimitName[];

export interface DetailCap<T> {
  /** The first items, up to the cap, in listing order: these get detail calls. */
  readonly detailed: readonly T[];
  /** The rest: listed without detail calls. */
  readonly capped: readonly T[];
  /** The error for one detail field of a capped item; `api` is the call that was not made. */
  capError(api: string, resourceUid: string): ApiError;
}

/** Splits listed resources into those that get detail calls and those past the cap (`context.limits[name]`). */
export function capDetails<T>(items: readonly T[], context: Pick<CollectorContext, 'limits' | 'region'>, name: CollectorLimitName): DetailCap<T> {
  const limit = context.limits?.[name];
  const cut = limit === undefined ? items.length : limit;
  const detailed = items.slice(0, cut);
  const capped = items.slice(cut);
  const { plural, singular, scope } = LIMITED_RESOURCES[name];
  const message =
    `detail calls capped at ${limit} ${plural} ${scope} (limits.${name}); ${capped.length} of ${items.length} listed without details; ` +
    `raise the limit to evaluate this ${singular}`;
  return {
    detailed,
    capped,
    capError: (api, resourceUid) => ({ api, code: DETAIL_CAP_REACHED, message, region: context.region, resourceUid }),
  };
}

/** Checks limits read from flags or a config file: known names, whole numbers of at least 0. */
export function validateCollectorLimits(limits: Readonly<Record<string, unknown>>, field = 'limits'): CollectorLimits {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(limits)) {
    if (!(COLLECTOR_LIMIT_NAMES as readonly string[]).includes(name)) {
      throw new InputError('USAGE', `unknown limit; known: ${COLLECTOR_LIMIT_NAMES.join(', ')}`, { field: `${field}.${name}` });
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new InputError('USAGE', `must be a whole number of 0 or more, got ${JSON.stringify(value)}`, { field: `${field}.${name}` });
    }
    out[name] = value;
  }
  return out as CollectorLimits;
}

/**
 * Fetches one service once for an account (global) or an account and region (regional).
 * A collector never throws for API failures: every list and detail is a `Fetched` value.
 */
export interface GlobalCollector<K extends AwsGlobalServiceName> {
  readonly service: K;
  readonly scope: 'global';
  collect(context: CollectorContext): Promise<AwsGlobalServices[K]>;
}

export interface RegionalCollector<K extends AwsRegionalServiceName> {
  readonly service: K;
  readonly scope: 'regional';
  collect(context: CollectorContext): Promise<AwsRegionalServices[K]>;
}

export type AnyCollector =
  | { [K in AwsGlobalServiceName]: GlobalCollector<K> }[AwsGlobalServiceName]
  | { [K in AwsRegionalServiceName]: RegionalCollector<K> }[AwsRegionalServiceName];

/** Runs `fn` over items with at most `limit` in flight; keeps input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      out[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** SDK tag lists (`[{ Key, Value }]`) as a plain record. */
export function tagsFromList(list: readonly { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of list ?? []) if (tag.Key !== undefined) out[tag.Key] = tag.Value ?? '';
  return out;
}

/** SDK dates (Date objects) as ISO strings; snapshots hold only serializable values. */
export function isoDate(value: Date | string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}
