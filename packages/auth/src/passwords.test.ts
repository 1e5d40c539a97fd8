import { describe, expect, it } from 'vitest';
import { PasswordPolicyError } from './errors.ts';
import { OWASP_ARGON2_PARAMETERS, checkPasswordPolicy, createPasswordHasher, hashPassword, verifyPassword } from './passwords.ts';

describe('hashPassword / verifyPassword', () => {
  it('hashes with argon2id at the OWASP parameters and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(OWASP_ARGON2_PARAMETERS).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword(hash, '')).toBe(false);
  });

  it('salts every hash', async () => {
    const hasher = createPasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const [first, second] = await Promise.all([hasher.hash('same password here'), hasher.hash('same password here')]);
    expect(first).not.toBe(second);
    expect(await hasher.verify(second, 'same password here')).toBe(true);
  });

  it('treats composed and decomposed accents as one password (NFKC)', async () => {
    const hasher = createPasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const hash = await hasher.hash('mot de passe d\u00e9j\u00e0 vu');
    expect(await hasher.verify(hash, 'mot de passe de\u0301ja\u0300 vu')).toBe(true);
  });

  it('asks for a re-hash when the stored parameters are weaker than the current ones', async () => {
    const weak = createPasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const hash = await weak.hash('long enough password');
    expect(weak.needsRehash(hash)).toBe(false);
    expect(createPasswordHasher().needsRehash(hash)).toBe(true);
  });

  it('refuses a stored hash that is not argon2', async () => {
    await expect(verifyPassword('$2b$10$abcdefghijklmnopqrstuv', 'whatever password')).rejects.toThrow('not an argon2 PHC string');
  });

  it('enforces the policy before hashing', async () => {
    await expect(hashPassword('short', undefined, 'newPassword')).rejects.toThrow('newPassword: must be at least 12 characters long (it has 5).');
  });
});

describe('checkPasswordPolicy', () => {
  it('accepts 12 to 256 characters, counted as characters rather than bytes', () => {
    expect(() => checkPasswordPolicy('a'.repeat(12))).not.toThrow();
    expect(() => checkPasswordPolicy('a'.repeat(256))).not.toThrow();
    expect(() => checkPasswordPolicy('\u{1F510}'.repeat(12))).not.toThrow();
  });

  it('names the field and the limit', () => {
    const tooShort = capture(() => checkPasswordPolicy('a'.repeat(11), 'newPassword'));
    expect(tooShort).toBeInstanceOf(PasswordPolicyError);
    expect(tooShort).toMatchObject({ code: 'PasswordPolicy', field: 'newPassword', message: 'newPassword: must be at least 12 characters long (it has 11).' });
    expect(capture(() => checkPasswordPolicy('a'.repeat(257)))).toMatchObject({ field: 'password', message: 'password: must be at most 256 characters long (it has 257).' });
    expect(capture(() => checkPasswordPolicy(42))).toMatchObject({ message: 'password: must be a string.' });
  });
});

function capture(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
