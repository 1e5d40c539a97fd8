import { createHash } from 'node:crypto';

/**
 * A finding's uid is stable across scans so findings can be diffed and triaged over time:
 * the same check on the same resource in the same account and region always has the same uid.
 */
export function findingUid(parts: {
  readonly provider: string;
  readonly checkId: string;
  readonly accountId: string;
  readonly region: string;
  readonly resourceUid: string;
}): string {
  const digest = createHash('sha256')
    .update([parts.provider, parts.checkId, parts.accountId, parts.region, parts.resourceUid].join('\u0000'))
    .digest('hex')
    .slice(0, 24);
  return `palisade-${parts.provider}-${parts.accountId}-${digest}`;
}
