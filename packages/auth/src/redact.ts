/**
 * Log redaction: a copy of a value with every field whose name says it holds a secret replaced by
 * "[redacted]", at any depth; such a field goes whole, whatever it holds (`credentials: {…}`).
 * Names are compared lower-cased without `_`/`-`, so `secret_access_key`, `SecretAccessKey` and
 * `x-api-key` match alike. Names ending in `id`, `ids` or `prefix` (`keyId`, `accessKeyId`,
 * `secretId`, `kekId`) are identifiers, not secrets, and stay.
 */

export const REDACTED = '[redacted]';

const SECRET_SUFFIXES = ['key', 'token', 'tokens', 'tokenhash', 'secret', 'secrets', 'password', 'passwords', 'credential', 'credentials', 'authorization', 'cookie', 'signature'];
const SECRET_PARTS = ['password', 'passwd', 'passphrase', 'secret', 'privatekey', 'sessiontoken', 'cookie'];
const IDENTIFIER_SUFFIXES = ['id', 'ids', 'prefix'];

export function isSecretFieldName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (IDENTIFIER_SUFFIXES.some((suffix) => normalized.endsWith(suffix))) return false;
  return SECRET_SUFFIXES.some((suffix) => normalized.endsWith(suffix)) || SECRET_PARTS.some((part) => normalized.includes(part));
}

/** A redacted copy; the value itself is not modified. Cycles become "[circular]". */
export function redact<T>(value: T): T {
  return redactValue(value, new WeakSet()) as T;
}

function redactValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
    if (value instanceof Map) return new Map([...value].map(([key, item]) => [key, typeof key === 'string' && isSecretFieldName(key) ? REDACTED : redactValue(item, seen)]));
    if (value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value)) return value;
    const copy: Record<string, unknown> = {};
    // An error's name and message are not enumerable; keep them (and its stack) for the log.
    if (value instanceof Error) {
      copy.name = value.name;
      copy.message = value.message;
      if (value.stack !== undefined) copy.stack = value.stack;
      if (value.cause !== undefined) copy.cause = redactValue(value.cause, seen);
    }
    for (const [key, item] of Object.entries(value)) copy[key] = isSecretFieldName(key) ? REDACTED : redactValue(item, seen);
    return copy;
  } finally {
    seen.delete(value);
  }
}
