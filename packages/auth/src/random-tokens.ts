/**
 * Random bearer secrets (refresh tokens, API keys) and their stored form.
 *
 * They are 256 random bits, so a fast SHA-256 is the right hash: a slow password hash (argon2)
 * exists to make guessing a low-entropy secret expensive, and there is nothing to guess here —
 * 2^256 candidates stay out of reach at any hashing speed. A fast hash also lets a token be found
 * by its hash (an index lookup) and keeps each API request cheap; argon2 at ~80 ms per request
 * would be a denial-of-service lever.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes (256 bits) as base64url, 43 characters. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a token as 64 lower-case hex characters: what the store keeps. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two hex hashes in time independent of where they differ. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
