import { describe, expect, it } from 'vitest';
import { REDACTED, isSecretFieldName, redact } from './redact.ts';

describe('redact', () => {
  it('replaces secret fields at any depth and keeps the rest', () => {
    const input = {
      provider: 'aws',
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 's' },
      assumed: { accessKeyId: 'ASIA', secretAccessKey: 's', sessionToken: 't', expiration: '2026-01-01' },
      request: { headers: { Authorization: 'Bearer x', 'x-api-key': 'pal_x', cookie: 'sid=1', accept: 'json' } },
      user: { email: 'a@example.com', password: 'p', passwordHash: '$argon2id$…', newPassword: 'n' },
      tokens: [{ accessToken: 'a', refreshToken: 'r', expiresIn: 900 }],
      created: { id: 'k1', keyId: 'k1', prefix: 'pal_0123456789ab', key: 'pal_0123456789ab_secret', hash: 'h' },
      apiKey: { id: 'k2', prefix: 'pal_ba9876543210' },
      sealed: { secretId: 's1', kekId: 'abcd', wrappedKey: 'w', privateKey: 'pk', client_secret: 'c' },
      token: 't',
      count: 3,
      nothing: null,
    };
    expect(redact(input)).toEqual({
      provider: 'aws',
      credentials: REDACTED,
      assumed: { accessKeyId: 'ASIA', secretAccessKey: REDACTED, sessionToken: REDACTED, expiration: '2026-01-01' },
      request: { headers: { Authorization: REDACTED, 'x-api-key': REDACTED, cookie: REDACTED, accept: 'json' } },
      user: { email: 'a@example.com', password: REDACTED, passwordHash: REDACTED, newPassword: REDACTED },
      tokens: REDACTED,
      created: { id: 'k1', keyId: 'k1', prefix: 'pal_0123456789ab', key: REDACTED, hash: 'h' },
      // A secret-named field goes whole, whatever it holds.
      apiKey: REDACTED,
      sealed: { secretId: 's1', kekId: 'abcd', wrappedKey: REDACTED, privateKey: REDACTED, client_secret: REDACTED },
      token: REDACTED,
      count: 3,
      nothing: null,
    });
    expect(input.credentials.secretAccessKey).toBe('s');
  });

  it('goes through arrays, maps and errors, and survives cycles', () => {
    const error = Object.assign(new Error('AssumeRole failed'), { sessionToken: 't', code: 'AccessDenied' });
    const cyclic: Record<string, unknown> = { name: 'loop', password: 'p' };
    cyclic.self = cyclic;
    const shared = { a: 1 };
    expect(redact([{ token: 't' }, 'plain', 1])).toEqual([{ token: REDACTED }, 'plain', 1]);
    expect(redact(new Map<string, unknown>([['apiKey', 'k'], ['region', { sessionToken: 't' }]]))).toEqual(new Map<string, unknown>([['apiKey', REDACTED], ['region', { sessionToken: REDACTED }]]));
    expect(redact({ error })).toEqual({ error: { name: 'Error', message: 'AssumeRole failed', stack: error.stack, sessionToken: REDACTED, code: 'AccessDenied' } });
    expect(redact(cyclic)).toEqual({ name: 'loop', password: REDACTED, self: '[circular]' });
    expect(redact({ left: shared, right: shared })).toEqual({ left: { a: 1 }, right: { a: 1 } });
    expect(redact('a string')).toBe('a string');
    expect(redact(undefined)).toBeUndefined();
  });

  it.each([
    ['secretAccessKey', true],
    ['SECRET_ACCESS_KEY', true],
    ['sessionToken', true],
    ['session_token', true],
    ['password', true],
    ['token', true],
    ['key', true],
    ['masterKey', true],
    ['authorization', true],
    ['credentials', true],
    ['keyId', false],
    ['accessKeyId', false],
    ['prefix', false],
    ['keyPrefix', false],
    ['kekId', false],
    ['tokenType', false],
    ['region', false],
  ])('%s is secret: %s', (name, secret) => {
    expect(isSecretFieldName(name)).toBe(secret);
  });
});
