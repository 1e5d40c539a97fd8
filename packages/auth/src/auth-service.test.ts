import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt } from 'jose';
import { PERMISSIONS, type ApiKey, type CustomRole, type Membership, type RefreshToken, type Store, type User } from '@palisade/store';
import { beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { createApiKey } from './api-keys.ts';
import { createAuthService, type AuthService, type AuthServiceOptions, type AuthStore } from './auth-service.ts';
import { AccountLockedError, AuthError, TenantRequiredError } from './errors.ts';
import { createPasswordHasher, type PasswordHasher } from './passwords.ts';
import { hashToken } from './random-tokens.ts';

// A real store is an AuthStore.
expectTypeOf<Store>().toExtend<AuthStore>();

// ---- An in-memory store of just the methods sign-in calls ----

class MemoryAuthStore implements AuthStore {
  readonly users = new Map<string, User>();
  readonly memberships: Membership[] = [];
  readonly roles: CustomRole[] = [];
  readonly apiKeys: ApiKey[] = [];
  readonly refreshTokens: RefreshToken[] = [];
  /** Simulates a concurrent refresh that marked a token used between find and use. */
  stealNextUse = false;

  readonly system: AuthStore['system'] = {
    findUserByEmail: async (email) => [...this.users.values()].find((user) => user.email === email),
    getUser: async (id) => this.users.get(id),
    updateUser: async (id, patch) => {
      const user = this.users.get(id);
      if (!user) return undefined;
      const { lockedUntil, ...rest } = patch;
      const updated: User = { ...user, ...rest, ...(lockedUntil === undefined ? {} : { lockedUntil: lockedUntil ?? undefined }) };
      this.users.set(id, updated);
      return updated;
    },
    membershipsOfUser: async (userId) => this.memberships.filter((membership) => membership.userId === userId),
    findApiKeyByPrefix: async (prefix) => this.apiKeys.find((key) => key.prefix === prefix),
    touchApiKey: async (id, at) => {
      const index = this.apiKeys.findIndex((key) => key.id === id);
      if (index >= 0) this.apiKeys[index] = { ...this.apiKeys[index]!, lastUsedAt: at };
    },
    createRefreshToken: async (token) => {
      const stored: RefreshToken = { ...token, id: randomUUID(), createdAt: new Date().toISOString() };
      this.refreshTokens.push(stored);
      return stored;
    },
    findRefreshToken: async (hash) => this.refreshTokens.find((token) => token.hash === hash),
    useRefreshToken: async (id, at) => {
      const index = this.refreshTokens.findIndex((token) => token.id === id);
      const token = this.refreshTokens[index];
      if (!token || token.usedAt || token.revokedAt || this.stealNextUse) return false;
      this.refreshTokens[index] = { ...token, usedAt: at };
      return true;
    },
    revokeRefreshFamily: async (familyId, at) => {
      this.refreshTokens.forEach((token, index) => {
        if (token.familyId === familyId && !token.revokedAt) this.refreshTokens[index] = { ...token, revokedAt: at };
      });
    },
  };

  forTenant(tenantId: string): ReturnType<AuthStore['forTenant']> {
    return { getRole: async (name) => this.roles.find((role) => role.tenantId === tenantId && role.name === name) };
  }

  addUser(user: Partial<User> & Pick<User, 'email' | 'passwordHash'>): User {
    const stored: User = { id: randomUUID(), createdAt: '2026-01-01T00:00:00.000Z', disabled: false, failedLogins: 0, ...user };
    this.users.set(stored.id, stored);
    return stored;
  }

  addMember(userId: string, tenantId: string, role: string): void {
    this.memberships.push({ userId, tenantId, role, createdAt: '2026-01-01T00:00:00.000Z' });
  }

  user(email: string): User {
    return [...this.users.values()].find((user) => user.email === email)!;
  }
}

/** A cheap argon2id hasher that counts its work, so tests can compare the work of two paths. */
function countingHasher(): PasswordHasher & { readonly verified: string[] } {
  const inner = createPasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
  const verified: string[] = [];
  return {
    verified,
    hash: (password) => inner.hash(password),
    verify: (hash, password) => {
      verified.push(hash);
      return inner.verify(hash, password);
    },
    needsRehash: (hash) => inner.needsRehash(hash),
  };
}

const SECRET = 'a test signing secret of 32+ bytes!!';
const PASSWORD = 'correct horse battery staple';
const TENANT = 'tenant-a';
const OTHER_TENANT = 'tenant-b';

let store: MemoryAuthStore;
let hasher: ReturnType<typeof countingHasher>;
let clock: Date;
let auth: AuthService;
let alice: User;

function service(overrides: Partial<AuthServiceOptions> = {}): AuthService {
  return createAuthService({ store, jwtSecret: SECRET, now: () => clock, passwords: hasher, ...overrides });
}

function advance(seconds: number): void {
  clock = new Date(clock.getTime() + seconds * 1000);
}

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

beforeEach(async () => {
  store = new MemoryAuthStore();
  hasher = countingHasher();
  clock = new Date('2026-03-01T10:00:00.000Z');
  alice = store.addUser({ email: 'alice@example.com', passwordHash: await hasher.hash(PASSWORD) });
  store.addMember(alice.id, TENANT, 'analyst');
  auth = service();
});

describe('login', () => {
  it('signs a one-tenant user in to that tenant and records the sign-in', async () => {
    await store.system.updateUser(alice.id, { failedLogins: 3 });
    const result = await auth.login('Alice@Example.com ', PASSWORD);
    expect(result).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, tenantId: TENANT, role: 'analyst', refreshExpiresAt: '2026-03-31T10:00:00.000Z' });
    expect(await auth.verifyAccessToken(result.accessToken)).toEqual({
      kind: 'user',
      userId: alice.id,
      tenantId: TENANT,
      role: 'analyst',
      permissions: ['manage_scans', 'triage_findings', 'read'],
      actor: `user:${alice.id}`,
    });
    expect(decodeJwt(result.accessToken)).toMatchObject({ iss: 'palisade', aud: 'palisade-api', sub: alice.id, iat: 1772359200, exp: 1772359200 + 900 });
    expect(store.user('alice@example.com')).toMatchObject({ failedLogins: 0, lastLoginAt: '2026-03-01T10:00:00.000Z', lockedUntil: undefined });
  });

  it('issues a 256-bit refresh token and stores only its SHA-256', async () => {
    const { refreshToken } = await auth.login('alice@example.com', PASSWORD);
    expect(refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.refreshTokens).toHaveLength(1);
    expect(store.refreshTokens[0]).toMatchObject({ userId: alice.id, tenantId: TENANT, hash: hashToken(refreshToken), expiresAt: '2026-03-31T10:00:00.000Z' });
    expect(JSON.stringify(store.refreshTokens)).not.toContain(refreshToken);
  });

  it('refuses a wrong password and counts the failure', async () => {
    const error = await rejection(auth.login('alice@example.com', 'wrong password!!'));
    expect(error).toMatchObject({ code: 'InvalidCredentials', message: 'Invalid email, password or tenant.' });
    expect(store.user('alice@example.com').failedLogins).toBe(1);
    expect(store.refreshTokens).toHaveLength(0);
  });

  it('answers an unknown email with the same error after the same argon2 work', async () => {
    const wrongPassword = await rejection(auth.login('alice@example.com', 'wrong password!!'));
    const unknown = await rejection(auth.login('nobody@example.com', 'wrong password!!'));
    expect(unknown).toEqual(wrongPassword);
    expect(unknown.constructor).toBe(wrongPassword.constructor);
    expect(hasher.verified).toHaveLength(2);
    const [real, dummy] = hasher.verified;
    expect(dummy).not.toBe(real);
    // Same algorithm and parameters: same cost.
    expect(dummy!.split('$').slice(0, 4)).toEqual(real!.split('$').slice(0, 4));
  });

  it('refuses a disabled user with the bad-credentials error, even with the right password', async () => {
    await store.system.updateUser(alice.id, { disabled: true });
    expect(await rejection(auth.login('alice@example.com', PASSWORD))).toMatchObject({ code: 'InvalidCredentials', message: 'Invalid email, password or tenant.' });
  });

  it('makes a user of several tenants pick one, and refuses a tenant they are not in like bad credentials', async () => {
    store.addMember(alice.id, OTHER_TENANT, 'auditor');
    const unnamed = await rejection(auth.login('alice@example.com', PASSWORD));
    expect(unnamed).toBeInstanceOf(TenantRequiredError);
    expect((unnamed as TenantRequiredError).tenants).toEqual([
      { tenantId: TENANT, role: 'analyst' },
      { tenantId: OTHER_TENANT, role: 'auditor' },
    ]);

    const chosen = await auth.login('alice@example.com', PASSWORD, OTHER_TENANT);
    expect(chosen).toMatchObject({ tenantId: OTHER_TENANT, role: 'auditor' });
    expect((await auth.verifyAccessToken(chosen.accessToken)).permissions).toEqual(['read']);

    const notMember = await rejection(auth.login('alice@example.com', PASSWORD, 'tenant-c'));
    expect(notMember).toMatchObject({ code: 'InvalidCredentials', message: 'Invalid email, password or tenant.' });
    expect(store.user('alice@example.com').failedLogins).toBe(0);
  });

  it('refuses a user who belongs to no tenant', async () => {
    const bob = store.addUser({ email: 'bob@example.com', passwordHash: await hasher.hash(PASSWORD) });
    expect(bob.id).toBeTruthy();
    expect(await rejection(auth.login('bob@example.com', PASSWORD))).toMatchObject({ code: 'InvalidCredentials' });
  });

  it("puts a custom role's stored permissions in the access token", async () => {
    const carol = store.addUser({ email: 'carol@example.com', passwordHash: await hasher.hash(PASSWORD) });
    store.addMember(carol.id, TENANT, 'scan-runner');
    store.roles.push({ tenantId: TENANT, name: 'scan-runner', permissions: ['manage_scans', 'read'], createdAt: '2026-01-01T00:00:00.000Z' });
    store.roles.push({ tenantId: OTHER_TENANT, name: 'scan-runner', permissions: ['manage_users'], createdAt: '2026-01-01T00:00:00.000Z' });
    const { accessToken } = await auth.login('carol@example.com', PASSWORD);
    expect(await auth.verifyAccessToken(accessToken)).toMatchObject({ role: 'scan-runner', permissions: ['manage_scans', 'read'] });
  });

  it('re-hashes a password stored with weaker parameters than the current ones', async () => {
    const weak = createPasswordHasher({ memoryCost: 512, timeCost: 1, parallelism: 1 });
    await store.system.updateUser(alice.id, { passwordHash: await weak.hash(PASSWORD) });
    await auth.login('alice@example.com', PASSWORD);
    const rehashed = store.user('alice@example.com').passwordHash;
    expect(rehashed).toContain('m=1024,');
    expect(await hasher.verify(rehashed, PASSWORD)).toBe(true);
  });
});

