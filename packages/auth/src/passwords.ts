/**
 * Password hashing with argon2id and the password policy.
 *
 * Parameters follow the OWASP Password Storage Cheat Sheet's argon2id minimum (19 MiB of memory,
 * two passes, one lane); about 80 ms per hash or check on one core. The PHC string stores them, so
 * raising them later still verifies old hashes, and a sign-in re-hashes a password whose hash used
 * weaker ones (`needsRehash`). Passwords are normalized to Unicode NFKC before hashing, so one
 * password typed on two keyboards (composed or decomposed accents) is one password.
 */
import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { PasswordPolicyError } from './errors.ts';

export interface Argon2Parameters {
  /** KiB of memory. */
  readonly memoryCost: number;
  /** Passes over the memory. */
  readonly timeCost: number;
  /** Lanes. */
  readonly parallelism: number;
}

/** OWASP's argon2id minimum: m = 19 MiB, t = 2, p = 1. */
export const OWASP_ARGON2_PARAMETERS: Argon2Parameters = { memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 12;
/** Bounds the work one sign-in request can cause, and no passphrase needs more. */
export const PASSWORD_MAX_LENGTH = 256;

/** Hashes and checks passwords; the sign-in service takes one so that tests can count its work. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password; throws only for a stored hash that is not an argon2 PHC string. */
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** True when the hash was made with other parameters than this hasher's (re-hash on the next sign-in). */
  needsRehash(passwordHash: string): boolean;
}

export function createPasswordHasher(parameters: Argon2Parameters = OWASP_ARGON2_PARAMETERS): PasswordHasher {
  return {
    hash: (password) => argon2.hash(normalize(password), { type: argon2.argon2id, ...parameters }),
    async verify(passwordHash, password) {
      if (!passwordHash.startsWith('$argon2')) throw new Error('The stored password hash is not an argon2 PHC string.');
      return argon2.verify(passwordHash, normalize(password));
    },
    needsRehash: (passwordHash) => !passwordHash.startsWith('$argon2id$') || argon2.needsRehash(passwordHash, parameters),
  };
}

const defaultHasher = createPasswordHasher();

/** Checks the policy, then hashes with argon2id at the OWASP parameters (or those given). */
export async function hashPassword(password: string, parameters?: Argon2Parameters, field = 'password'): Promise<string> {
  checkPasswordPolicy(password, field);
  return (parameters ? createPasswordHasher(parameters) : defaultHasher).hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return defaultHasher.verify(passwordHash, password);
}

/** Throws `PasswordPolicyError` naming `field` when a new password is too short or too long. */
export function checkPasswordPolicy(password: unknown, field = 'password'): asserts password is string {
  if (typeof password !== 'string') throw new PasswordPolicyError(field, 'must be a string.');
  const length = [...normalize(password)].length;
  if (length < PASSWORD_MIN_LENGTH) throw new PasswordPolicyError(field, `must be at least ${PASSWORD_MIN_LENGTH} characters long (it has ${length}).`);
  if (length > PASSWORD_MAX_LENGTH) throw new PasswordPolicyError(field, `must be at most ${PASSWORD_MAX_LENGTH} characters long (it has ${length}).`);
}

/** A hash of a random password with the hasher's parameters: what an unknown email is checked against. */
export function dummyPasswordHash(hasher: PasswordHasher): Promise<string> {
  return hasher.hash(randomBytes(32).toString('base64url'));
}

function normalize(password: string): string {
  return password.normalize('NFKC');
}
