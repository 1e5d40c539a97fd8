/**
 * The REST API (`/api/v1`): Fastify with JSON Schema validation of every body, query and path
 * parameter (unknown fields rejected), OpenAPI 3.1 generated from the same schemas
 * (`/api/v1/openapi.json`, interactive docs at `/api/docs`), bearer authentication (an access token
 * or an API key) and a permission per route. Tenancy comes from the principal only: every handler
 * reaches data through `store.forTenant(principal.tenantId)`, so an id of another tenant answers
 * 404 exactly like a missing one.
 *
 * No scan logic lives here: scans are queued in the store and run by the platform's job runner.
 */
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuthError, can } from '@palisade/auth';
import type { AuthService, PasswordHasher, Principal, SecretSealer } from '@palisade/auth';
import type { AlertDispatcher, EventScans, ScanJobRunner } from '@palisade/platform';
import type { Permission, Store } from '@palisade/store';
import { ApiError, errorBody, sendError } from './errors.ts';
import { authRoutes } from './routes/auth.ts';
import { eventRoutes } from './routes/events.ts';
import { findingRoutes } from './routes/findings.ts';
import { integrationRoutes } from './routes/integrations.ts';
import { memberRoutes } from './routes/members.ts';
import { muteRoutes } from './routes/mutes.ts';
import { providerRoutes } from './routes/providers.ts';
import { scanRoutes } from './routes/scans.ts';
import { tenantRoutes } from './routes/tenant.ts';
import { ErrorSchema } from './schemas.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
  interface FastifyContextConfig {
    /** The permission a route needs; `public` routes need no credentials. */
    permission?: Permission | 'public' | 'authenticated';
  }
}

export interface ApiDeps {
  readonly store: Store;
  readonly auth: AuthService;
  readonly sealer: SecretSealer;
  readonly runner: Pick<ScanJobRunner, 'wake' | 'cancel'>;
  /** Change events → targeted re-scans (`POST /events`). */
  readonly events: Pick<EventScans, 'receive'>;
  /** Test messages to integrations (`POST /integrations/{id}/test`). */
  readonly alerts: Pick<AlertDispatcher, 'testIntegration'>;
  /** Where scan reports are written (`<reportsDir>/<scanId>/…`). */
  readonly reportsDir: string;
  /**
   * When reports are kept in an object store (the serverless deployment's reports bucket): a
   * short-lived link to one report file, which the download answers with a redirect.
   */
  readonly reportLink?: (tenantId: string, scanId: string, fileName: string) => Promise<string>;
  readonly passwords: PasswordHasher;
  /** Checks that a provider's settings and credentials connect (`POST /providers/{id}/test`). */
  /** `tenantId` and `subscriptions` (how many the identity sees there): what an Azure provider's test found. */
  readonly testConnection: (
    provider: { readonly type: string; readonly config: Readonly<Record<string, unknown>> },
    credentials: Readonly<Record<string, unknown>> | undefined,
  ) => Promise<{ readonly ok: boolean; readonly tenantId?: string; readonly subscriptions?: number; readonly error?: { readonly code: string; readonly message: string } }>;
  readonly now?: () => Date;
}

export interface ServerOptions {
  /** Pino options or false; secrets are redacted from every log line whatever is given. */
  readonly logger?: boolean | Record<string, unknown>;
  /** Largest request body, bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  readonly https?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /** Sign-in attempts per client address per minute (default 10). */
  readonly loginRateLimit?: number;
}

export const API_PREFIX = '/api/v1';
export const API_VERSION = '1.0.0';