describe('lockout', () => {
  it('locks after 5 wrong passwords in a row, refuses even the right password until then, and unlocks after 15 minutes', async () => {
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(await rejection(auth.login('alice@example.com', 'wrong password!!'))).toMatchObject({ code: 'InvalidCredentials' });
    }
    expect(store.user('alice@example.com').failedLogins).toBe(4);
    const locking = await rejection(auth.login('alice@example.com', 'wrong password!!'));
    expect(locking).toBeInstanceOf(AccountLockedError);
    expect(locking).toMatchObject({ code: 'AccountLocked', lockedUntil: '2026-03-01T10:15:00.000Z', message: 'Too many failed sign-ins: the account is locked until 2026-03-01T10:15:00.000Z.' });

    advance(14 * 60);
    const right = await rejection(auth.login('alice@example.com', PASSWORD));
    const wrong = await rejection(auth.login('alice@example.com', 'wrong password!!'));
    // Whatever the password, the same answer: the lock reveals nothing about it.
    expect(right).toEqual(wrong);
    expect(right).toMatchObject({ code: 'AccountLocked', lockedUntil: '2026-03-01T10:15:00.000Z' });
    // The hash was still checked for both, for the same work.
    expect(hasher.verified.slice(-2)).toEqual([alice.passwordHash, alice.passwordHash]);
    expect(store.user('alice@example.com').lockedUntil).toBe('2026-03-01T10:15:00.000Z');

    advance(60);
    const result = await auth.login('alice@example.com', PASSWORD);
    expect(result.tenantId).toBe(TENANT);
    expect(store.user('alice@example.com')).toMatchObject({ failedLogins: 0, lockedUntil: undefined });
  });

  it('counts again from one after a lock has expired', async () => {
    auth = service({ lockout: { maxFailures: 2, lockMinutes: 1 } });
    await rejection(auth.login('alice@example.com', 'wrong password!!'));
    expect(await rejection(auth.login('alice@example.com', 'wrong password!!'))).toMatchObject({ code: 'AccountLocked', lockedUntil: '2026-03-01T10:01:00.000Z' });
    advance(61);
    expect(await rejection(auth.login('alice@example.com', 'wrong password!!'))).toMatchObject({ code: 'InvalidCredentials' });
    expect(await rejection(auth.login('alice@example.com', 'wrong password!!'))).toMatchObject({ code: 'AccountLocked', lockedUntil: '2026-03-01T10:02:01.000Z' });
  });

  it('resets the count on a successful sign-in', async () => {
    for (let attempt = 1; attempt <= 4; attempt++) await rejection(auth.login('alice@example.com', 'wrong password!!'));
    await auth.login('alice@example.com', PASSWORD);
    expect(await rejection(auth.login('alice@example.com', 'wrong password!!'))).toMatchObject({ code: 'InvalidCredentials' });
    expect(store.user('alice@example.com').failedLogins).toBe(1);
  });
});

