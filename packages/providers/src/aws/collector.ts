import type {
  AwsGlobalServiceName,
  AwsGlobalServices,
  AwsPartition,
  AwsRegionalServiceName,
  AwsRegionalServices,
} from '@palisade/core';
import type { AwsClientFactory } from './clients.ts';
import type { ScopedGateway } from './gateway.ts';

/** What a collector needs for one account and region. Global services get the account's home region. */
export interface CollectorContext {
  readonly accountId: string;
  readonly partition: AwsPartition;
  readonly region: string;
  readonly gateway: ScopedGateway;
  readonly clients: AwsClientFactory;
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
