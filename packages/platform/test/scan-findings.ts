/** A scan's stored findings as comparable keys (every field a scan decides, none of the store's bookkeeping), sorted: for tests that run one scan two ways. */
import type { StoredFinding, TenantStore } from '@palisade/store';

export const findingKey = (finding: StoredFinding): string =>
  JSON.stringify([finding.uid, finding.status, finding.severity, finding.message, finding.region, finding.accountUid, finding.checkId, finding.resource, finding.compliance, finding.muted ?? null, finding.error ?? null]);

export async function findingsOf(tenant: TenantStore, scanId: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await tenant.listFindings({ scanId, limit: 1000, ...(cursor ? { cursor } : {}) });
    keys.push(...page.items.map(findingKey));
    cursor = page.nextCursor;
  } while (cursor);
  return keys.sort();
}
