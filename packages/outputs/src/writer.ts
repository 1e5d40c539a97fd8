import type { Finding } from '@palisade/core';

/** What every output knows about the scan that produced its findings. */
export interface ScanInfo {
  readonly scanId: string;
  /** ISO time the scan started. */
  readonly startedAt: string;
  readonly productVersion: string;
  /**
   * The provider whose findings the scan writes, where a file's layout depends on it (the CSV of an
   * Azure scan has a `tenant_id` column); absent: the AWS layout.
   */
  readonly provider?: string;
}

/**
 * A file output that receives findings in batches. Each `write` appends whole records only, so an
 * interrupted run never leaves half a record; `close` completes the file and may be called more than
 * once (the engine also calls it on Ctrl-C), after which the file is always valid.
 */
export interface FindingWriter {
  readonly format: string;
  readonly path: string;
  write(batch: readonly Finding[]): Promise<void>;
  close(): Promise<void>;
}