describe('access tokens', () => {
  it('expire after accessTtlSeconds', async () => {
    const { accessToken } = await auth.login('alice@example.com', PASSWORD);
    advance(899);
    expect((await auth.verifyAccessToken(accessToken)).userId).toBe(alice.id);
    advance(1);
    expect(await rejection(auth.verifyAccessToken(accessToken))).toMatchObject({ code: 'TokenExpired', message: 'The access token has expired: refresh it.' });
  });

  it('reject a changed payload, a changed signature, alg none, another key, issuer or audience, and garbage', async () => {
    const { accessToken } = await auth.login('alice@example.com', PASSWORD);
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const escalated = Buffer.from(JSON.stringify({ ...claims, role: 'owner', perms: PERMISSIONS })).toString('base64url');
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
    const sign = (secret: string, overrides: { issuer?: string; audience?: string; typ?: string } = {}) =>
      new SignJWT({ tid: TENANT, role: 'owner', perms: [...PERMISSIONS] })
        .setProtectedHeader({ alg: 'HS256', typ: overrides.typ ?? 'at+jwt' })
        .setSubject(alice.id)
        .setIssuer(overrides.issuer ?? 'palisade')
        .setAudience(overrides.audience ?? 'palisade-api')
        .setIssuedAt(Math.floor(clock.getTime() / 1000))
        .setExpirationTime(Math.floor(clock.getTime() / 1000) + 900)
        .sign(new TextEncoder().encode(secret));

    // The control: a token made the same way with the right secret passes.
    expect((await auth.verifyAccessToken(await sign(SECRET))).role).toBe('owner');
    const forged = [
      `${header}.${escalated}.${signature}`,
      `${header}.${payload}.${flipped}`,
      `${noneHeader}.${escalated}.`,
      await sign('another secret that is 32+ bytes long'),
      await sign(SECRET, { issuer: 'someone-else' }),
      await sign(SECRET, { audience: 'another-api' }),
      await sign(SECRET, { typ: 'JWT' }),
      'not.a.jwt',
      '',
    ];
    for (const token of forged) {
      expect(await rejection(auth.verifyAccessToken(token))).toMatchObject({ code: 'InvalidToken' });
    }
  });

  it('reject a token whose claims are not what Palisade issues', async () => {
    const token = await new SignJWT({ tid: TENANT, role: 'owner', perms: ['read', 'root'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setSubject(alice.id)
      .setIssuer('palisade')
      .setAudience('palisade-api')
      .setIssuedAt(Math.floor(clock.getTime() / 1000))
      .setExpirationTime(Math.floor(clock.getTime() / 1000) + 900)
      .sign(new TextEncoder().encode(SECRET));
    expect(await rejection(auth.verifyAccessToken(token))).toMatchObject({ code: 'InvalidToken', message: 'The access token lacks its user, tenant, role or permissions.' });
  });

  it('sign with EdDSA and refuse HS256 tokens keyed with the public key (algorithm confusion)', async () => {
    const pair = generateKeyPairSync('ed25519');
    const ed = service({ jwtSecret: undefined, signingKey: pair });
    const { accessToken } = await ed.login('alice@example.com', PASSWORD);
    expect(JSON.parse(Buffer.from(accessToken.split('.')[0]!, 'base64url').toString('utf8'))).toEqual({ alg: 'EdDSA', typ: 'at+jwt' });
    expect((await ed.verifyAccessToken(accessToken)).userId).toBe(alice.id);

    const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const confused = await new SignJWT({ tid: TENANT, role: 'owner', perms: [...PERMISSIONS] })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setSubject(alice.id)
      .setIssuer('palisade')
      .setAudience('palisade-api')
      .setIssuedAt(Math.floor(clock.getTime() / 1000))
      .setExpirationTime(Math.floor(clock.getTime() / 1000) + 900)
      .sign(new TextEncoder().encode(publicPem));
    expect(await rejection(ed.verifyAccessToken(confused))).toMatchObject({ code: 'InvalidToken' });
    expect(await rejection(ed.verifyAccessToken((await auth.login('alice@example.com', PASSWORD)).accessToken))).toMatchObject({ code: 'InvalidToken' });
    expect(await rejection(service({ jwtSecret: undefined, signingKey: generateKeyPairSync('ed25519') }).verifyAccessToken(accessToken))).toMatchObject({ code: 'InvalidToken' });
  });

  it('refuse a weak or missing key at configuration time', () => {
    expect(() => service({ jwtSecret: 'short' })).toThrow(new AuthError('ConfigInvalid', 'jwtSecret: must be at least 32 bytes (256 bits) for HS256; it has 5.'));
    expect(() => service({ jwtSecret: undefined })).toThrow(/Give jwtSecret \(HS256, at least 32 bytes\) or signingKey/);
    expect(() => service({ signingKey: generateKeyPairSync('ed25519') })).toThrow('not both');
    expect(() => service({ jwtSecret: undefined, signingKey: generateKeyPairSync('rsa', { modulusLength: 1024 }) })).toThrow('signingKey.privateKey: must be an Ed25519 key for EdDSA; it is rsa.');
    expect(() => service({ accessTtlSeconds: 0 })).toThrow('accessTtlSeconds: must be a positive whole number; it is 0.');
  });
});

describe('refresh', () => {
  it('rotates: the new pair works, the old token is marked used, and the family is kept', async () => {
    const first = await auth.login('alice@example.com', PASSWORD);
    advance(600);
    const second = await auth.refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second).toMatchObject({ tenantId: TENANT, role: 'analyst', expiresIn: 900, refreshExpiresAt: '2026-03-31T10:10:00.000Z' });
    expect((await auth.verifyAccessToken(second.accessToken)).userId).toBe(alice.id);
    const [old, current] = store.refreshTokens;
    expect(old).toMatchObject({ hash: hashToken(first.refreshToken), usedAt: '2026-03-01T10:10:00.000Z' });
    expect(current).toMatchObject({ hash: hashToken(second.refreshToken), familyId: old!.familyId });
    expect(current!.usedAt).toBeUndefined();
    const third = await auth.refresh(second.refreshToken);
    expect(third.tenantId).toBe(TENANT);
  });

  it('revokes the whole family when a used token comes back (reuse detection)', async () => {
    const first = await auth.login('alice@example.com', PASSWORD);
    const otherSession = await auth.login('alice@example.com', PASSWORD);
    const second = await auth.refresh(first.refreshToken);

    const reuse = await rejection(auth.refresh(first.refreshToken));
    expect(reuse).toMatchObject({ code: 'RefreshTokenReused' });
    const family = store.refreshTokens.filter((token) => token.familyId === store.refreshTokens[0]!.familyId);
    expect(family).toHaveLength(2);
    expect(family.every((token) => token.revokedAt === '2026-03-01T10:00:00.000Z')).toBe(true);
    // The legitimate holder of the rotated token is signed out too…
    expect(await rejection(auth.refresh(second.refreshToken))).toMatchObject({ code: 'RefreshTokenReused' });
    // …but another sign-in's family is untouched.
    expect((await auth.refresh(otherSession.refreshToken)).tenantId).toBe(TENANT);
  });

  it('treats losing the race to mark a token used as reuse', async () => {
    const { refreshToken } = await auth.login('alice@example.com', PASSWORD);
    store.stealNextUse = true;
    expect(await rejection(auth.refresh(refreshToken))).toMatchObject({ code: 'RefreshTokenReused' });
    expect(store.refreshTokens[0]!.revokedAt).toBe('2026-03-01T10:00:00.000Z');
  });

  it('refuses an expired, unknown or empty token', async () => {
    const { refreshToken } = await auth.login('alice@example.com', PASSWORD);
    advance(30 * 24 * 3600);
    expect(await rejection(auth.refresh(refreshToken))).toMatchObject({ code: 'TokenExpired', message: 'The refresh token expired at 2026-03-31T10:00:00.000Z: sign in again.' });
    expect(await rejection(auth.refresh('A'.repeat(43)))).toMatchObject({ code: 'InvalidToken', message: 'The refresh token is not recognized.' });
    expect(await rejection(auth.refresh(''))).toMatchObject({ code: 'InvalidToken' });
  });

  it('ends the family of a user who was disabled or removed from the tenant', async () => {
    const disabledLogin = await auth.login('alice@example.com', PASSWORD);
    await store.system.updateUser(alice.id, { disabled: true });
    expect(await rejection(auth.refresh(disabledLogin.refreshToken))).toMatchObject({ code: 'InvalidToken' });
    expect(store.refreshTokens.every((token) => token.revokedAt !== undefined)).toBe(true);

    await store.system.updateUser(alice.id, { disabled: false });
    const removedLogin = await auth.login('alice@example.com', PASSWORD);
    store.memberships.splice(0, store.memberships.length);
    expect(await rejection(auth.refresh(removedLogin.refreshToken))).toMatchObject({ code: 'InvalidToken' });
  });

  it("picks up a role change at the next refresh", async () => {
    const { refreshToken } = await auth.login('alice@example.com', PASSWORD);
    store.memberships[0] = { ...store.memberships[0]!, role: 'admin' };
    const refreshed = await auth.refresh(refreshToken);
    expect(await auth.verifyAccessToken(refreshed.accessToken)).toMatchObject({ role: 'admin', permissions: PERMISSIONS });
  });

  it('logout revokes the family', async () => {
    const { refreshToken } = await auth.login('alice@example.com', PASSWORD);
    expect(await auth.logout(refreshToken)).toBe(true);
    expect(store.refreshTokens[0]!.revokedAt).toBe('2026-03-01T10:00:00.000Z');
    expect(await rejection(auth.refresh(refreshToken))).toMatchObject({ code: 'RefreshTokenReused' });
    expect(await auth.logout('unknown')).toBe(false);
  });
});

describe('API keys', () => {
  function storeKey(overrides: Partial<ApiKey> = {}): { key: string; record: ApiKey } {
    const { key, prefix, hash } = createApiKey();
    const record: ApiKey = { id: randomUUID(), tenantId: TENANT, name: 'ci', prefix, hash, role: 'analyst', createdBy: alice.id, createdAt: '2026-01-01T00:00:00.000Z', ...overrides };
    store.apiKeys.push(record);
    return { key, record };
  }

  it('have the pal_<prefix>_<secret> format and are stored as SHA-256 only', () => {
    const { key, prefix, hash } = createApiKey();
    expect(key).toMatch(/^pal_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    expect(prefix).toMatch(/^pal_[0-9a-f]{12}$/);
    expect(hash).toBe(hashToken(key));
    expect(createApiKey().key).not.toBe(key);
  });

  it('authenticate to the key role principal and record the use', async () => {
    const { key, record } = storeKey();
    advance(5);
    expect(await auth.authenticateApiKey(key)).toEqual({
      kind: 'api-key',
      apiKeyId: record.id,
      createdBy: alice.id,
      tenantId: TENANT,
      role: 'analyst',
      permissions: ['manage_scans', 'triage_findings', 'read'],
      actor: `api-key:${record.id}`,
    });
    expect(store.apiKeys[0]!.lastUsedAt).toBe('2026-03-01T10:00:05.000Z');
  });

  it('refuse a wrong secret, an unknown prefix and a malformed key, and do not record the attempt', async () => {
    const { key, record } = storeKey();
    const secret = key.slice(record.prefix.length + 1);
    const wrongSecret = `${record.prefix}_${(secret[0] === 'A' ? 'B' : 'A') + secret.slice(1)}`;
    expect(await rejection(auth.authenticateApiKey(wrongSecret))).toMatchObject({ code: 'InvalidApiKey', message: `The API key ${record.prefix} is not valid.` });
    expect(await rejection(auth.authenticateApiKey(createApiKey().key))).toMatchObject({ code: 'InvalidApiKey', message: expect.stringMatching(/is not valid\.$/) });
    for (const malformed of ['', 'pal_', `${key}x`, key.replace('pal_', 'pat_'), `Bearer ${key}`]) {
      expect(await rejection(auth.authenticateApiKey(malformed))).toMatchObject({ code: 'InvalidApiKey', message: expect.stringContaining('malformed') });
    }
    expect(store.apiKeys[0]!.lastUsedAt).toBeUndefined();
  });

  it('refuse an expired or revoked key', async () => {
    const expired = storeKey({ expiresAt: '2026-03-01T10:00:00.000Z' });
    const revoked = storeKey({ revokedAt: '2026-02-01T00:00:00.000Z' });
    const later = storeKey({ expiresAt: '2026-03-01T10:00:01.000Z' });
    expect(await rejection(auth.authenticateApiKey(expired.key))).toMatchObject({ code: 'InvalidApiKey', message: `The API key ${expired.record.prefix} expired at 2026-03-01T10:00:00.000Z.` });
    expect(await rejection(auth.authenticateApiKey(revoked.key))).toMatchObject({ code: 'InvalidApiKey', message: `The API key ${revoked.record.prefix} was revoked at 2026-02-01T00:00:00.000Z.` });
    expect((await auth.authenticateApiKey(later.key)).apiKeyId).toBe(later.record.id);
    expect(store.apiKeys.map((key) => key.lastUsedAt)).toEqual([undefined, undefined, '2026-03-01T10:00:00.000Z']);
  });

  it("take a custom role's permissions from the key's tenant", async () => {
    store.roles.push({ tenantId: TENANT, name: 'reader-plus', permissions: ['read', 'triage_findings'], createdAt: '2026-01-01T00:00:00.000Z' });
    const { key } = storeKey({ role: 'reader-plus' });
    const { key: orphan } = storeKey({ role: 'deleted-role' });
    expect((await auth.authenticateApiKey(key)).permissions).toEqual(['read', 'triage_findings']);
    expect((await auth.authenticateApiKey(orphan)).permissions).toEqual([]);
  });

  it('and access tokens share one bearer entry point', async () => {
    const { key, record } = storeKey();
    const { accessToken } = await auth.login('alice@example.com', PASSWORD);
    expect(await auth.authenticateBearer(key)).toMatchObject({ kind: 'api-key', apiKeyId: record.id });
    expect(await auth.authenticateBearer(accessToken)).toMatchObject({ kind: 'user', userId: alice.id });
    expect(await rejection(auth.authenticateBearer('pal_garbage'))).toMatchObject({ code: 'InvalidApiKey' });
  });
});