/** Log fields that may carry secrets; pino replaces them. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body.password',
  'req.body.credentials',
  'req.body.refreshToken',
  '*.password',
  '*.secretAccessKey',
  '*.sessionToken',
  '*.refreshToken',
  '*.accessToken',
  '*.key',
  'req.body.secret',
  '*.signingSecret',
  '*.webhookUrl',
  '*.apiToken',
];

export async function buildServer(deps: ApiDeps, options: ServerOptions = {}): Promise<FastifyInstance> {
  const logger = options.logger === undefined || options.logger === true ? { level: 'info', redact: { paths: REDACT, censor: '[redacted]' } } : options.logger === false ? false : { ...options.logger, redact: { paths: REDACT, censor: '[redacted]' } };
  const app = Fastify({
    logger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    ...(options.https ? { https: options.https } : {}),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    // Unknown fields in a body are errors, not silently dropped: see the schemas' additionalProperties.
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('principal', undefined);
  app.addSchema(ErrorSchema);
  await app.register(helmet, { contentSecurityPolicy: false, global: true });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Palisade API', version: API_VERSION, description: 'Cloud security posture: providers, scans, findings, compliance.' },
      servers: [{ url: '/' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An access token from /auth/login, or an API key (pal_…)' } } },
      security: [{ bearer: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => (typeof json['$id'] === 'string' ? json['$id'] : `def-${index}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.setErrorHandler((error, request, reply) => sendError(error instanceof AuthError ? authError(error) : error, request, reply));
  app.setNotFoundHandler((request, reply) => reply.status(404).send(errorBody('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)));

  // Every route needs a principal unless it says otherwise; the permission is checked before the handler.
  app.addHook('onRequest', async (request) => {
    const permission = request.routeOptions.config.permission;
    if (permission === 'public' || !request.url.startsWith(API_PREFIX)) return;
    request.principal = await authenticate(deps.auth, request);
    if (permission && permission !== 'authenticated' && !can(request.principal, permission)) {
      throw new ApiError(403, 'FORBIDDEN', `the ${request.principal.role} role lacks the ${permission} permission`);
    }
  });

  app.get(`${API_PREFIX}/openapi.json`, { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
  app.get(`${API_PREFIX}/health`, { config: { permission: 'public' }, schema: { tags: ['meta'], security: [], response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } }, async () => ({ status: 'ok' }));

  await app.register(async (api) => {
    await authRoutes(api, deps, options);
    await tenantRoutes(api, deps);
    await memberRoutes(api, deps);
    await providerRoutes(api, deps);
    await scanRoutes(api, deps);
    await findingRoutes(api, deps);
    await muteRoutes(api, deps);
    await eventRoutes(api, deps);
    await integrationRoutes(api, deps);
  }, { prefix: API_PREFIX });
  return app;
}

async function authenticate(auth: AuthService, request: FastifyRequest): Promise<Principal> {
  const header = request.headers.authorization;
  if (!header) throw new ApiError(401, 'UNAUTHENTICATED', 'send Authorization: Bearer <access token or API key>');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError(401, 'UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
  return auth.authenticateBearer(match[1]!);
}

/** Sign-in and token errors as HTTP answers; messages never include the token or password. */
function authError(error: AuthError): ApiError {
  switch (error.code) {
    case 'Forbidden':
      return new ApiError(403, 'FORBIDDEN', error.message);
    case 'AccountLocked':
      return new ApiError(423, 'ACCOUNT_LOCKED', error.message);
    case 'TenantRequired':
      return new ApiError(400, 'TENANT_REQUIRED', error.message, 'tenantId');
    case 'PasswordPolicy':
      return new ApiError(400, 'VALIDATION_FAILED', error.message, (error as { field?: string }).field);
    case 'InvalidCredentials':
      return new ApiError(401, 'INVALID_CREDENTIALS', error.message);
    case 'TokenExpired':
      return new ApiError(401, 'TOKEN_EXPIRED', error.message);
    case 'RefreshTokenReused':
      return new ApiError(401, 'REFRESH_TOKEN_REUSED', error.message);
    case 'InvalidToken':
    case 'InvalidApiKey':
      return new ApiError(401, 'UNAUTHENTICATED', error.message);
    default:
      return new ApiError(500, 'INTERNAL', 'internal error');
  }
}

/** The principal of an authenticated route (the onRequest hook guarantees one). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError(401, 'UNAUTHENTICATED', 'not signed in');
  return request.principal;
}

export type Api = FastifyInstance;
export type Reply = FastifyReply;
