/**
 * @palisade/auth — who is calling and what they may do, and the secrets kept for them: argon2id
 * passwords with lockout, short-lived JWT access tokens with rotating refresh tokens (reuse
 * revokes the sign-in), API keys, role permissions, envelope-encrypted secrets under a master key,
 * and log redaction. Written against the `@palisade/store` interface; no database of its own.
 */
export { createAccessTokens, type AccessTokenOptions, type AccessTokens, type TokenSigning } from './access-tokens.ts';
export { apiKeyPrefix, createApiKey, looksLikeApiKey, type NewApiKey } from './api-keys.ts';
export { createAuthService, type AuthService, type AuthServiceOptions, type AuthStore, type LockoutPolicy, type SignInResult } from './auth-service.ts';
export { AUTH_ERROR_CODES, AccountLockedError, AuthError, PasswordPolicyError, SecretError, TenantRequiredError, type AuthErrorCode } from './errors.ts';
export { MASTER_KEY_ENV, MASTER_KEY_FILE_ENV, MASTER_KEY_FILE_NAME, loadMasterKey, loadOrCreateMasterKey, parseMasterKey, type LoadedMasterKey, type MasterKeyOptions } from './master-key.ts';
export {
  OWASP_ARGON2_PARAMETERS,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  checkPasswordPolicy,
  createPasswordHasher,
  dummyPasswordHash,
  hashPassword,
  verifyPassword,
  type Argon2Parameters,
  type PasswordHasher,
} from './passwords.ts';
export { assertCan, can, isBuiltInRole, isPermission, permissionsOf, type ApiKeyPrincipal, type BuiltInRole, type Principal, type UserPrincipal } from './permissions.ts';
export { hashToken, hashesEqual, randomToken } from './random-tokens.ts';
export { REDACTED, isSecretFieldName, redact } from './redact.ts';
export { createSecretSealer, masterKeyId, rewrapAllSecrets, type RewrapReport, type SecretContext, type SecretSealer, type SecretValue } from './sealed-secrets.ts';
