/**
 * API key format: `pal_<12 hex>_<43 base64url>`, e.g. `pal_3f9c0a61b2d4_Jx…`. The `pal_` start lets
 * secret scanners and the log redaction recognize a key; `pal_<12 hex>` is the key's prefix, shown
 * in lists and used to find the key (the store's `findApiKeyByPrefix`); the rest is 256 random
 * bits. The store keeps the prefix and the SHA-256 of the whole key, never the key.
 */
import { randomBytes } from 'node:crypto';
import { hashToken, randomToken } from './random-tokens.ts';

const KEY_PATTERN = /^(pal_[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  /** Shown to its creator once; never stored. */
  readonly key: string;
  /** `pal_<12 hex>`: stored, shown in lists, unique. */
  readonly prefix: string;
  /** SHA-256 (hex) of the whole key: stored. */
  readonly hash: string;
}

export function createApiKey(): NewApiKey {
  const prefix = `pal_${randomBytes(6).toString('hex')}`;
  const key = `${prefix}_${randomToken(32)}`;
  return { key, prefix, hash: hashToken(key) };
}

/** The prefix of a well-formed key, or undefined for anything else. */
export function apiKeyPrefix(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith('pal_');
}
