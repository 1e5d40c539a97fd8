/**
 * Sign-in, token refresh and request authentication over the store.
 *
 * - `login` checks the password with argon2id; an unknown email is checked against a dummy hash of
 *   the same parameters, so its answer takes the same work and carries the same error as a wrong
 *   password, a disabled user, an unknown tenant or a tenant the user is not a member of.
 * - After `lockout.maxFailures` wrong passwords in a row the account is locked for
 *   `lockout.lockMinutes`; while locked every attempt is refused with the unlock time, whatever
 *   the password (the hash is still checked, for the same work, and the result ignored).
 * - A sign-in starts a refresh token family. `refresh` rotates: the presented token is marked used
 *   and a new one of the same family issued. A token presented again after use or revocation means
 *   that two parties hold it (one of them stole it): the whole family is revoked, so both must sign
 *   in again. Each new refresh token lives `refreshTtlSeconds` from its rotation (sliding), so a
 *   session idle that long ends.
 * - `authenticateApiKey` finds a key by its prefix and compares the whole key's SHA-256 in
 *   constant time.
 */
import { randomUUID } from 'node:crypto';
import type { ApiKey, Membership, Permission, SystemStore, TenantStore } from '@palisade/store';
import { apiKeyPrefix, looksLikeApiKey } from './api-keys.ts';
import { createAccessTokens, type TokenSigning } from './access-tokens.ts';
import { AccountLockedError, AuthError, TenantRequiredError } from './errors.ts';
import { createPasswordHasher, dummyPasswordHash, type PasswordHasher } from './passwords.ts';
import { isBuiltInRole, permissionsOf, type ApiKeyPrincipal, type Principal, type UserPrincipal } from './permissions.ts';
import { hashToken, hashesEqual, randomToken } from './random-tokens.ts';

/** The store operations sign-in needs: the cross-tenant ones, and a tenant's custom roles. */
export interface AuthStore {
  readonly system: Pick<
    SystemStore,
    | 'findUserByEmail'
    | 'getUser'
    | 'updateUser'
    | 'membershipsOfUser'
    | 'findApiKeyByPrefix'
    | 'touchApiKey'
    | 'createRefreshToken'
    | 'findRefreshToken'
    | 'useRefreshToken'
    | 'revokeRefreshFamily'
  >;
  forTenant(tenantId: string): Pick<TenantStore, 'getRole'>;
}

export interface LockoutPolicy {
  /** Wrong passwords in a row that lock the account. */
  readonly maxFailures: number;
  readonly lockMinutes: number;
}

export interface AuthServiceOptions {
  readonly store: AuthStore;
  /** HS256 secret, at least 32 bytes. Give this or `signingKey`. */
  readonly jwtSecret?: string | Uint8Array;
  /** Ed25519 key pair for EdDSA. */
  readonly signingKey?: Extract<TokenSigning, { signingKey: unknown }>['signingKey'];
  /** Default `palisade`. */
  readonly issuer?: string;
  /** Default `palisade-api`. */
  readonly audience?: string;
  readonly now?: () => Date;
  /** Default 900 (15 minutes). */
  readonly accessTtlSeconds?: number;
  /** Default 30 days. */
  readonly refreshTtlSeconds?: number;
  /** Default 5 failures lock for 15 minutes. */
  readonly lockout?: LockoutPolicy;
  /** Default argon2id at the OWASP parameters. */
  readonly passwords?: PasswordHasher;
}

export interface SignInResult {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds the access token is valid. */
  readonly expiresIn: number;
  readonly refreshExpiresAt: string;
  readonly tenantId: string;
  readonly role: string;
}

export interface AuthService {
  /** Throws `InvalidCredentials`, `AccountLockedError` or `TenantRequiredError` (with the user's tenants). */
  login(email: string, password: string, tenantId?: string): Promise<SignInResult>;
  /** Rotates a refresh token; throws `InvalidToken`, `TokenExpired` or `RefreshTokenReused`. */
  refresh(refreshToken: string): Promise<SignInResult>;
  /** Revokes the refresh token's family (sign-out); false for an unknown token. */
  logout(refreshToken: string): Promise<boolean>;
  verifyAccessToken(accessToken: string): Promise<UserPrincipal>;
  authenticateApiKey(key: string): Promise<ApiKeyPrincipal>;
  /** The value of an `Authorization: Bearer …` header: an API key (`pal_…`) or an access token. */
  authenticateBearer(token: string): Promise<Principal>;
  /** The permissions of a role in a tenant (built-in, or the tenant's custom role). */
  permissionsFor(tenantId: string, role: string): Promise<readonly Permission[]>;
}

