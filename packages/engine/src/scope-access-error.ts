import type { ScanError } from '@palisade/core';

/** A scope that could not be reached (a member role that cannot be assumed): a scan error, and a line of what was not scanned. */
export class ScopeAccessError extends Error {
  constructor(
    readonly scanError: ScanError,
    readonly notScanned: string,
  ) {
    super(scanError.error.message);
    this.name = 'ScopeAccessError';
  }
}
