/**
 * Exit codes, the CLI's contract with CI pipelines. Errors become codes here and nowhere else.
 */
import { PalisadeError } from '@palisade/core';

export const EXIT = {
  /** The scan ran and found no unmuted FAIL. */
  OK: 0,
  /** A runtime error: no credentials, an output file that fails while written, internal failure. */
  RUNTIME_ERROR: 1,
  /**
   * Bad usage or bad input: flags (an unknown region, check or framework; an output directory that
   * cannot be created), config, mutelist, snapshot. A snapshot damaged after its first accounts
   * still exits 2, with outputs holding the accounts read before the damage.
   */
  USAGE: 2,
  /** The scan ran and found at least one unmuted FAIL. */
  FAILED_CHECKS: 3,
  /** Stopped by --scan-timeout; outputs hold what was scanned and the summary lists the rest. */
  TIMED_OUT: 4,
  /** Interrupted by Ctrl-C (SIGINT); outputs hold what was written until then. */
  INTERRUPTED: 130,
  /** Stopped by SIGTERM (`docker stop`, a cancelled CI job), handled as Ctrl-C is; 128 + 15. */
  TERMINATED: 143,
  /** Stopped by SIGHUP (the terminal closed), handled as Ctrl-C is; 128 + 1. */
  HANGUP: 129,
} as const;

export function exitCodeForError(error: unknown): number {
  if (error instanceof PalisadeError) {
    switch (error.code) {
      case 'USAGE':
      case 'CONFIG_INVALID':
      case 'MUTELIST_INVALID':
      case 'SNAPSHOT_INVALID':
      case 'REQUEST_INVALID':
        return EXIT.USAGE;
      case 'INTERRUPTED':
        return EXIT.INTERRUPTED;
      default:
        return EXIT.RUNTIME_ERROR;
    }
  }
  return EXIT.RUNTIME_ERROR;
}
