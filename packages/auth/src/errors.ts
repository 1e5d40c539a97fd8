/**
 * Typed errors of sign-in, tokens, API keys, permissions and sealed secrets, with stable codes.
 * Only the API maps them to HTTP statuses; messages never contain a password, token, key or
 * plaintext secret.
 */

export const AUTH_ERROR_CODES = {
  InvalidCredentials: 'The email, password or tenant is wrong; one message for all three so that none of them can be probed.',
  AccountLocked: 'Too many failed sign-ins: the account is locked until the time given.',
  TenantRequired: 'The user belongs to several tenants and the sign-in named none of them.',
  InvalidToken: 'The access or refresh token is malformed, forged, revoked, for another issuer or audience, or its user no longer has access.',
  TokenExpired: 'The access or refresh token has expired.',
  RefreshTokenReused: 'A refresh token was presented again after it had been used or revoked: every token of its sign-in is revoked.',
  InvalidApiKey: 'The API key is malformed, unknown, wrong, expired or revoked.',
  Forbidden: 'The principal lacks the permission the operation needs.',
  PasswordPolicy: 'A new password does not meet the policy (length); the message names the field.',
  ConfigInvalid: 'The sign-in service is misconfigured (a JWT secret shorter than 32 bytes, a signing key that is not Ed25519, a bad lifetime).',
  MasterKeyInvalid: 'The master key (PALISADE_MASTER_KEY or its key file) is missing, malformed or not 32 bytes.',
  SecretKeyMismatch: 'A sealed secret was wrapped under another master key than the one given (the kekIds differ).',
  SecretTampered: 'A sealed secret failed authentication: a byte was changed, or it is opened for another tenant or purpose.',
  SecretMalformed: 'A sealed secret has a missing or malformed field.',
} as const;

export type AuthErrorCode = keyof typeof AUTH_ERROR_CODES;

export class AuthError extends Error {
  override readonly name: string = 'AuthError';
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Sign-in refused while the account is locked; says until when, never whether the password was right. */
export class AccountLockedError extends AuthError {
  override readonly name = 'AccountLockedError';
  constructor(readonly lockedUntil: string) {
    super('AccountLocked', `Too many failed sign-ins: the account is locked until ${lockedUntil}.`);
  }
}

/** The password was right but the user is in several tenants: the client must pick one of these. */
export class TenantRequiredError extends AuthError {
  override readonly name = 'TenantRequiredError';
  constructor(readonly tenants: readonly { readonly tenantId: string; readonly role: string }[]) {
    super('TenantRequired', `This user belongs to ${tenants.length} tenants: sign in again naming one (tenantId).`);
  }
}

export class PasswordPolicyError extends AuthError {
  override readonly name = 'PasswordPolicyError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('PasswordPolicy', `${field}: ${message}`);
  }
}

export class SecretError extends AuthError {
  override readonly name = 'SecretError';
  constructor(code: 'MasterKeyInvalid' | 'SecretKeyMismatch' | 'SecretTampered' | 'SecretMalformed', message: string, options?: { readonly cause?: unknown }) {
    super(code, message, options);
  }
}
