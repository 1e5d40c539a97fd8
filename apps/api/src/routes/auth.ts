/** Sign-in: login, refresh (rotating), logout, and who the caller is. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ApiDeps, ServerOptions } from '../server.ts';
import { principalOf } from '../server.ts';
import { commonErrors, errorRef } from '../schemas.ts';

const Tokens = Type.Object(
  {
    accessToken: Type.String(),
    refreshToken: Type.String(),
    tokenType: Type.Literal('Bearer'),
    expiresIn: Type.Integer({ description: 'seconds the access token is valid' }),
    refreshExpiresAt: Type.String({ format: 'date-time' }),
    tenantId: Type.String(),
    role: Type.String(),
  },
  { additionalProperties: false },
);

export async function authRoutes(server: FastifyInstance, deps: ApiDeps, options: ServerOptions): Promise<void> {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const { auth } = deps;
  const tags = ['auth'];

  app.post(
    '/auth/login',
    {
      config: { permission: 'public', rateLimit: { max: options.loginRateLimit ?? 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        security: [],
        summary: 'Sign in with email and password',
        body: Type.Object(
          { email: Type.String({ minLength: 3, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }), tenantId: Type.Optional(Type.String({ maxLength: 128 })) },
          { additionalProperties: false },
        ),
        response: { 200: Tokens, 400: errorRef, 401: errorRef, 423: errorRef, 429: errorRef },
      },
    },
    async (request) => {
      const result = await auth.login(request.body.email, request.body.password, request.body.tenantId);
      await deps.store.forTenant(result.tenantId).audit({ actor: 'system', action: 'auth.login', target: `user-email:${request.body.email.toLowerCase()}`, ip: request.ip });
      return result;
    },
  );

  app.post(
    '/auth/refresh',
    {
      config: { permission: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: { tags, security: [], summary: 'Rotate a refresh token', body: Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 512 }) }, { additionalProperties: false }), response: { 200: Tokens, 400: errorRef, 401: errorRef, 429: errorRef } },
    },
    async (request) => auth.refresh(request.body.refreshToken),
  );

  app.post(
    '/auth/logout',
    {
      config: { permission: 'public' },
      schema: { tags, security: [], summary: 'Revoke a refresh token and its sign-in', body: Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 512 }) }, { additionalProperties: false }), response: { 204: Type.Null(), 400: errorRef } },
    },
    async (request, reply) => {
      await auth.logout(request.body.refreshToken);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'The caller: tenant, role and permissions',
        response: { 200: Type.Object({ kind: Type.String(), tenantId: Type.String(), role: Type.String(), permissions: Type.Array(Type.String()), actor: Type.String() }, { additionalProperties: false }), ...commonErrors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return { kind: principal.kind, tenantId: principal.tenantId, role: principal.role, permissions: [...principal.permissions], actor: principal.actor };
    },
  );
}
