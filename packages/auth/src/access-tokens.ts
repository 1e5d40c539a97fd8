/**
 * Access tokens: short-lived JWTs (`typ: at+jwt`) signed with HS256 (a shared secret of at least
 * 32 bytes) or EdDSA (an Ed25519 key pair, so that verifiers need only the public key). Verification
 * accepts exactly the configured algorithm (never `none`, never HS256 keyed with a public key),
 * checks issuer, audience, type and expiry against the injected clock, and validates the claims.
 *
 * Claims: `sub` user id, `tid` tenant id, `role`, `perms` the role's permissions when the token
 * was issued. A role change therefore takes effect at the next refresh, within the access
 * lifetime (15 minutes by default).
 */
import { KeyObject, type webcrypto } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import type { Permission } from '@palisade/store';
import { AuthError } from './errors.ts';
import { isPermission, type UserPrincipal } from './permissions.ts';

export type TokenSigning =
  | { readonly jwtSecret: string | Uint8Array }
  | { readonly signingKey: { readonly privateKey: KeyObject | webcrypto.CryptoKey; readonly publicKey: KeyObject | webcrypto.CryptoKey } };

export interface AccessTokenOptions {
  readonly signing: TokenSigning;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  readonly now: () => Date;
}

export interface AccessTokens {
  sign(claims: { readonly userId: string; readonly tenantId: string; readonly role: string; readonly permissions: readonly Permission[] }): Promise<string>;
  verify(token: string): Promise<UserPrincipal>;
}

const TOKEN_TYPE = 'at+jwt';
const MIN_SECRET_BYTES = 32;

export function createAccessTokens(options: AccessTokenOptions): AccessTokens {
  const { algorithm, signKey, verifyKey } = keysOf(options.signing);
  return {
    async sign(claims) {
      const issuedAt = Math.floor(options.now().getTime() / 1000);
      return new SignJWT({ tid: claims.tenantId, role: claims.role, perms: [...claims.permissions] })
        .setProtectedHeader({ alg: algorithm, typ: TOKEN_TYPE })
        .setSubject(claims.userId)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + options.ttlSeconds)
        .sign(signKey);
    },
    async verify(token) {
      if (typeof token !== 'string' || token === '') throw new AuthError('InvalidToken', 'The access token is missing.');
      let payload;
      try {
        ({ payload } = await jwtVerify(token, verifyKey, {
          algorithms: [algorithm],
          issuer: options.issuer,
          audience: options.audience,
          typ: TOKEN_TYPE,
          currentDate: options.now(),
          requiredClaims: ['sub', 'exp', 'iat'],
        }));
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw new AuthError('TokenExpired', 'The access token has expired: refresh it.', { cause: error });
        if (error instanceof joseErrors.JOSEError) throw new AuthError('InvalidToken', `The access token is invalid (${error.code}).`, { cause: error });
        throw error;
      }
      const { sub, tid, role, perms } = payload;
      if (typeof sub !== 'string' || typeof tid !== 'string' || typeof role !== 'string' || !Array.isArray(perms) || !perms.every(isPermission)) {
        throw new AuthError('InvalidToken', 'The access token lacks its user, tenant, role or permissions.');
      }
      return { kind: 'user', userId: sub, tenantId: tid, role, permissions: perms, actor: `user:${sub}` };
    },
  };
}

function keysOf(signing: TokenSigning): { algorithm: 'HS256' | 'EdDSA'; signKey: KeyObject | webcrypto.CryptoKey | Uint8Array; verifyKey: KeyObject | webcrypto.CryptoKey | Uint8Array } {
  if ('jwtSecret' in signing) {
    const secret = typeof signing.jwtSecret === 'string' ? new TextEncoder().encode(signing.jwtSecret) : signing.jwtSecret;
    if (secret.byteLength < MIN_SECRET_BYTES) {
      throw new AuthError('ConfigInvalid', `jwtSecret: must be at least ${MIN_SECRET_BYTES} bytes (256 bits) for HS256; it has ${secret.byteLength}.`);
    }
    return { algorithm: 'HS256', signKey: secret, verifyKey: secret };
  }
  for (const name of ['privateKey', 'publicKey'] as const) {
    const key = signing.signingKey[name];
    const type = key instanceof KeyObject ? key.asymmetricKeyType : key.algorithm.name.toLowerCase();
    if (type !== 'ed25519') throw new AuthError('ConfigInvalid', `signingKey.${name}: must be an Ed25519 key for EdDSA; it is ${type ?? 'a secret key'}.`);
  }
  return { algorithm: 'EdDSA', signKey: signing.signingKey.privateKey, verifyKey: signing.signingKey.publicKey };
}
