/**
 * The store as a scan's sink: every in-scope finding (whatever the output statuses) is written to
 * the tenant's store in batches, with progress counted as batches are acknowledged. A batch is
 * acknowledged once stored, so a server killed mid-scan loses no finding it acknowledged (and a
 * batch written twice after a retry changes nothing: the store is idempotent per scan and uid).
 */
import type { Finding } from '@palisade/core';
import type { ScanSink } from '@palisade/engine';
import type { FindingInput, TenantStore } from '@palisade/store';

export function toFindingInput(finding: Finding): FindingInput {
  return {
    uid: finding.uid,
    checkId: finding.check.id,
    title: finding.check.title,
    service: finding.check.service,
    status: finding.status,
    severity: finding.severity,
    message: finding.message,
    provider: finding.provider,
    accountUid: finding.accountId,
    ...(finding.accountName ? { accountName: finding.accountName } : {}),
    region: finding.region,
    resource: { uid: finding.resource.uid, name: finding.resource.name, type: finding.resource.type },
    compliance: finding.compliance,
    ...(finding.muted ? { muted: { reason: finding.muted.reason, rule: finding.muted.rule, ...(finding.muted.expires ? { expires: finding.muted.expires } : {}) } } : {}),
    ...(finding.error ? { error: { api: finding.error.api, code: finding.error.code, message: finding.error.message } } : {}),
    time: finding.time,
  };
}

export interface StoreSinkOptions {
  /** Findings per store write (default 2,000). */
  readonly batchSize?: number;
  /** After each stored batch: how many findings are stored so far. */
  readonly onStored?: (stored: number) => void;
}

export function createStoreSink(store: TenantStore, scanId: string, options: StoreSinkOptions = {}): ScanSink & { readonly stored: () => number; readonly flush: () => Promise<void> } {
  const batchSize = options.batchSize ?? 2000;
  let pending: FindingInput[] = [];
  let stored = 0;
  const flush = async () => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    await store.insertFindings(scanId, batch);
    stored += batch.length;
    options.onStored?.(stored);
  };
  return {
    receives: 'all',
    async write(batch) {
      for (const finding of batch) pending.push(toFindingInput(finding));
      if (pending.length >= batchSize) await flush();
    },
    async end() {
      await flush();
    },
    stored: () => stored,
    flush,
  };
}
