/**
 * Typed errors with stable codes. Only the CLI maps them to exit codes and only the API maps them
 * to HTTP statuses; everything else throws or returns them as data.
 */

export const ERROR_CODES = {
  USAGE: 'Invalid command-line usage (unknown option, bad value, conflicting flags).',
  CONFIG_INVALID: 'The configuration file is malformed or has an invalid field.',
  MUTELIST_INVALID: 'The mutelist file is malformed or has an invalid rule.',
  SNAPSHOT_INVALID: 'The snapshot file is unreadable, truncated or of an unknown format.',
  REQUEST_INVALID: 'A scan request (the plain data the engine runs) is malformed or has an invalid field; the message names the field.',
  CREDENTIALS: 'No usable cloud credentials were found, or they were rejected.',
  OUTPUT: 'An output file could not be written.',
  INTERRUPTED: 'The scan was interrupted (Ctrl-C) or hit its timeout.',
  INTERNAL: 'An unexpected internal error.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class PalisadeError extends Error {
  override readonly name: string = 'PalisadeError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bad input from the user: a file (with line and field when known) or a flag. */
export class InputError extends PalisadeError {
  override readonly name = 'InputError';
  constructor(
    code: 'USAGE' | 'CONFIG_INVALID' | 'MUTELIST_INVALID' | 'SNAPSHOT_INVALID' | 'REQUEST_INVALID',
    message: string,
    readonly location?: { readonly file?: string; readonly line?: number; readonly field?: string },
  ) {
    super(code, formatLocation(location) + message);
  }
}

export class CredentialsError extends PalisadeError {
  override readonly name = 'CredentialsError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('CREDENTIALS', message, options);
  }
}

function formatLocation(location: InputError['location']): string {
  if (!location?.file) return location?.field ? `${location.field}: ` : '';
  const line = location.line === undefined ? '' : `:${location.line}`;
  const field = location.field ? ` (${location.field})` : '';
  return `${location.file}${line}${field}: `;
}