const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };
const INVALID_CREDENTIALS = 'Invalid email, password or tenant.';

export function createAuthService(options: AuthServiceOptions): AuthService {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const accessTtlSeconds = positiveInteger(options.accessTtlSeconds ?? 900, 'accessTtlSeconds');
  const refreshTtlSeconds = positiveInteger(options.refreshTtlSeconds ?? 30 * 24 * 3600, 'refreshTtlSeconds');
  const lockout = options.lockout ?? DEFAULT_LOCKOUT;
  positiveInteger(lockout.maxFailures, 'lockout.maxFailures');
  positiveInteger(lockout.lockMinutes, 'lockout.lockMinutes');
  const passwords = options.passwords ?? createPasswordHasher();
  const accessTokens = createAccessTokens({
    signing: signingOf(options),
    issuer: options.issuer ?? 'palisade',
    audience: options.audience ?? 'palisade-api',
    ttlSeconds: accessTtlSeconds,
    now,
  });
  // Made now, so that the first unknown email does not pay for it (a slower first answer would tell).
  const dummyHash = dummyPasswordHash(passwords);
  dummyHash.catch(() => undefined);
  const invalidCredentials = () => new AuthError('InvalidCredentials', INVALID_CREDENTIALS);

  async function permissionsFor(tenantId: string, role: string): Promise<readonly Permission[]> {
    if (isBuiltInRole(role)) return permissionsOf(role);
    const custom = await store.forTenant(tenantId).getRole(role);
    return permissionsOf(role, custom ? [custom] : []);
  }

  async function issue(userId: string, membership: Membership, familyId: string): Promise<SignInResult> {
    const at = now();
    const permissions = await permissionsFor(membership.tenantId, membership.role);
    const accessToken = await accessTokens.sign({ userId, tenantId: membership.tenantId, role: membership.role, permissions });
    const refreshToken = randomToken(32);
    const refreshExpiresAt = new Date(at.getTime() + refreshTtlSeconds * 1000).toISOString();
    await store.system.createRefreshToken({ userId, tenantId: membership.tenantId, hash: hashToken(refreshToken), familyId, expiresAt: refreshExpiresAt });
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: accessTtlSeconds, refreshExpiresAt, tenantId: membership.tenantId, role: membership.role };
  }

  async function login(email: string, password: string, tenantId?: string): Promise<SignInResult> {
    if (typeof email !== 'string' || typeof password !== 'string') throw invalidCredentials();
    const user = await store.system.findUserByEmail(email.trim().toLowerCase());
    if (!user) {
      await passwords.verify(await dummyHash, password);
      throw invalidCredentials();
    }
    const at = now();
    if (user.lockedUntil !== undefined && Date.parse(user.lockedUntil) > at.getTime()) {
      await passwords.verify(user.passwordHash, password);
      throw new AccountLockedError(user.lockedUntil);
    }
    if (!(await passwords.verify(user.passwordHash, password))) {
      const failures = user.failedLogins + 1;
      if (failures >= lockout.maxFailures) {
        const lockedUntil = new Date(at.getTime() + lockout.lockMinutes * 60_000).toISOString();
        await store.system.updateUser(user.id, { failedLogins: 0, lockedUntil });
        throw new AccountLockedError(lockedUntil);
      }
      await store.system.updateUser(user.id, { failedLogins: failures });
      throw invalidCredentials();
    }
    if (user.disabled) throw invalidCredentials();
    const memberships = await store.system.membershipsOfUser(user.id);
    let membership: Membership | undefined;
    if (tenantId !== undefined) membership = memberships.find((candidate) => candidate.tenantId === tenantId);
    else if (memberships.length === 1) membership = memberships[0];
    else if (memberships.length > 1) throw new TenantRequiredError(memberships.map(({ tenantId: id, role }) => ({ tenantId: id, role })));
    if (!membership) throw invalidCredentials();
    await store.system.updateUser(user.id, {
      failedLogins: 0,
      lockedUntil: null,
      lastLoginAt: at.toISOString(),
      ...(passwords.needsRehash(user.passwordHash) ? { passwordHash: await passwords.hash(password) } : {}),
    });
    return issue(user.id, membership, randomUUID());
  }

  async function refresh(refreshToken: string): Promise<SignInResult> {
    if (typeof refreshToken !== 'string' || refreshToken === '') throw new AuthError('InvalidToken', 'The refresh token is missing.');
    const record = await store.system.findRefreshToken(hashToken(refreshToken));
    if (!record) throw new AuthError('InvalidToken', 'The refresh token is not recognized.');
    const at = now();
    const reused = async () => {
      await store.system.revokeRefreshFamily(record.familyId, at.toISOString());
      return new AuthError('RefreshTokenReused', 'This refresh token was already used or revoked: every session of this sign-in is revoked; sign in again.');
    };
    if (record.usedAt !== undefined || record.revokedAt !== undefined) throw await reused();
    if (Date.parse(record.expiresAt) <= at.getTime()) throw new AuthError('TokenExpired', `The refresh token expired at ${record.expiresAt}: sign in again.`);
    // Marking it used is the atomic step: of two concurrent refreshes with one token, one wins.
    if (!(await store.system.useRefreshToken(record.id, at.toISOString()))) throw await reused();
    const user = await store.system.getUser(record.userId);
    const membership = user && !user.disabled ? (await store.system.membershipsOfUser(user.id)).find((candidate) => candidate.tenantId === record.tenantId) : undefined;
    if (!user || !membership) {
      await store.system.revokeRefreshFamily(record.familyId, at.toISOString());
      throw new AuthError('InvalidToken', 'The user of this refresh token is disabled or no longer a member of its tenant.');
    }
    return issue(user.id, membership, record.familyId);
  }

  async function logout(refreshToken: string): Promise<boolean> {
    if (typeof refreshToken !== 'string' || refreshToken === '') return false;
    const record = await store.system.findRefreshToken(hashToken(refreshToken));
    if (!record) return false;
    await store.system.revokeRefreshFamily(record.familyId, now().toISOString());
    return true;
  }

  async function authenticateApiKey(key: string): Promise<ApiKeyPrincipal> {
    const prefix = typeof key === 'string' ? apiKeyPrefix(key) : undefined;
    if (!prefix) throw new AuthError('InvalidApiKey', 'The API key is malformed (expected pal_<12 hex>_<43 characters>).');
    const record: ApiKey | undefined = await store.system.findApiKeyByPrefix(prefix);
    const presented = hashToken(key);
    // Compared even for an unknown prefix, so that both cost the same.
    const matches = hashesEqual(presented, record?.hash ?? hashToken(`${prefix}_unknown`));
    if (!record || !matches) throw new AuthError('InvalidApiKey', `The API key ${prefix} is not valid.`);
    const at = now();
    if (record.revokedAt !== undefined) throw new AuthError('InvalidApiKey', `The API key ${prefix} was revoked at ${record.revokedAt}.`);
    if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= at.getTime()) throw new AuthError('InvalidApiKey', `The API key ${prefix} expired at ${record.expiresAt}.`);
    await store.system.touchApiKey(record.id, at.toISOString());
    const permissions = await permissionsFor(record.tenantId, record.role);
    return { kind: 'api-key', apiKeyId: record.id, createdBy: record.createdBy, tenantId: record.tenantId, role: record.role, permissions, actor: `api-key:${record.id}` };
  }

  return {
    login,
    refresh,
    logout,
    verifyAccessToken: (accessToken) => accessTokens.verify(accessToken),
    authenticateApiKey,
    authenticateBearer: (token) => (typeof token === 'string' && looksLikeApiKey(token) ? authenticateApiKey(token) : accessTokens.verify(token)),
    permissionsFor,
  };
}

function signingOf(options: AuthServiceOptions): TokenSigning {
  if (options.jwtSecret !== undefined && options.signingKey !== undefined) throw new AuthError('ConfigInvalid', 'Give jwtSecret (HS256) or signingKey (EdDSA), not both.');
  if (options.jwtSecret !== undefined) return { jwtSecret: options.jwtSecret };
  if (options.signingKey !== undefined) return { signingKey: options.signingKey };
  throw new AuthError('ConfigInvalid', 'Give jwtSecret (HS256, at least 32 bytes) or signingKey (an Ed25519 key pair for EdDSA).');
}

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new AuthError('ConfigInvalid', `${field}: must be a positive whole number; it is ${value}.`);
  return value;
}
